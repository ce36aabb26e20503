"""`{% staff_dashboard as dashboard %}` for the admin index."""

from django import template

from jobs.admin.dashboard import staff_dashboard as build

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_dashboard(context) -> dict:
    return build(context["request"].user)
