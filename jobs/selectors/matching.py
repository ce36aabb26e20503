"""Matching reads: the candidates and applications a company may open, a role's
best candidates, and match counts for the employer dashboard."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts.models import VISIBLE_TO_EMPLOYERS, CandidateProfile
from jobs.models import (
    Application,
    Match,
    Role,
    Stage,
)


def candidates_visible_to(company) -> "QuerySet[CandidateProfile]":
    """The one definition of the profiles a company may open: discoverable (if the
    company is verified) or candidates with an application to one of its roles
    that they have not withdrawn (withdrawing takes the profile back)."""
    applied = Application.objects.shared_profile().filter(
        role__company=company, candidate=OuterRef("user")
    )
    visible = Q(Exists(applied))
    if company.verified_at is not None:
        visible |= VISIBLE_TO_EMPLOYERS
    return CandidateProfile.objects.filter(visible)


def applications_visible_to(company) -> "QuerySet[Application]":
    """Applications to the company's roles its members may open.

    A withdrawn application stays open only while its candidate is otherwise
    visible to the company (`candidates_visible_to`), or when the account is
    deleted (nothing personal is left); otherwise it is a 404 like the CV.
    """
    visible = candidates_visible_to(company).filter(user=OuterRef("candidate"))
    return Application.objects.of_company(company).filter(
        ~Q(stage=Stage.WITHDRAWN) | Q(candidate__isnull=True) | Exists(visible)
    )


def _on_profile(condition: Q) -> Q:
    """A flat condition on a profile (VISIBLE_TO_EMPLOYERS), said of a match's."""
    children = []
    for child in condition.children:
        assert isinstance(child, tuple), "only a flat condition of lookups"
        children.append((f"profile__{child[0]}", child[1]))
    return Q(*children, _connector=condition.connector, _negated=condition.negated)


def match_visible_to(company) -> Q:
    """`candidates_visible_to` as a condition on a match's own candidate.

    The same rule, checked for each of the role's stored matches (through the
    match's profile and an indexed EXISTS on the applications) instead of
    building the set of every profile the company may see: the cost follows the
    matches read, not the number of candidates on the portal.
    """
    applied = Application.objects.shared_profile().filter(
        role__company=company, candidate=OuterRef("profile__user_id")
    )
    visible = Q(Exists(applied))
    if company.verified_at is not None:
        visible |= _on_profile(VISIBLE_TO_EMPLOYERS)
    return visible


def role_matches(*, role: Role):
    """The role's stored best matches that the company may still see, best first."""
    return (
        Match.objects.filter(match_visible_to(role.company), role=role, for_role=True)
        .select_related("profile", "profile__screening")
        .order_by("-score", "profile_id")
    )


def match_counts_for(company) -> dict[int, int]:
    """Matching candidates the company may see, per role (one query)."""
    rows = (
        Match.objects.filter(
            match_visible_to(company), role__company=company, for_role=True
        )
        .values("role")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["role"]: row["n"] for row in rows}
