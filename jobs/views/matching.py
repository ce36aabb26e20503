"""Matching pages: a role's best candidates, a candidate seen by an employer,
invitations to apply, and the seeker's "Roles for you" with the view log."""

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import CandidateProfile
from accounts.requests import AuthenticatedRequest
from accounts.services import profile_for
from accounts.uploads import cv_response
from jobs.forms import ApplyInviteForm, MatchFilterForm, parse_db_id
from jobs.models import Company, Role
from jobs.selectors import pages
from jobs.selectors.engine_inputs import role_offer
from jobs.selectors.matching import (
    candidates_visible_to,
    explain_matches,
    role_matches,
)
from jobs.selectors.page_versions import employer_page_versions
from jobs.selectors.rules import current_rules
from jobs.selectors.screening import work_permits
from jobs.services.matching import (
    invite_to_apply,
    mark_apply_invitations_seen,
    record_profile_view,
)
from jobs.views.access import (
    company_member_required,
    employer_required,
    seeker_required,
)
from jobs.web.fragments import cached_fragments
from jobs.web.page_cache import cached_page, is_cacheable

MATCHES_PER_PAGE = 50


def work_permit_for(profile: CandidateProfile, role: Role, rules, today) -> dict:
    """The candidate's (cached) work-permit estimate for the role."""
    return work_permits(pairs=[(profile, role_offer(role))], rules=rules, as_of=today)[
        0
    ]


@employer_required
@require_GET
def role_matches_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A role's best candidates; the whole page is cached for the member
    (jobs/web/page_cache.py) under the company's versions (its roles, matches,
    applicants, invitations and the candidates it shows), the member's, the
    rules (the estimates) and the date: one query (the rules stamp in it) before
    a cached page. A page is only ever stored by the member's own 200 (the
    company's role), so a hit needs no other lookup."""
    found = is_cacheable(request) and employer_page_versions(
        user_id=request.user.pk, rules=True
    )
    if not found:
        return _member_role_matches(request, pk)
    company_id, _member_role, *versions = found
    return cached_page(
        request,
        lambda: _member_role_matches(request, pk),
        versions=(company_id, *versions),
        parts=(timezone.localdate(),),
    )


@company_member_required
def _member_role_matches(
    request: HttpRequest, pk: int, *, company: Company
) -> HttpResponse:
    role = get_object_or_404(Role, pk=pk, company=company)
    form = MatchFilterForm(request.GET or None)
    # The page shows each candidate's outcome, not the verdict's stored reasons.
    matches = role_matches(role=role).defer(
        "profile__screening__result", "profile__screening__failed_rules"
    )
    if form.is_valid():
        matches = form.apply(matches)
    page = Paginator(
        matches.prefetch_related(*pages.MATCH_FACTS), MATCHES_PER_PAGE
    ).get_page(request.GET.get("page"))
    explain_matches(list(page.object_list))
    rules, today = current_rules(), timezone.localdate()
    shown = [m.profile_id for m in page.object_list]
    invited = pages.invited_profile_ids(role=role, profile_ids=shown)
    # An applicant gets a link to their application, not an invitation.
    applied = pages.applied_profile_ids(role=role, profile_ids=shown)
    # One offer for the page; the estimates come from the cache in one round trip.
    offer = role_offer(role)
    estimates = work_permits(
        pairs=[(m.profile, offer) for m in page.object_list], rules=rules, as_of=today
    )
    # Why each candidate fits: the same for every member, cached by what it says,
    # in each language.
    whys = cached_fragments(
        "match-why",
        [(m.summary, m.summary_phrases, m.components) for m in page.object_list],
        lambda i: render_to_string(
            "jobs/role_matches.html#why", {"match": page.object_list[i]}
        ),
    )
    for m, why in zip(page.object_list, whys, strict=True):
        m.why_html = why
    rows = [
        (m, estimate, applied.get(m.profile_id))
        for m, estimate in zip(page.object_list, estimates, strict=True)
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "jobs/role_matches.html",
        {
            "role": role,
            "form": form,
            "page": page,
            "rows": rows,
            "invited": invited,
            "query": query.urlencode(),
            "invite_form": ApplyInviteForm(),
        },
    )


