"""Staff moderation: pending roles and unverified companies, approve or reject.

The same actions are in the admin; this page is the quick path for moderators.
Staff need the same rights as there (the "Moderators" group has them) and, as
for the admin, a sign-in with two-factor authentication (`staff_required`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import staff_required
from jobs import companies, roles
from jobs.forms import ReasonForm
from jobs.models import Company, Role


@staff_required
@permission_required("jobs.change_role", raise_exception=True)
@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "jobs/moderation.html",
        {
            "roles": Role.objects.pending()
            .select_related("company")
            .order_by("submitted_at")[:100],
            "companies": Company.objects.unverified().order_by("created_at")[:100],
            "reason_form": ReasonForm(),
        },
    )


@staff_required
@permission_required("jobs.change_role", raise_exception=True)
@require_POST
def role_moderate(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in {"approve", "reject"}:
        raise Http404
    role = get_object_or_404(Role.objects.select_related("company"), pk=pk)
    if decision == "approve":
        roles.approve_role(role=role, by=request.user)
        messages.success(request, _("“%(title)s” approved.") % {"title": role.title})
    else:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("Please give a reason: it is emailed to the employer.")
            )
            return redirect("jobs:moderation")
        roles.reject_role(
            role=role, reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(
            request, _("“%(title)s” sent back to draft.") % {"title": role.title}
        )
    return redirect("jobs:moderation")


@staff_required
@permission_required("jobs.change_company", raise_exception=True)
@require_POST
def company_moderate(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in {"approve", "reject"}:
        raise Http404
    company = get_object_or_404(Company, pk=pk)
    if decision == "approve":
        companies.verify_company(company=company, by=request.user)
        messages.success(request, _("%(name)s verified.") % {"name": company.name})
    else:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("Please give a reason: it is emailed to the employer.")
            )
            return redirect("jobs:moderation")
        companies.reject_company(
            company=company, reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(
            request,
            _("%(name)s not verified; the reason was emailed.")
            % {"name": company.name},
        )
    return redirect("jobs:moderation")
