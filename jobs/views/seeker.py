"""Seeker pages: applying, saved roles and searches, my applications, my visa outlook."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.requests import AuthenticatedRequest
from accounts.services import profile_for
from jobs.engines.screening.facts import Offer
from jobs.forms import ApplyForm, OfferForm, SavedSearchForm
from jobs.models import (
    Application,
    OutcomeChoices,
    Role,
    Stage,
)
from jobs.selectors import pages
from jobs.selectors.screening import work_permit_estimate
from jobs.services.applications import (
    AlreadyApplied,
    apply_to_role,
    withdraw_application,
)
from jobs.services.saved import delete_saved_search, save_search, toggle_saved_role
from jobs.services.screening import screening_for
from jobs.views.access import seeker_required


@seeker_required
@require_GET
def visa_outlook(request: AuthenticatedRequest) -> HttpResponse:
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


@seeker_required
@require_POST
def role_apply(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    # The role is the URL's; nothing in the form can point the application elsewhere.
    role = get_object_or_404(Role.objects.public().select_related("company"), pk=pk)
    form = ApplyForm(request.POST)
    if form.is_valid():
        try:
            apply_to_role(
                role=role, user=request.user, cover_note=form.cleaned_data["cover_note"]
            )
        except AlreadyApplied:
            messages.info(request, _("You have already applied to this role."))
            return redirect("jobs:my_applications")
        messages.success(
            request,
            _("Your application to %(company)s was sent.")
            % {"company": role.company.name},
        )
        return redirect("jobs:my_applications")
    messages.error(request, _("Please correct the cover note; nothing was sent."))
    return redirect("jobs:role_detail", pk=role.pk)


@seeker_required
@require_POST
def role_save(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    role = get_object_or_404(Role.objects.public(), pk=pk)
    if toggle_saved_role(user=request.user, role=role):
        messages.success(request, _("Role saved."))
    else:
        messages.success(request, _("Role removed from your saved roles."))
    return redirect("jobs:role_detail", pk=role.pk)


@seeker_required
@require_GET
def my_applications(request: AuthenticatedRequest) -> HttpResponse:
    applications = pages.applications_of(user=request.user)
    return render(
        request,
        "jobs/my_applications.html",
        {"applications": applications, "withdrawable": {Stage.WITHDRAWN, Stage.HIRED}},
    )


@seeker_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk, candidate=request.user)
    withdraw_application(application=application)
    messages.success(request, _("Your application was withdrawn."))
    return redirect("jobs:my_applications")


@seeker_required
@require_GET
def saved(request: AuthenticatedRequest) -> HttpResponse:
    saved_roles = pages.saved_roles_of(user=request.user)
    return render(
        request,
        "jobs/saved.html",
        {
            "saved_roles": saved_roles,
            "searches": pages.saved_searches_of(user=request.user),
        },
    )


@seeker_required
@require_POST
def saved_search_create(request: AuthenticatedRequest) -> HttpResponse:
    # The criteria are the search page's query string, sent back as the form's target.
    form = SavedSearchForm(request.POST)
    name = form.cleaned_data["name"] if form.is_valid() else ""
    try:
        save_search(user=request.user, data=request.GET, name=name)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('jobs:role_search')}?{request.GET.urlencode()}")
    messages.success(
        request, _("Search saved. We will email you new roles once a day.")
    )
    return redirect("jobs:saved")


@seeker_required
@require_http_methods(["POST"])
def saved_search_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    if not delete_saved_search(user=request.user, pk=pk):
        raise Http404
    messages.success(request, _("Saved search removed."))
    return redirect("jobs:saved")
