"""The staff dashboard on the admin index: moderation queue, roles, screening.

The counts come from `jobs.selectors.dashboards.staff_counts` (a constant number
of queries whatever the table sizes); this module only draws them: links and
small bar charts as inline SVG on the server (no JavaScript, nothing from a CDN).
"""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from jobs.models import OutcomeChoices, RoleStatus
from jobs.selectors.dashboards import staff_counts
from jobs.web.charts import bar_chart

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


def _changelist(model_name: str, **query) -> str:
    url = reverse(f"admin:jobs_{model_name}_changelist")
    return f"{url}?{urlencode(query)}" if query else url


def _outcome_chart(*, chart_id: str, title: str, by_outcome: dict[str, int]) -> str:
    """Counts by K-visa outcome as a bar chart, best outcome first."""
    outcomes = list(reversed(OutcomeChoices))
    return mark_safe(  # charts.py escapes every text it writes
        bar_chart(
            chart_id=chart_id,
            title=title,
            values=[by_outcome[c.value] for c in outcomes],
            labels=[str(c.label) for c in outcomes],
            colours=[OUTCOME_COLOURS[c] for c in outcomes],
            width=460,
            label_width=200,
            no_data=_("No data."),
        )
    )


def staff_dashboard(user) -> dict:
    """What the admin index shows `user`: only the parts their rights cover."""
    data: dict = {}
    counts = staff_counts(user=user)
    if "roles_by_status" in counts:
        by_status = counts["roles_by_status"]
        data["moderation"] = {
            "pending_roles": by_status.get(RoleStatus.PENDING, 0),
            "oldest_pending": counts["oldest_pending"],
            "unverified_companies": counts["unverified_companies"],
            "roles_url": _changelist("role", status=RoleStatus.PENDING),
            "companies_url": _changelist("company", verified="no"),
        }
        data["roles"] = {
            "total": sum(by_status.values()),
            "chart": mark_safe(  # charts.py escapes every text it writes
                bar_chart(
                    chart_id="staff-roles-by-state",
                    title=_("Roles by state"),
                    values=[by_status.get(status.value, 0) for status in RoleStatus],
                    labels=[str(status.label) for status in RoleStatus],
                    colours=[STATUS_COLOURS[status] for status in RoleStatus],
                    width=460,
                    label_width=160,
                    no_data=_("No data."),
                )
            ),
        }
    if "screening" in counts:
        totals = counts["screening"]
        data["screening"] = {
            **totals,
            "chart": _outcome_chart(
                chart_id="staff-outlooks",
                title=_("Candidates by K-visa outlook"),
                by_outcome=totals["by_outcome"],
            ),
            "screenings_url": _changelist("screening"),
            "runs_url": _changelist("screeningrun"),
        }
    if "visa_checks" in counts:
        checks = counts["visa_checks"]
        data["visa_checks"] = {
            **checks,
            "chart": _outcome_chart(
                chart_id="staff-visa-checks",
                title=_("Public checks by outcome"),
                by_outcome=checks["by_outcome"],
            ),
        }
    return data
