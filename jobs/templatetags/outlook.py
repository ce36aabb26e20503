"""Template filters for visa outcomes."""

from django import template

from jobs.models import OutcomeChoices

register = template.Library()

_CSS = {
    "likely": "success",
    "possible": "info",
    "unknown": "secondary",
    "doubtful": "warning",
    "unlikely": "danger",
}


@register.filter
def outcome_css(outcome: str) -> str:
    """Bootstrap colour name for an outcome code."""
    return _CSS.get(outcome, "secondary")


@register.filter
def outcome_label(outcome: str) -> str:
    try:
        return OutcomeChoices(outcome).label
    except ValueError:
        return outcome
