"""Score (role, candidate) pairs and pick the best matches; see `components` for rules.

Pure Python: no Django, no database, no clock. `top_matches` scores each pair with
numbers only and builds the explained `MatchResult` just for the winners, so one
role against 100,000 candidates stays well under a second on one core.

Ranking: score descending, then candidate (or role) id ascending — ints before
strings — so the output does not depend on the input order.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from typing import Final

from jobs.engines.matching.components import (
    CompiledRole,
    compile_role,
    component_messages,
    component_scores,
    skills_headline,
    skills_headline_phrase,
    total_score,
)
from jobs.engines.matching.config import (
    COMPONENT_NAMES,
    DEFAULT_MATCH_CONFIG,
    MatchConfig,
)
from jobs.engines.matching.model import (
    CandidateSummary,
    Component,
    MatchResult,
    RoleRequirements,
)
from jobs.engines.screening.outcomes import Phrase

_COMPILED: dict[tuple[RoleRequirements, MatchConfig], CompiledRole] = {}
_COMPILED_MAX: Final = 10_000


def compiled(role: RoleRequirements, config: MatchConfig) -> CompiledRole:
    """The role's precomputed form, memoised (roles and configs are hashable)."""
    key = (role, config)
    hit = _COMPILED.get(key)
    if hit is None:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        hit = _COMPILED[key] = compile_role(role, config)
    return hit


def compile_roles(
    roles: Iterable[RoleRequirements], config: MatchConfig = DEFAULT_MATCH_CONFIG
) -> list[CompiledRole]:
    """Every role's precomputed form, once, for a batch that scores them all.

    Not through the memo: a batch over more open roles than `_COMPILED_MAX`
    would empty it on every pass and recompile each role for every candidate.
    """
    return [compile_role(role, config) for role in roles]


def _prepared(
    role: RoleRequirements | CompiledRole, config: MatchConfig
) -> CompiledRole:
    return role if isinstance(role, CompiledRole) else compiled(role, config)


def _summary(
    cr: CompiledRole, parts: list[tuple[float, float, str, bool, Phrase]]
) -> tuple[str, tuple[Phrase, ...]]:
    """Join the messages of the constrained components that say the most (and the
    same as phrases).

    Priority: points lost (weight x (1 - score)) first, then weight; the chosen
    messages are shown in component order.
    """
    chosen = sorted(
        (i for i, (_, _, _, constrained, _) in enumerate(parts) if constrained),
        key=lambda i: (-parts[i][1] * (1 - parts[i][0]), -parts[i][1], i),
    )[: cr.config.summary_parts]
    if not chosen:
        return "the role sets no requirements", (Phrase("match.summary.none"),)
    texts = []
    phrases = []
    for i in sorted(chosen):
        if i == 0:
            texts.append(skills_headline(parts[i][2]))
            phrases.append(skills_headline_phrase(parts[i][4]))
        else:
            texts.append(parts[i][2])
            phrases.append(parts[i][4])
    return "; ".join(texts), tuple(phrases)


def explain(cr: CompiledRole, candidate: CandidateSummary) -> MatchResult:
    """The full, explained result for one pair against a compiled role."""
    scores = component_scores(cr, candidate)
    messages = component_messages(cr, candidate)
    parts = [
        (score, weight, message, constrained, phrase)
        for score, weight, (message, constrained, phrase) in zip(
            scores, cr.weights, messages, strict=True
        )
    ]
    components = tuple(
        Component(name, score, weight, message, phrase.code, phrase.params)
        for name, (score, weight, message, _, phrase) in zip(
            COMPONENT_NAMES, parts, strict=True
        )
    )
    summary, summary_phrases = _summary(cr, parts)
    return MatchResult(
        role_id=cr.role.role_id,
        candidate_id=candidate.candidate_id,
        score=total_score(cr, candidate),
        components=components,
        summary=summary,
        summary_phrases=summary_phrases,
    )