def _visible_profile(company: Company, profile_id: int) -> CandidateProfile:
    return get_object_or_404(
        candidates_visible_to(company)
        .select_related("user", "screening")
        .prefetch_related("education", "positions", "skills", "languages"),
        pk=profile_id,
    )


def _role_id(text: str) -> int:
    """The `?role=` id; anything but a positive database integer is a bad request."""
    role_id = parse_db_id(text)
    if role_id is None:
        raise BadRequest(_("The role must be given by its number."))
    return role_id


@company_member_required
@require_GET
def candidate_detail(
    request: HttpRequest, profile_id: int, *, company: Company
) -> HttpResponse:
    """An age-free view of a candidate the company may see; every view is logged."""
    profile = _visible_profile(company, profile_id)
    role = None
    if request.GET.get("role"):
        role_id = _role_id(request.GET["role"])
        role = pages.company_role(company=company, pk=role_id)
    record_profile_view(
        profile=profile, company=company, viewer=request.user, role=role
    )
    match = pages.match_of(role=role, profile=profile)
    work_permit = (
        work_permit_for(profile, role, current_rules(), timezone.localdate())
        if role
        else None
    )
    # No invitation to a role the candidate has already applied to.
    applied = pages.roles_applied_to(profile=profile, company=company)
    roles = [r for r in pages.public_roles_of(company=company) if r.pk not in applied]
    return render(
        request,
        "jobs/candidate_detail.html",
        {
            "profile": profile,
            "role": role,
            "match": match,
            "work_permit": work_permit,
            "company_roles": roles,
            "invite_form": ApplyInviteForm(initial={"role": role.pk if role else None}),
        },
    )


@company_member_required
@require_GET
def candidate_cv(
    request: HttpRequest, profile_id: int, *, company: Company
) -> FileResponse:
    profile = _visible_profile(company, profile_id)
    if not profile.cv:
        raise Http404
    record_profile_view(profile=profile, company=company, viewer=request.user)
    return cv_response(profile)


@company_member_required
@require_POST
def invite_candidate(
    request: HttpRequest, profile_id: int, *, company: Company
) -> HttpResponse:
    profile = _visible_profile(company, profile_id)
    form = ApplyInviteForm(request.POST)
    role = None
    if form.is_valid():
        role = pages.company_role(
            company=company, pk=form.cleaned_data["role"], public=True
        )
    if role is None:
        messages.error(
            request, _("Choose one of your published roles to invite the candidate to.")
        )
        return redirect("jobs:candidate_detail", profile_id=profile.pk)
    try:
        _invitation, created = invite_to_apply(
            role=role,
            profile=profile,
            message=form.cleaned_data["message"],
            user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("jobs:role_matches", pk=role.pk)
    if created:
        messages.success(
            request, _("Invitation sent to %(name)s.") % {"name": profile.display_name}
        )
    else:
        messages.info(request, _("This candidate was already invited to this role."))
    return redirect("jobs:role_matches", pk=role.pk)


@seeker_required
@require_GET
def roles_for_you(request: AuthenticatedRequest) -> HttpResponse:
    """My best roles with the same explained score and my work-permit estimate."""
    profile = profile_for(request.user)
    matches = pages.best_roles_for(profile=profile)
    facts_profile = pages.profile_with_facts(profile=profile)
    rules, today = current_rules(), timezone.localdate()
    estimates = work_permits(
        pairs=[(facts_profile, role_offer(m.role)) for m in matches],
        rules=rules,
        as_of=today,
    )
    rows = list(zip(matches, estimates, strict=True))
    invitations = pages.apply_invitations_of(profile=profile)
    # A GET that writes, on purpose (documented in the README): opening this page
    # is how a candidate sees their invitations.
    mark_apply_invitations_seen(profile=profile)
    views = pages.profile_views_of(profile=profile)
    return render(
        request,
        "jobs/roles_for_you.html",
        {"rows": rows, "invitations": invitations, "views": views},
    )
