"""Employer-facing pages and the lookups behind profile autocomplete."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.access import employer_required
from jobs import charts, dashboards
from jobs.companies import company_for
from jobs.engines.screening.fields import field_suggestions
from jobs.matches import match_counts_for


@employer_required
@require_GET
def employer_dashboard(request: HttpRequest) -> HttpResponse:
    """The company's open roles, applicants by visa outlook, charts; or a prompt.

    An employer without a company yet is asked to create one (or to be invited).
    """
    company = company_for(request.user)
    context: dict = {"company": company}
    if company is not None:
        dashboard = dashboards.employer_dashboard(
            company=company,
            today=timezone.localdate(),
            match_counts=match_counts_for(company),
        )
        context.update(
            dashboard=dashboard,
            roles=dashboard.roles,
            **_dashboard_charts(dashboard),
        )
    return render(request, "jobs/employer_dashboard.html", context)


def _dashboard_charts(dashboard: dashboards.Dashboard) -> dict[str, str]:
    # charts.py escapes every text it writes, so its SVG is safe to insert.
    weekly = charts.column_chart(
        chart_id="chart-weekly",
        title=_("Applications per week, last 8 weeks"),
        values=[week.applications for week in dashboard.weeks],
        labels=[date_format(week.start, "M j") for week in dashboard.weeks],
        unit=_("applications"),
    )
    funnel = charts.bar_chart(
        chart_id="chart-funnel",
        title=_("How far applications got"),
        values=[step.applications for step in dashboard.funnel],
        labels=[step.label for step in dashboard.funnel],
        unit=_("applications"),
    )
    return {"weekly_chart": mark_safe(weekly), "funnel_chart": mark_safe(funnel)}


@login_required
@require_GET
def institution_suggest(request: HttpRequest) -> JsonResponse:
    """Institutions the screening knows, for the degree form's autocomplete."""
    from jobs.rules import current_rules

    text = request.GET.get("q", "").strip()[:100]
    results = []
    if len(text) >= 2:
        results = [
            inst.name for inst in current_rules().institutions.search(text, limit=12)
        ]
    return JsonResponse({"results": results})


@login_required
@require_GET
def field_suggest(request: HttpRequest) -> JsonResponse:
    """Fields of study the screening can map, for the degree form's autocomplete."""
    text = request.GET.get("q", "").strip()[:100]
    return JsonResponse(
        {"results": field_suggestions(text, limit=12) if len(text) >= 2 else []}
    )
