"""Employer pages: the company, its team, its roles and their applicants.

Every object is looked up through the `company` that `company_member_required`
passes each view, so another company's role or applicant is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.requests import AuthenticatedRequest
from accounts.uploads import cv_response
from jobs.forms import (
    ApiKeyForm,
    CompanyForm,
    InviteForm,
    RoleForm,
    StageForm,
)
from jobs.models import (
    Application,
    Company,
    MemberRole,
    Membership,
    Role,
    RoleStatus,
    Side,
    Stage,
)
from jobs.selectors import dashboards, pages
from jobs.selectors.companies import (
    company_for,
    identity_would_change,
    is_owner,
    membership_of,
    open_invitation,
)
from jobs.selectors.matching import (
    applications_visible_to,
    explained_match,
    match_counts_for,
)
from jobs.selectors.page_versions import employer_page_versions
from jobs.selectors.rules import current_rules
from jobs.services import companies, roles
from jobs.services.applications import move_application
from jobs.services.messages import conversation_for_application
from jobs.views.access import company_member_required, employer_required
from jobs.views.matching import work_permit_for
from jobs.views.messages import thread_context
from jobs.web import charts
from jobs.web.fragments import cached_fragment
from jobs.web.page_cache import cached_page, is_cacheable
from portal.formatting import short_date


def _form_error(request) -> None:
    messages.error(request, _("Please correct the errors below; nothing was saved."))


def _rename_needs_confirming(request, *, company: Company, fields: dict) -> bool:
    """A verified company's new legal name or credit code, not yet confirmed.

    Saving it sends the company back to staff verification (and its roles out
    of public view), so the owner is told before anything is saved.
    """
    if request.POST.get("confirm_rename") == "1":
        return False
    return company.is_verified and identity_would_change(
        company=company,
        name_zh=fields["name_zh"],
        credit_code=fields["credit_code"],
    )


@employer_required
@require_http_methods(["GET", "POST"])
def company_edit(request: AuthenticatedRequest) -> HttpResponse:
    """Create the employer's company, or let its owner edit it."""
    company = company_for(request.user)
    if company is not None and not is_owner(company=company, user=request.user):
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
                    # The dashboard's own banner says staff will verify it: one is enough.
                    messages.success(request, _("Company created."))
                elif _rename_needs_confirming(request, company=company, fields=fields):
                    return render(
                        request,
                        "jobs/company_form.html",
                        {"form": form, "company": company, "confirm_rename": True},
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
def team(request: HttpRequest, *, company: Company) -> HttpResponse:
    return render_team(request, company=company)


def render_team(
    request: HttpRequest, *, company: Company, status: int = 200, **extra
) -> HttpResponse:
    """The team page; `extra` (a bound API key form, a new key) from the key views."""
    return render(
        request,
        "jobs/team.html",
        {
            "company": company,
            **pages.team_of(company=company),
            "is_owner": is_owner(company=company, user=request.user),
            "form": InviteForm(),
            "key_form": ApiKeyForm(),
            **extra,
        },
        status=status,
    )


@company_member_required(owner=True)
@require_POST
def team_invite(request: AuthenticatedRequest, *, company: Company) -> HttpResponse:
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            companies.invite_recruiter(
                company=company,
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
def team_remove(request: HttpRequest, pk: int, *, company: Company) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, company=company)
    try:
        companies.remove_member(membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed from the team."))
    return redirect("jobs:team")


@employer_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: AuthenticatedRequest, token: str) -> HttpResponse:
    invitation = open_invitation(token)
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
                    if role.status == RoleStatus.PUBLISHED:
                        messages.success(request, _("Role saved and published."))
                    else:
                        messages.success(
                            request,
                            _(
                                "Role saved and sent to staff for review. It goes public once they approve it."
                            ),
                        )
                else:
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
def role_create(request: HttpRequest, *, company: Company) -> HttpResponse:
    return _role_form_view(request, role=Role(company=company), title=_("Post a role"))


@company_member_required
@require_http_methods(["GET", "POST"])
def role_edit(request: HttpRequest, pk: int, *, company: Company) -> HttpResponse:
    role = get_object_or_404(Role, pk=pk, company=company)
    if not role.is_editable:
        messages.info(request, _("A closed or expired role cannot be edited."))
        return redirect("jobs:employer_role", pk=role.pk)
    return _role_form_view(request, role=role, title=_("Edit role"))


@company_member_required
@require_GET
def employer_role(request: HttpRequest, pk: int, *, company: Company) -> HttpResponse:
    """One of the company's roles and its applicants."""
    role = get_object_or_404(Role, pk=pk, company=company)
    sort = request.GET.get("sort", "")
    if sort not in pages.APPLICANT_SORTS:
        sort = "applied"
    applications = pages.role_applications(role=role, sort=sort)
    return render(
        request,
        "jobs/employer_role.html",
        {
            "role": role,
            "applications": applications,
            "stages": Stage,
            "sort": sort,
            "sorts": SORT_LABELS,
        },
    )


# The applicants table's sort links, in APPLICANT_SORTS order.
SORT_LABELS = [
    ("applied", gettext_lazy("Newest first")),
    ("outlook", gettext_lazy("Best K-visa outlook")),
    ("score", gettext_lazy("Best match score")),
]


@company_member_required
@require_POST
def role_submit(request: HttpRequest, pk: int, *, company: Company) -> HttpResponse:
    role = get_object_or_404(Role, pk=pk, company=company)
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
def role_close(request: HttpRequest, pk: int, *, company: Company) -> HttpResponse:
    role = get_object_or_404(Role, pk=pk, company=company)
    roles.close_role(role=role)
    messages.success(request, _("Role closed: it no longer takes applications."))
    return redirect("jobs:employer_role", pk=role.pk)


def _company_application(company: Company, pk: int) -> Application:
    # Another company's application, or a withdrawn one whose candidate the
    # company may no longer see, is a 404.
    return get_object_or_404(
        applications_visible_to(company).select_related("role", "candidate__profile"),
        pk=pk,
    )


@company_member_required
@require_http_methods(["GET", "POST"])
def application_detail(
    request: AuthenticatedRequest, pk: int, *, company: Company
) -> HttpResponse:
    """An applicant's profile (never date of birth or contact details) and stage."""
    application = _company_application(company, pk)
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
    profile = pages.applicant_profile(application=application)
    screening = match = work_permit = None
    if profile is not None:
        screening = pages.screening_of(profile=profile)
        match = explained_match(role=application.role, profile=profile)
        work_permit = work_permit_for(
            profile, application.role, current_rules(), timezone.localdate()
        )
    return render(
        request,
        "jobs/application_detail.html",
        {
            "application": application,
            "profile": profile,
            "screening": screening,
            "k_visa": (screening.result or {}).get("k_visa", {}) if screening else {},
            "match": match,
            "work_permit": work_permit,
            "events": application.events.select_related("by"),
            "form": form,
            # The thread with the candidate; viewing marks the company side read.
            **thread_context(
                request,
                conversation_for_application(application=application),
                Side.COMPANY,
            ),
        },
        status=400 if form.errors else 200,
    )


@company_member_required
@require_GET
def application_cv(request: HttpRequest, pk: int, *, company: Company) -> FileResponse:
    application = _company_application(company, pk)
    profile = (
        getattr(application.candidate, "profile", None)
        if application.candidate
        else None
    )
    if profile is None or not profile.cv or application.stage == Stage.WITHDRAWN:
        raise Http404
    return cv_response(profile)


@employer_required
@require_GET
def employer_dashboard(request: HttpRequest) -> HttpResponse:
    """The company's open roles, applicants by visa outlook, charts; or a prompt.

    An employer without a company yet is asked to create one (or to be invited).
    """
    # The whole page for this member, under the company's and the member's
    # versions (jobs/web/page_cache.py), their role in it and the date (the
    # weekly chart, expiry): one query before a cached page.
    found = is_cacheable(request) and employer_page_versions(user_id=request.user.pk)
    if not found:
        return _dashboard(request)
    company_id, member_role, *versions = found
    return cached_page(
        request,
        lambda: _dashboard(request),
        versions=(company_id, member_role, *versions),
        parts=(timezone.localdate(),),
    )


def _dashboard(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request.user)
    company = membership.company if membership else None
    if membership is None or company is None:
        return render(request, "jobs/employer_dashboard.html", {"company": company})
    dashboard = dashboards.employer_dashboard(
        company=company,
        today=timezone.localdate(),
        match_counts=match_counts_for(company),
    )
    # The body is the same for every member: rendered once per change of what
    # it shows (its data is the key), in each language.
    dashboard_html = cached_fragment(
        f"dashboard:{company.pk}",
        dashboard.shown(),
        lambda: render_to_string(
            "jobs/employer_dashboard.html#dashboard_body",
            {"dashboard": dashboard, **_dashboard_charts(dashboard)},
        ),
    )
    return render(
        request,
        "jobs/employer_dashboard.html",
        {
            "company": company,
            "is_company_owner": membership.role == MemberRole.OWNER,
            "dashboard": dashboard,
            "roles": dashboard.roles,
            "dashboard_html": dashboard_html,
        },
    )


def _dashboard_charts(dashboard: dashboards.Dashboard) -> dict[str, str]:
    # charts.py escapes every text it writes, so its SVG is safe to insert.
    weekly = charts.column_chart(
        chart_id="chart-weekly",
        title=_("Applications per week, last 8 weeks"),
        values=[week.applications for week in dashboard.weeks],
        labels=[short_date(week.start) for week in dashboard.weeks],
        unit=_("applications"),
        no_data=_("No data."),
    )
    funnel = charts.bar_chart(
        chart_id="chart-funnel",
        title=_("How far applications got"),
        values=[step.applications for step in dashboard.funnel],
        labels=[step.label for step in dashboard.funnel],
        unit=_("applications"),
        no_data=_("No data."),
    )
    return {"weekly_chart": mark_safe(weekly), "funnel_chart": mark_safe(funnel)}
