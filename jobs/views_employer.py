"""Employer pages: the company, its team, its roles and their applicants.

Every object is looked up through `request.company` (set by
`company_member_required`), so another company's role or applicant is a 404.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import employer_required
from accounts.models import CandidateProfile
from accounts.uploads import cv_response
from jobs import companies, roles
from jobs.access import company_member_required
from jobs.applications import move_application, reject_applications
from jobs.dashboards import board_applications, board_columns
from jobs.forms import (
    BoardMoveForm,
    BulkRejectForm,
    CompanyForm,
    InviteForm,
    RoleForm,
    StageForm,
)
from jobs.matches import applications_visible_to
from jobs.models import Application, Membership, Role, RoleStatus, Stage
from jobs.templatetags.outlook import outcome_label
from portal.exports import stream_csv


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
    # Another company's application, or a withdrawn one whose candidate the
    # company may no longer see, is a 404.
    return get_object_or_404(
        applications_visible_to(request.company).select_related(
            "role", "candidate__profile"
        ),
        pk=pk,
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
    return cv_response(profile)


def _role_member_required(view):
    """A member of the role's company; anyone else signed in gets a 404.

    The employer pages above answer 403 to a seeker; a role's board, its moves
    and its export answer 404 to every outsider, so they never tell whether a
    role id exists.
    """

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_employer:
            raise Http404
        return company_member_required(view)(request, *args, **kwargs)

    return wrapped


def _board_url(role: Role, application_pk: int | None = None) -> str:
    url = reverse("jobs:role_board", args=[role.pk])
    return f"{url}#application-{application_pk}" if application_pk else url


def _render_board(
    request, role: Role, *, reject_form: BulkRejectForm | None = None
) -> HttpResponse:
    columns, withdrawn = board_columns(board_applications(role=role))
    selected: set[int] = set()
    if reject_form is not None and reject_form.is_bound:
        # Keep the boxes the employer ticked when the form comes back with errors.
        # isascii: "²" is a digit to str.isdigit() but not to int().
        selected = {
            int(pk)
            for pk in request.POST.getlist("applications")
            if pk.isascii() and pk.isdigit()
        }
    return render(
        request,
        "jobs/role_board.html",
        {
            "role": role,
            "columns": columns,
            "withdrawn": withdrawn,
            "move_stages": BoardMoveForm.base_fields["stage"].choices,
            "reject_form": reject_form or BulkRejectForm(),
            "selected": selected,
        },
        status=400 if reject_form is not None and reject_form.errors else 200,
    )


@_role_member_required
@require_GET
def role_board(request: HttpRequest, pk: int) -> HttpResponse:
    """A role's pipeline: a column per stage, a card per applicant."""
    role = get_object_or_404(Role, pk=pk, company=request.company)
    return _render_board(request, role)


@_role_member_required
@require_POST
def role_board_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move one card to another stage (and/or add a note); the candidate is emailed."""
    role = get_object_or_404(Role, pk=pk, company=request.company)
    form = BoardMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a stage to move the applicant to."))
        return redirect(_board_url(role))
    # Only this role's applications: an id from another role is a 404.
    application = get_object_or_404(
        Application, pk=form.cleaned_data["application"], role=role
    )
    try:
        event = move_application(
            application=application,
            stage=form.cleaned_data["stage"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if event is None:
            messages.info(request, _("Nothing changed."))
        elif event.from_stage != event.to_stage:
            messages.success(
                request,
                _("Moved to %(stage)s; the candidate is emailed.")
                % {"stage": event.get_to_stage_display()},
            )
        else:
            messages.success(request, _("Note added."))
    return redirect(_board_url(role, application.pk))


@_role_member_required
@require_POST
def role_board_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject the ticked applicants with one reason, emailed to each of them."""
    role = get_object_or_404(Role, pk=pk, company=request.company)
    form = BulkRejectForm(request.POST)
    if not form.is_valid():
        _form_error(request)
        return _render_board(request, role, reject_form=form)
    try:
        events = reject_applications(
            role=role,
            application_ids=form.cleaned_data["applications"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except ValidationError as error:
        form.add_error("reason", error)
        _form_error(request)
        return _render_board(request, role, reject_form=form)
    if events:
        messages.success(
            request,
            ngettext(
                "%(count)d applicant rejected; they are emailed the reason.",
                "%(count)d applicants rejected; each is emailed the reason.",
                len(events),
            )
            % {"count": len(events)},
        )
    else:
        messages.info(request, _("No applicant was rejected."))
    return redirect(_board_url(role))


@_role_member_required
@require_GET
def role_applicants_csv(request: HttpRequest, pk: int):
    """The role's applicants as CSV, streamed.

    The same facts the applicant page shows: never the date of birth or the
    account email. Withdrawn applications are left out.
    """
    role = get_object_or_404(Role, pk=pk, company=request.company)
    applications = (
        Application.objects.filter(role=role)
        .active()
        .select_related("candidate__profile__screening")
        .order_by("applied_at", "pk")
    )

    def rows():
        for application in applications.iterator(chunk_size=500):
            profile = (
                getattr(application.candidate, "profile", None)
                if application.candidate_id
                else None
            )
            screening = getattr(profile, "screening", None) if profile else None
            if profile is None:  # a deleted account: only the application is kept
                yield [
                    _("Deleted account"),
                    "",
                    "",
                    application.get_stage_display(),
                    _local_stamp(application.applied_at),
                    "",
                    application.cover_note,
                ]
                continue
            yield [
                profile.display_name,
                profile.headline,
                profile.nationality.name if profile.nationality else "",
                application.get_stage_display(),
                _local_stamp(application.applied_at),
                outcome_label(screening.outcome)
                if screening
                else _("Not screened yet"),
                application.cover_note,
            ]

    return stream_csv(
        name=f"applicants-role-{role.pk}",
        header=[
            _("Name"),
            _("Headline"),
            _("Nationality"),
            _("Stage"),
            _("Applied at"),
            _("K-visa outlook"),
            _("Cover note"),
        ],
        rows=rows(),
    )


def _local_stamp(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
