"""The staff dashboard on the admin index: moderation queue, roles, screening.

A constant number of queries whatever the table sizes, and small bar charts
drawn as inline SVG on the server (no JavaScript, nothing from a CDN).
"""

from collections.abc import Sequence

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from jobs.models import Company, OutcomeChoices, Role, RoleStatus
from jobs.screenings import screening_totals

OUTCOME_COLOURS = {
    OutcomeChoices.LIKELY: "#15803d",
    OutcomeChoices.POSSIBLE: "#0e7490",
    OutcomeChoices.UNKNOWN: "#6b7280",
    OutcomeChoices.DOUBTFUL: "#b45309",
    OutcomeChoices.UNLIKELY: "#b91c1c",
}
STATUS_COLOURS = {
    RoleStatus.DRAFT: "#9ca3af",
    RoleStatus.PENDING: "#b45309",
    RoleStatus.PUBLISHED: "#15803d",
    RoleStatus.CLOSED: "#4b5563",
    RoleStatus.EXPIRED: "#6b7280",
}


def bar_chart(
    rows: Sequence[tuple[str, int, str]], *, title: str, width: int = 460
) -> str:
    """A horizontal bar chart as inline SVG: one (label, value, colour) per bar."""
    label_width, value_width, row_height = 200, 60, 24
    bar_space = width - label_width - value_width
    top = max((value for _, value, _ in rows), default=0) or 1
    height = row_height * len(rows) + 4
    bars = format_html_join(
        "",
        '<g transform="translate(0,{})"><text x="0" y="16">{}</text>'
        '<rect x="{}" y="4" width="{}" height="16" fill="{}" rx="2"></rect>'
        '<text x="{}" y="16">{}</text></g>',
        (
            (
                i * row_height,
                label,
                label_width,
                round(bar_space * value / top),
                colour,
                label_width + round(bar_space * value / top) + 6,
                f"{value:,}",
            )
            for i, (label, value, colour) in enumerate(rows)
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{}" height="{}" '
        'viewBox="0 0 {} {}" font-size="13" font-family="sans-serif" '
        'fill="currentColor" aria-label="{}"><title>{}</title>{}</svg>',
        width,
        height,
        width,
        height,
        title,
        title,
        bars,
    )


def _changelist(model_name: str, **query) -> str:
    url = reverse(f"admin:jobs_{model_name}_changelist")
    return f"{url}?{urlencode(query)}" if query else url


def staff_dashboard(user) -> dict:
    """What the admin index shows `user`: only the parts their rights cover."""
    data: dict = {}
    if user.has_perm("jobs.view_role") or user.has_perm("jobs.view_company"):
        by_status = dict(
            Role.objects.values_list("status").annotate(n=Count("pk")).order_by()
        )
        oldest_pending = Role.objects.pending().aggregate(at=Min("submitted_at"))["at"]
        unverified = Company.objects.unverified().count()
        data["moderation"] = {
            "pending_roles": by_status.get(RoleStatus.PENDING, 0),
            "oldest_pending": oldest_pending,
            "unverified_companies": unverified,
            "roles_url": _changelist("role", status=RoleStatus.PENDING),
            "companies_url": _changelist("company", verified="no"),
        }
        data["roles"] = {
            "total": sum(by_status.values()),
            "chart": bar_chart(
                [
                    (
                        status.label,
                        by_status.get(status.value, 0),
                        STATUS_COLOURS[status],
                    )
                    for status in RoleStatus
                ],
                title="Roles by state",
            ),
        }
    if user.has_perm("jobs.view_screening"):
        totals = screening_totals()
        data["screening"] = {
            **totals,
            "chart": bar_chart(
                [
                    (
                        choice.label,
                        totals["by_outcome"][choice.value],
                        OUTCOME_COLOURS[choice],
                    )
                    for choice in reversed(OutcomeChoices)
                ],
                title="Candidates by K-visa outlook",
            ),
            "screenings_url": _changelist("screening"),
            "runs_url": _changelist("screeningrun"),
        }
    return data
