"""`{{ role.city|city_name }}` and `{{ role|role_title }}`: in the reader's language."""

from django import template
from django.utils.translation import get_language

from jobs.web import bilingual

register = template.Library()


@register.filter
def city_name(text: str) -> str:
    """北京 for a Chinese reader of "Beijing", Beijing for an English reader of 北京市."""
    return bilingual.city_name(text or "", get_language())


@register.filter
def role_title(role) -> str:
    """The role's Chinese title for a Chinese reader where given, else its title."""
    return bilingual.role_title(role, get_language())
