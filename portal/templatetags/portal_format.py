"""Dates and salaries in the reader's language (`portal.formatting`).

{% load portal_format %} then `{{ role.valid_until|long_date }}`,
`{{ week|short_date }}`, `{% salary_range role.salary_min role.salary_max %}`.
"""

from django import template

from portal import formatting

register = template.Library()

register.filter("short_date", formatting.short_date)
register.filter("long_date", formatting.long_date)
register.filter("long_datetime", formatting.long_datetime)
register.filter("month_year", formatting.month_year)
register.filter("salary", formatting.salary)
register.simple_tag(formatting.salary_range, name="salary_range")
