"""Employer pages: the company, its team, its roles and their applicants.

Every object is looked up through `request.company` (set by
`company_member_required`), so another company's role or applicant is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import employer_required
from accounts.models import CandidateProfile
from jobs import companies, roles
from jobs.access import company_member_required
from jobs.applications import move_application
from jobs.forms import CompanyForm, InviteForm, RoleForm, StageForm
from jobs.models import Application, Membership, Role, RoleStatus, Stage


def _form_error(request) -> None:
    messages.error(request, _("Please correct the errors below; nothing was saved."))


@employer_required
@require_http_methods(["GET", "POST"])
def company_edit(request: HttpRequest) -> HttpResponse:
    """Create the employer's company, or let its owner edit it."""
    company = companies.company_for(request.user)
    if company is not None and not companies.is_owner(
        company=company, user=request.user
    ):
        messages.info(request, _("Only your company's owner can edit its page."))
        return redirect("jobs:employer_dashboard")
    form = CompanyForm(request.POST or None, request.FILES or None, instance=company)
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in CompanyForm.Meta.fields}
            logo = form.cleaned_data.get("logo_upload")
            try:
                if company is None:
                    companies.create_company(user=request.user, logo=logo, **fields)
                    messages.success(
                        request,
                        _(
                            "Company created. Staff will verify it before your roles go public."
                        ),
                    )
                else:
                    was_verified = company.is_verified
                    company = companies.update_company(
                        company=company, logo=logo, **fields
                    )
                    messages.success(request, _("Company saved."))
                    if was_verified and not company.is_verified:
                        messages.warning(
                            request,
                            _(
                                "You changed the legal name or credit code: staff will verify the company again."
                            ),
                        )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("jobs:employer_dashboard")
        _form_error(request)
    return render(
        request,
        "jobs/company_form.html",
        {"form": form, "company": company},
        status=400 if form.errors else 200,
    )


@company_member_required
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    company = request.company
    return render(
        request,
        "jobs/team.html",
        {
            "company": company,
            "members": Membership.objects.filter(company=company).select_related(
                "user"
            ),
            "invitations": company.invitations.filter(accepted_at__isnull=True)[:50],
            "is_owner": companies.is_owner(company=company, user=request.user),
            "form": InviteForm(),
        },
    )


@company_member_required(owner=True)
@require_POST
def team_invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            companies.invite_recruiter(
                company=request.company,
                email=form.cleaned_data["email"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
    else:
        messages.error(request, _("Please enter a valid email address."))
    return redirect("jobs:team")


@company_member_required(owner=True)
@require_POST
def team_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, company=request.company)
    try:
        companies.remove_member(membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed from the team."))
    return redirect("jobs:team")


@employer_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = companies.open_invitation(token)
    if invitation is None:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            companies.accept_invitation(invitation=invitation, user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("You joined %(company)s.") % {"company": invitation.company.name},
            )
            return redirect("jobs:employer_dashboard")
    return render(
        request,
        "jobs/invitation.html",
        {"invitation": invitation, "error": error},
        status=400 if error else 200,
    )


def _role_form_view(request, *, role: Role, title: str) -> HttpResponse:
    form = RoleForm(request.POST or None, instance=role)
    if request.method == "POST":
        if form.is_valid():
            try:
                role = roles.save_role(
                    role=form.instance,
                    required_skills=form.cleaned_data["required_skills_text"],
                    preferred_skills=form.cleaned_data["preferred_skills_text"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if "submit" in request.POST and role.status == RoleStatus.DRAFT:
                    roles.submit_role(role=role)
                messages.success(request, _("Role saved."))
                return redirect("jobs:employer_role", pk=role.pk)
        _form_error(request)
    return render(
        request,
        "jobs/role_form.html",
        {"form": form, "role": role, "title": title},
        status=400 if form.errors else 200,
    )


@company_member_required
@require_http_methods(["GET", "POST"])
def role_create(request: HttpRequest) -> HttpResponse:
    return _role_form_view(
        request, role=Role(company=request.company), title=_("Post a role")
    )


@company_member_required
@require_http_methods(["GET", "POST"])
def role_edit(request: HttpRequest, pk: int) -> HttpResponse:
    role = get_object_or_404(Role, pk=pk, company=request.company)
    if not role.is_editable:
        messages.info(request, _("A closed or expired role cannot be edited."))
        return redirect("jobs:employer_role", pk=role.pk)
    return _role_form_view(request, role=role, title=_("Edit role"))


@company_member_required
@require_GET
def employer_role(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the company's roles and its applicants."""
    role = get_object_or_404(Role, pk=pk, company=request.company)
    applications = (
        Application.objects.filter(role=role)
        .select_related("candidate__profile")
        .order_by("stage_changed_at")
    )
    return render(
        request,
        "jobs/employer_role.html",
        {"role": role, "applications": applications, "stages": Stage},
    )


@company_member_required
@require_POST
def role_submit(request: HttpRequest, pk: int) -> HttpResponse:
    role = get_object_or_404(Role, pk=pk, company=request.company)
    try:
        roles.submit_role(role=role)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if role.status == RoleStatus.PUBLISHED:
            messages.success(request, _("Role published."))
        else:
            messages.success(request, _("Role sent for review."))
    return redirect("jobs:employer_role", pk=role.pk)


@company_member_required
@require_POST
def role_close(request: HttpRequest, pk: int) -> HttpResponse:
    role = get_object_or_404(Role, pk=pk, company=request.company)
    roles.close_role(role=role)
    messages.success(request, _("Role closed: it no longer takes applications."))
    return redirect("jobs:employer_role", pk=role.pk)


def _company_application(request, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("role", "candidate__profile"),
        pk=pk,
        role__company=request.company,
    )


@company_member_required
@require_http_methods(["GET", "POST"])
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An applicant's profile (never date of birth or contact details) and stage."""
    application = _company_application(request, pk)
    form = StageForm(request.POST or None, initial={"stage": application.stage})
    if request.method == "POST":
        if form.is_valid():
            try:
                move_application(
                    application=application, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("Application updated; the candidate is emailed.")
                )
            return redirect("jobs:application_detail", pk=application.pk)
        _form_error(request)
    profile = None
    if application.candidate_id is not None:
        profile = (
            CandidateProfile.objects.with_details()
            .filter(user_id=application.candidate_id)
            .first()
        )
    return render(
        request,
        "jobs/application_detail.html",
        {
            "application": application,
            "profile": profile,
            "events": application.events.select_related("by"),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@company_member_required
@require_GET
def application_cv(request: HttpRequest, pk: int) -> FileResponse:
    application = _company_application(request, pk)
    profile = (
        getattr(application.candidate, "profile", None)
        if application.candidate
        else None
    )
    if profile is None or not profile.cv or application.stage == Stage.WITHDRAWN:
        raise Http404
    return FileResponse(
        profile.cv.open("rb"), as_attachment=True, filename=profile.cv_filename or "cv"
    )
