"""Employer-facing pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import employer_required


@employer_required
@require_GET
def employer_dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "jobs/employer_dashboard.html")
