"""Matching reads: the candidates and applications a company may open, a role's
best candidates, match counts for the employer dashboard, and why a stored match
scores what it does."""

from collections.abc import Sequence

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import VISIBLE_TO_EMPLOYERS, CandidateProfile
from jobs.engines.matching.components import compile_role
from jobs.engines.matching.config import DEFAULT_MATCH_CONFIG
from jobs.engines.matching.engine import explain
from jobs.engines.matching.model import Component, MatchResult
from jobs.engines.screening.outcomes import params_json, phrase_json
from jobs.models import (
    Application,
    CandidateCard,
    Match,
    Role,
    Stage,
)
from jobs.selectors.engine_inputs import requirements_for, requirements_of, summary_of


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


# --- why a match scores what it does -----------------------------------------------


def component_json(c: Component) -> dict:
    """A component as the pages and the API read it: its English message, and its
    id and parameters for the reader's language (jobs/web/reasons.py)."""
    return {
        "name": c.name,
        "score": c.score,
        "weight": c.weight,
        "message": c.message,
        "code": c.code,
        "params": params_json(c.params),
    }


def _explain_onto(match: Match, result: MatchResult | None) -> None:
    if result is None:
        match.components, match.summary, match.summary_phrases = [], "", []
        return
    match.components = [component_json(c) for c in result.components]
    match.summary = result.summary
    match.summary_phrases = [phrase_json(p) for p in result.summary_phrases]


def explain_matches[M: Match](matches: Sequence[M]) -> Sequence[M]:
    """Give each stored match its explanation, from the role and the candidate's card
    as they are now: `components` (dicts, see `component_json`), `summary` and
    `summary_phrases`; the same matches back. Four queries for any number (the roles
    with their skills, the cards).

    A stored match keeps only its score: explaining a pair costs about ten times
    scoring it, and matching stores tens of thousands of pairs for every page that
    shows fifty. The stored score is shown; the explanation is the engine's for the
    same pair (the card and the role are what the score was computed from until
    either changes, and a change queues the refresh of their matches). A pair
    without a card, or whose card the engine cannot read, keeps its score and says
    nothing more.
    """
    if not matches:
        return matches
    roles = {
        requirements.role_id: compile_role(requirements, DEFAULT_MATCH_CONFIG)
        for requirements in requirements_for(
            Role.objects.filter(pk__in={m.role_id for m in matches})
        )
    }
    cards = {
        card.profile_id: card
        for card in CandidateCard.objects.filter(
            profile_id__in={m.profile_id for m in matches}
        )
    }
    for match in matches:
        role, card = roles.get(match.role_id), cards.get(match.profile_id)
        result = None
        if role is not None and card is not None:
            try:
                result = explain(role, summary_of(card))
            except (ValueError, TypeError):  # a card the engine cannot read
                result = None
        _explain_onto(match, result)
    return matches


def stored_match(*, role: Role, profile: CandidateProfile) -> Match | None:
    """The pair's stored match, explained (`explain_matches`); None if not stored."""
    stored = Match.objects.filter(role=role, profile=profile).first()
    if stored is not None:
        explain_matches([stored])
    return stored


def explained_match(*, role: Role, profile: CandidateProfile) -> Match | None:
    """The pair's stored match, explained; or (not stored) one scored now from the
    candidate's card, unsaved. None without a card (a profile never screened)."""
    stored = stored_match(role=role, profile=profile)
    if stored is not None:
        return stored
    card = CandidateCard.objects.filter(profile=profile).first()
    if card is None:
        return None
    try:
        result = explain(
            compile_role(requirements_of(role), DEFAULT_MATCH_CONFIG), summary_of(card)
        )
    except (ValueError, TypeError):  # a card the engine cannot read
        return None
    match = Match(
        role=role,
        profile=profile,
        score=result.score,
        for_role=False,
        for_candidate=False,
        refreshed_at=timezone.now(),
    )
    _explain_onto(match, result)
    return match
