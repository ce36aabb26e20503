"""Seeker pages of the jobs app: my visa outlook."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import seeker_required
from accounts.services import profile_for
from jobs.engines.screening.facts import Offer
from jobs.forms import OfferForm
from jobs.models import OutcomeChoices
from jobs.screenings import screening_for, work_permit_estimate


@seeker_required
@require_GET
def visa_outlook(request: HttpRequest) -> HttpResponse:
    """The seeker's K-visa pre-screen with every reason, and a work-permit estimate."""
    profile = profile_for(request.user)
    screening = screening_for(profile)
    offer_form = OfferForm(request.GET or None)
    estimate = None
    if offer_form.is_valid():
        estimate = work_permit_estimate(
            profile=profile,
            offer=Offer(
                salary_cny_annual=offer_form.cleaned_data["salary_cny_annual"],
                city=offer_form.cleaned_data["city"],
                months_per_year_in_china=offer_form.cleaned_data[
                    "months_per_year_in_china"
                ],
                inviting_unit=offer_form.cleaned_data["inviting_unit"],
            ),
        )
    return render(
        request,
        "jobs/visa_outlook.html",
        {
            "screening": screening,
            "k_visa": screening.result["k_visa"],
            "outcome_label": OutcomeChoices(screening.outcome).label,
            "changes": profile.screening_changes.all()[:10],
            "offer_form": offer_form,
            "estimate": estimate,
        },
    )
