"""What the seeker and employer pages list: each view calls one of these.

Plain reads, no writes; the querysets are lazy, so a template that slices or
paginates them reads only what it shows.
"""

from django.conf import settings
from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)

from accounts.models import CandidateProfile, Education, Position, User
from jobs.engines.screening.outcomes import Outcome
from jobs.models import (
    Application,
    ApplyInvitation,
    Company,
    Match,
    Membership,
    ProfileView,
    Role,
    SavedRole,
    SavedSearch,
    Screening,
)
from jobs.selectors.api_keys import keys_of
from jobs.selectors.matching import explain_matches, stored_match

# What a work-permit estimate reads about a matched candidate.
MATCH_FACTS = (
    Prefetch("profile__education", queryset=Education.objects.all()),
    Prefetch("profile__positions", queryset=Position.objects.all()),
)


# --- seekers -------------------------------------------------------------------------


def applications_of(*, user: User) -> QuerySet[Application]:
    """A seeker's applications, newest first."""
    return (
        Application.objects.of_candidate(user)
        .select_related("role__company")
        .order_by("-applied_at")
    )


def saved_roles_of(*, user: User) -> QuerySet[SavedRole]:
    """A seeker's saved roles that are still public."""
    return SavedRole.objects.filter(
        user=user, role__in=Role.objects.public().values("pk")
    ).select_related("role__company")


def saved_searches_of(*, user: User) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user)


def best_roles_for(*, profile: CandidateProfile, limit: int = 20) -> list[Match]:
    """A candidate's best public roles, best first, explained (`explain_matches`)."""
    matches = list(
        Match.objects.filter(
            profile=profile, for_candidate=True, role__in=Role.objects.public()
        )
        .select_related("role__company")
        .order_by("-score", "role_id")[:limit]
    )
    explain_matches(matches)
    return matches


def profile_with_facts(*, profile: CandidateProfile) -> CandidateProfile:
    """The profile again, with what a work-permit estimate reads."""
    return CandidateProfile.objects.prefetch_related("education", "positions").get(
        pk=profile.pk
    )


def with_facts(*, profile: CandidateProfile) -> CandidateProfile:
    """The same profile with its education and positions loaded (two queries)."""
    prefetch_related_objects([profile], "education", "positions")
    return profile


def apply_invitations_of(
    *, profile: CandidateProfile, limit: int = 20
) -> list[ApplyInvitation]:
    return list(
        ApplyInvitation.objects.filter(profile=profile).select_related("role__company")[
            :limit
        ]
    )


def profile_views_of(
    *, profile: CandidateProfile, limit: int = 50
) -> QuerySet[ProfileView]:
    return ProfileView.objects.filter(profile=profile).select_related(
        "company", "role"
    )[:limit]


# --- employers -----------------------------------------------------------------------


def team_of(*, company: Company) -> dict:
    """The members of a company, its open invitations (50 at most) and its API
    keys (every active one, then the 50 last revoked)."""
    return {
        "members": Membership.objects.filter(company=company).select_related("user"),
        "invitations": company.invitations.filter(accepted_at__isnull=True)[:50],
        "api_keys": keys_of(company=company)[: settings.API_KEYS_PER_COMPANY + 50],
        "api_key_limit": settings.API_KEYS_PER_COMPANY,
    }


# The applicants table's sort keys (`?sort=`), newest/best first; the first is
# the default. Ties fall back to the application id, so the order is stable.
APPLICANT_SORTS = {
    "applied": ("-applied_at", "-pk"),
    "outlook": ("-outlook_rank", "-applied_at", "-pk"),
    # Unscored applicants last on every database (PostgreSQL sorts NULL first).
    "score": (F("score").desc(nulls_last=True), "-applied_at", "-pk"),
}