def score_match(
    role: RoleRequirements,
    candidate: CandidateSummary,
    *,
    config: MatchConfig = DEFAULT_MATCH_CONFIG,
) -> MatchResult:
    """Score one (role, candidate) pair, every component explained."""
    return explain(compiled(role, config), candidate)


def id_key(value: int | str) -> tuple[int, int, str]:
    """A total order over mixed int and str ids: ints first, by value."""
    if isinstance(value, int):
        return (0, value, "")
    return (1, 0, str(value))


def _best[T](
    scores: list[int], items: list[T], limit: int, ident: Callable[[T], int | str]
) -> list[tuple[int, T]]:
    """The `limit` best (score, item) pairs by score desc, then id asc.

    The limit-th best score is found with heapq over plain ints; only items at or
    above it (ties included) are sorted, so the result ignores the input order.
    """
    if len(scores) > limit:
        threshold = heapq.nlargest(limit, scores)[-1]
        pairs = [
            (s, item) for s, item in zip(scores, items, strict=True) if s >= threshold
        ]
    else:
        pairs = list(zip(scores, items, strict=True))
    pairs.sort(key=lambda pair: (-pair[0], id_key(ident(pair[1]))))
    return pairs[:limit]


def top_matches(
    role: RoleRequirements | CompiledRole,
    candidates: Iterable[CandidateSummary],
    *,
    limit: int = 50,
    min_score: int | None = None,
    config: MatchConfig = DEFAULT_MATCH_CONFIG,
) -> list[MatchResult]:
    """The best `limit` candidates for a role scoring at least `min_score`.

    `min_score` defaults to `config.min_score`. Sorted by score descending, then
    candidate id; only the winners get their messages built.
    """
    if limit <= 0:
        return []
    cr = _prepared(role, config)
    floor = config.min_score if min_score is None else min_score
    # Two flat lists, not a tuple per pair: fewer allocations, less GC work.
    scores: list[int] = []
    kept: list[CandidateSummary] = []
    for candidate in candidates:
        score = total_score(cr, candidate)
        if score >= floor:
            scores.append(score)
            kept.append(candidate)
    best = _best(scores, kept, limit, lambda c: c.candidate_id)
    return [explain(cr, candidate) for _, candidate in best]


def scores_for_role(
    role: RoleRequirements,
    candidates: Iterable[CandidateSummary],
    *,
    min_score: int | None = None,
    config: MatchConfig = DEFAULT_MATCH_CONFIG,
) -> list[tuple[int | str, int]]:
    """(candidate id, score) for every candidate scoring at least `min_score`.

    Numbers only, no messages: merging a new role into each candidate's own best
    list must score everyone, and only the few who take it in need explaining.
    """
    cr = compiled(role, config)
    floor = config.min_score if min_score is None else min_score
    pairs = []
    for candidate in candidates:
        score = total_score(cr, candidate)
        if score >= floor:
            pairs.append((candidate.candidate_id, score))
    return pairs


def top_roles(
    candidate: CandidateSummary,
    roles: Iterable[RoleRequirements | CompiledRole],
    *,
    limit: int = 20,
    min_score: int | None = None,
    config: MatchConfig = DEFAULT_MATCH_CONFIG,
) -> list[MatchResult]:
    """The best `limit` roles for a candidate, sorted like `top_matches` by role id.

    `roles` may be compiled already (`compile_roles`): a batch of candidates
    then compiles each role once, not once per candidate.
    """
    if limit <= 0:
        return []
    floor = config.min_score if min_score is None else min_score
    scores: list[int] = []
    kept: list[CompiledRole] = []
    for role in roles:
        cr = _prepared(role, config)
        score = total_score(cr, candidate)
        if score >= floor:
            scores.append(score)
            kept.append(cr)
    best = _best(scores, kept, limit, lambda cr: cr.role.role_id)
    return [explain(cr, candidate) for _, cr in best]
