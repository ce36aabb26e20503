"""Employer-facing pages and the lookups behind profile autocomplete."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import employer_required
from jobs.companies import company_for
from jobs.models import Role
from jobs.screening.fields import field_suggestions


@employer_required
@require_GET
def employer_dashboard(request: HttpRequest) -> HttpResponse:
    """The company, its roles with applicant counts; or a prompt to create the company."""
    company = company_for(request.user)
    roles = []
    if company is not None:
        roles = (
            Role.objects.of_company(company)
            .with_applicant_counts()
            .order_by("-created_at")
        )
    return render(
        request,
        "jobs/employer_dashboard.html",
        {"company": company, "roles": roles},
    )


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