def role_applications(*, role: Role, sort: str = "applied") -> QuerySet[Application]:
    """A role's applications with each candidate's K-visa outcome (`outlook`, its
    rank `outlook_rank`: -1 when never screened) and stored match `score` (None
    when not among the role's matches); sorted by `sort` (APPLICANT_SORTS)."""
    outcome = "candidate__profile__screening__outcome"
    return (
        Application.objects.filter(role=role)
        .select_related("candidate__profile__screening")
        .annotate(
            outlook_rank=Case(
                *(When(**{outcome: o.value}, then=Value(o.rank)) for o in Outcome),
                default=Value(-1),
                output_field=IntegerField(),
            ),
            score=Subquery(
                Match.objects.filter(
                    role_id=OuterRef("role_id"),
                    profile__user_id=OuterRef("candidate_id"),
                ).values("score")[:1]
            ),
        )
        .order_by(*APPLICANT_SORTS.get(sort, APPLICANT_SORTS["applied"]))
    )


def applicant_profile(*, application: Application) -> CandidateProfile | None:
    """The applicant's full profile (None once the account is deleted)."""
    if application.candidate_id is None:
        return None
    return (
        CandidateProfile.objects.with_details()
        .filter(user_id=application.candidate_id)
        .first()
    )


def screening_of(*, profile: CandidateProfile) -> Screening | None:
    """The candidate's current K-visa pre-screen, or None if never screened."""
    return Screening.objects.filter(profile=profile).first()


def company_role(*, company: Company, pk: int, public: bool = False) -> Role | None:
    """One of the company's roles (only a public one with `public`), or None."""
    roles = Role.objects.public() if public else Role.objects.all()
    return roles.filter(pk=pk, company=company).first()


def public_role(*, pk: int) -> Role | None:
    """A public role with what its page shows (company, skills), or None."""
    return (
        Role.objects.public()
        .select_related("company", "city_place")
        .prefetch_related("required_skills", "preferred_skills")
        .filter(pk=pk)
        .first()
    )


def seeker_role_state(*, user: User, role: Role) -> tuple[Application | None, bool]:
    """The seeker's application to `role` (if any) and whether they saved it."""
    application = Application.objects.filter(role=role, candidate=user).first()
    saved = SavedRole.objects.filter(role=role, user=user).exists()
    return application, saved


def verified_company(*, pk: int) -> Company | None:
    return Company.objects.verified().filter(pk=pk).first()


def listed_roles_of(*, company: Company, limit: int = 100) -> list[Role]:
    """A verified company's public roles as its public page lists them."""
    return list(Role.objects.public().filter(company=company).for_listing()[:limit])


def public_roles_of(*, company: Company) -> QuerySet[Role]:
    return Role.objects.filter(company=company).public().order_by("title")


def match_of(*, role: Role | None, profile: CandidateProfile) -> Match | None:
    """The pair's stored match, explained; None without a role or if not stored."""
    return stored_match(role=role, profile=profile) if role else None


def invited_profile_ids(*, role: Role, profile_ids: list[int]) -> set[int]:
    """Which of these candidates the role has already invited to apply."""
    return set(
        ApplyInvitation.objects.filter(
            role=role, profile_id__in=profile_ids
        ).values_list("profile_id", flat=True)
    )


def applied_profile_ids(*, role: Role, profile_ids: list[int]) -> dict[int, int]:
    """Which of these candidates have applied to the role (not withdrawn): profile
    id to application id, so a page can link the application instead of inviting."""
    return dict(
        Application.objects.active()
        .filter(role=role, candidate__profile__in=profile_ids)
        .values_list("candidate__profile", "pk")
    )


def roles_applied_to(*, profile: CandidateProfile, company: Company) -> set[int]:
    """The company's roles the candidate has applied to (not withdrawn)."""
    return set(
        Application.objects.active()
        .filter(role__company=company, candidate_id=profile.user_id)
        .values_list("role_id", flat=True)
    )


def invitation_behind(*, application: Application) -> ApplyInvitation | None:
    """The invitation to apply that the application answered, if any."""
    if application.candidate_id is None:
        return None
    return (
        ApplyInvitation.objects.filter(
            role_id=application.role_id, profile__user_id=application.candidate_id
        )
        .select_related("role__company")
        .first()
    )
