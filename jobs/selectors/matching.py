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


def role_matches(*, role: Role):
    """The role's stored best matches that the company may still see, best first."""
    visible = candidates_visible_to(role.company).values("pk")
    return (
        Match.objects.filter(role=role, for_role=True, profile__in=visible)
        .select_related("profile", "profile__screening", "profile__match_card")
        .order_by("-score", "profile_id")
    )


def match_counts_for(company) -> dict[int, int]:
    """Matching candidates the company may see, per role (one query)."""
    visible = candidates_visible_to(company).values("pk")
    rows = (
        Match.objects.filter(role__company=company, for_role=True, profile__in=visible)
        .values("role")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["role"]: row["n"] for row in rows}
