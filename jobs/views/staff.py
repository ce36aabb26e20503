"""Staff moderation: pending roles and unverified companies, approve or reject.

The same actions are in the admin, and both call `jobs.services.moderation`;
this page is the quick path for moderators. Staff need the same rights as there
(the "Moderators" group has them) and, as for the admin, a sign-in with
two-factor authentication (`staff_required`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.requests import AuthenticatedRequest
from jobs.forms import ReasonForm
from jobs.models import Company, Role
from jobs.selectors.dashboards import moderation_queue
from jobs.services.moderation import Decision, moderate_company, moderate_role
from jobs.views.access import staff_required


def _decision(text: str) -> Decision:
    try:
        return Decision(text)
    except ValueError:
        raise Http404 from None


def _moderate(request: HttpRequest, moderate) -> HttpResponse:
    """Run one decision and tell the moderator what happened (or why not)."""
    form = ReasonForm(request.POST)
    if not form.is_valid() and request.POST.get("reason", "").strip():
        # A reason given but refused (too long): say why, decide nothing.
        messages.error(request, " ".join(str(e) for e in form.errors["reason"]))
        return redirect("jobs:moderation")
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        messages.success(request, moderate(reason=reason))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("jobs:moderation")


@staff_required
@permission_required("jobs.change_role", raise_exception=True)
@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "jobs/moderation.html",
        {**moderation_queue(), "reason_form": ReasonForm()},
    )


@staff_required
@permission_required("jobs.change_role", raise_exception=True)
@require_POST
def role_moderate(
    request: AuthenticatedRequest, pk: int, decision: str
) -> HttpResponse:
    chosen = _decision(decision)
    role = get_object_or_404(Role.objects.select_related("company"), pk=pk)
    return _moderate(
        request,
        lambda reason: moderate_role(
            role=role, decision=chosen, by=request.user, reason=reason
        ),
    )


@staff_required
@permission_required("jobs.change_company", raise_exception=True)
@require_POST
def company_moderate(
    request: AuthenticatedRequest, pk: int, decision: str
) -> HttpResponse:
    chosen = _decision(decision)
    company = get_object_or_404(Company, pk=pk)
    return _moderate(
        request,
        lambda reason: moderate_company(
            company=company, decision=chosen, by=request.user, reason=reason
        ),
    )
