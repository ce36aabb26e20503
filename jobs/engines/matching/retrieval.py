"""Retrieve-then-rank: an inverted index and a score bound, so only plausible pairs
are scored, with the same top lists as scoring every pair.

Pure Python: no Django, no database, no clock.

The index. `RoleIndex` compiles each role once and keeps postings from a skill key
(the canonical slug: synonyms and Chinese names are folded to it upstream, by
`accounts.skills.skill_key`) to the roles for which that skill can earn credit —
the skills asked for, their siblings and their parents (`CompiledRole.relevant_skills`).
A candidate *retrieves* a role when their expanded skills (their own plus every
broader skill they fit) meet one of its postings; `CandidateIndex` is the converse,
postings from a skill to the candidates whose expanded skills hold it.

The bound. The score is a weighted mean of seven components, each in 0..1. Only the
skills component needs a shared skill: field, degree, experience, languages, city
and salary give points to pairs that share nothing (an unknown fact earns the
unknown credit, a salary below the range scores 1). So the bound of a pair is its
exact skills score plus the full weight of every other component the role asks
about (`bound`), rounded the way `total_score` rounds, plus a hair for float error.
For a pair the index did not retrieve, the skills score is exactly the role's score
for no skills at all (1 for a role listing none, 0.8 for one listing only preferred
skills), so its bound `RoleIndex.floor_bound` depends on the role alone.

Exactness. A top list keeps its `limit`-th best score as its threshold (the minimum
score while it is not full). A pair is skipped only when its bound is *below* the
threshold at that moment: its score is then below `limit` pairs already kept, and
thresholds only rise, so it cannot be in the final list (a pair whose bound equals
the threshold is scored: it could win on the id tie-break). Unretrieved pairs are
visited in the order of `floor_bound`, highest first, and the visit stops at the first
below the threshold: when a list is not full, or a role's bound for "no shared skill"
could still beat its 50th score, more pairs are scored, never fewer.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from jobs.engines.matching.components import (
    CompiledRole,
    _skills_from,
    compile_role,
    skills_score,
    total_score,
)
from jobs.engines.matching.config import DEFAULT_MATCH_CONFIG, MatchConfig
from jobs.engines.matching.engine import _best, explain
from jobs.engines.matching.model import CandidateSummary, MatchResult, RoleRequirements
from jobs.engines.matching.synonyms import expand

# Summation order differs between the bound and the score; never let 1 ulp round
# the score above its bound.
_SLACK: Final = 1e-9
_EMPTY: Final[frozenset[str]] = frozenset()


def _rounded(total: float, weight_sum: float) -> int:
    """`total_score`'s rounding (half up, clamped) of a weighted total, plus slack."""
    return min(100, max(0, math.floor(100.0 * total / weight_sum + 0.5 + _SLACK)))


def _rest(cr: CompiledRole) -> tuple[float, float]:
    """(skills weight if the role scores skills else 0, the most every other
    component can add: the constant plus the weights of the active scorers)."""
    skill_weight = 0.0
    rest = cr.constant
    for weight, scorer in cr.active:
        if scorer is skills_score:
            skill_weight = weight
        else:
            rest += weight
    return skill_weight, rest


def bound(cr: CompiledRole, candidate: CandidateSummary) -> int:
    """An upper bound of `total_score(cr, candidate)`: the exact skills score, every
    other component the role asks about at full credit."""
    skill_weight, rest = _rest(cr)
    if not skill_weight:
        return _rounded(rest, cr.weight_sum)
    return _rounded(rest + skill_weight * skills_score(cr, candidate), cr.weight_sum)


def _score(cr: CompiledRole, candidate: CandidateSummary) -> int:
    """`total_score`, same arithmetic in the same order, without the role's skills
    memo: in a batch few candidates share their hits, and 20,000 memos would hold
    millions of entries (the batch's memory must stay bounded)."""
    total = cr.constant
    for weight, scorer in cr.active:
        if scorer is skills_score:
            part = _skills_from(cr, expand(candidate.skills) & cr.relevant_skills)
        else:
            part = scorer(cr, candidate)
        total += weight * part
    return min(100, max(0, math.floor(100.0 * total / cr.weight_sum + 0.5)))


class _Top[T]:
    """The best `limit` (score, item) pairs seen, ties kept, and the threshold a new
    pair must reach: the `limit`-th best score (a min-heap of the best scores), or
    `floor` while not full."""

    __slots__ = ("compact_at", "floor", "heap", "items", "limit", "scores", "theta")

    def __init__(self, limit: int, floor: int) -> None:
        self.limit = limit
        self.floor = floor
        self.theta = floor if limit > 0 else 101
        self.heap: list[int] = []
        self.scores: list[int] = []
        self.items: list[T] = []
        self.compact_at = max(4 * limit, 64)

    def add(self, score: int, item: T) -> None:
        if score < self.theta:
            return
        self.scores.append(score)
        self.items.append(item)
        heap = self.heap
        if len(heap) < self.limit:
            heapq.heappush(heap, score)
            if len(heap) == self.limit:
                self.theta = max(self.floor, heap[0])
        elif score > heap[0]:
            heapq.heapreplace(heap, score)
            self.theta = max(self.floor, heap[0])
        if len(self.scores) >= self.compact_at:
            self._compact()

    def _compact(self) -> None:
        """Drop the pairs below the threshold (ties stay); amortised by doubling."""
        theta = self.theta
        kept = [
            (s, item)
            for s, item in zip(self.scores, self.items, strict=True)
            if s >= theta
        ]
        self.scores = [s for s, _ in kept]
        self.items = [item for _, item in kept]
        self.compact_at = max(4 * self.limit, 64, 2 * len(self.scores))

    def threshold(self) -> int:
        """The threshold (always current)."""
        return self.theta

    def best(self, ident: Callable[[T], int | str]) -> list[tuple[int, T]]:
        return _best(self.scores, self.items, self.limit, ident)


@dataclass(slots=True)
class Stats:
    """Work done: pairs the bound was computed for, pairs fully scored."""

    pairs: int = 0
    bounded: int = 0
    scored: int = 0


def _skill_bound(
    cr: CompiledRole, full_required: int, full_preferred: int, partial: float
) -> float:
    """The most the skills score can be when exactly this many required and
    preferred skills are fully met and any other may earn partial credit."""
    cfg = cr.config
    n_req, n_pref = len(cr.required), len(cr.preferred)
    req = (full_required + (n_req - full_required) * partial) / n_req if n_req else 1.0
    if not n_pref:
        return req
    pref = (full_preferred + (n_pref - full_preferred) * partial) / n_pref
    return (1.0 - cfg.preferred_share) * req + cfg.preferred_share * pref


def _places(bounds: list[int]) -> tuple[list[int], list[int]]:
    """Positions by bound, highest first, and each position's place in that order."""
    order = sorted(range(len(bounds)), key=lambda i: -bounds[i])
    rank = [0] * len(bounds)
    for place, i in enumerate(order):
        rank[i] = place
    return order, rank


@dataclass(slots=True)
class RoleIndex:
    """Open roles compiled once for a batch, with skill postings and their bounds.

    Three postings per skill key: the roles asking for it as a required skill, as
    a preferred one, and every role for which it can earn any credit. A pair falls
    in one of three classes, each with a bound read off the postings:

    * it meets an asked skill: the bound counts the asked skills fully met, every
      other one at the best partial credit;
    * it shares only a sibling or a parent (`weak_bound`): no asked skill is met;
    * it shares no skill key (`floor_bound`): the skills score is the role's
      score for no skills, exactly.
    """

    roles: list[CompiledRole]
    postings: dict[str, list[int]]
    required: dict[str, list[int]]
    preferred: dict[str, list[int]]
    asked: list[frozenset[str]]
    skill_weight: list[float]
    rest: list[float]
    weak_bound: list[int]
    floor_bound: list[int]
    # Positions by floor_bound (and by weak_bound), highest first, and each
    # position's place in that order.
    order: list[int]
    rank: list[int]
    weak_order: list[int]
    weak_rank: list[int]
    config: MatchConfig = DEFAULT_MATCH_CONFIG
    by_id: dict[int | str, int] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        roles: Iterable[RoleRequirements | CompiledRole],
        config: MatchConfig = DEFAULT_MATCH_CONFIG,
    ) -> RoleIndex:
        """Compile each role once and index it by every skill that earns credit."""
        compiled = [
            r if isinstance(r, CompiledRole) else compile_role(r, config) for r in roles
        ]
        partial = max(config.sibling_credit, config.parent_credit)
        postings: dict[str, list[int]] = {}
        required: dict[str, list[int]] = {}
        preferred: dict[str, list[int]] = {}
        asked: list[frozenset[str]] = []
        weights: list[float] = []
        rests: list[float] = []
        weak: list[int] = []
        floors: list[int] = []
        for i, cr in enumerate(compiled):
            skill_weight, rest = _rest(cr)
            weights.append(skill_weight)
            rests.append(rest)
            if not skill_weight:  # skills do not count: any candidate may score it
                asked.append(_EMPTY)
                floors.append(_rounded(rest, cr.weight_sum))
                weak.append(floors[-1])
                continue
            for skill in cr.relevant_skills:
                postings.setdefault(skill, []).append(i)
            for skill, _, _ in cr.required:
                required.setdefault(skill, []).append(i)
            for skill, _, _ in cr.preferred:
                preferred.setdefault(skill, []).append(i)
            asked.append(cr.role.required_skills | cr.role.preferred_skills)
            none = _skills_from(cr, _EMPTY)
            floors.append(_rounded(rest + skill_weight * none, cr.weight_sum))
            top = _skill_bound(cr, 0, 0, partial)
            weak.append(_rounded(rest + skill_weight * top, cr.weight_sum))
        order, rank = _places(floors)
        weak_order, weak_rank = _places(weak)
        return cls(
            roles=compiled,
            postings=postings,
            required=required,
            preferred=preferred,
            asked=asked,
            skill_weight=weights,
            rest=rests,
            weak_bound=weak,
            floor_bound=floors,
            order=order,
            rank=rank,
            weak_order=weak_order,
            weak_rank=weak_rank,
            config=config,
            by_id={cr.role.role_id: i for i, cr in enumerate(compiled)},
        )

    def retrieve(self, candidate: CandidateSummary) -> set[int]:
        """Positions of the roles sharing a skill key with the candidate."""
        found: set[int] = set()
        postings = self.postings
        for skill in expand(candidate.skills):
            hit = postings.get(skill)
            if hit is not None:
                found.update(hit)
        return found

    def asked_bounds(self, expanded: frozenset[str]) -> list[tuple[int, int]]:
        """(bound, position) of every role with an asked skill among `expanded`,
        highest bound first. The counting runs in C (`Counter.update`)."""
        req: Counter[int] = Counter()
        pref: Counter[int] = Counter()
        for skill in expanded:
            hit = self.required.get(skill)
            if hit is not None:
                req.update(hit)
            hit = self.preferred.get(skill)
            if hit is not None:
                pref.update(hit)
        partial = max(self.config.sibling_credit, self.config.parent_credit)
        roles, rest, weights = self.roles, self.rest, self.skill_weight
        found = []
        for i in req.keys() | pref.keys():
            cr = roles[i]
            top = _skill_bound(cr, req[i], pref[i], partial)
            found.append((_rounded(rest[i] + weights[i] * top, cr.weight_sum), i))
        found.sort(reverse=True)
        return found

    def pair_bound(self, i: int, candidate: CandidateSummary) -> int:
        """The bound of one pair with its exact skills score."""
        cr = self.roles[i]
        weight = self.skill_weight[i]
        if not weight:
            return self.floor_bound[i]
        # Not through the role's memo: in a batch few candidates share their hits,
        # and 20k memos would hold millions of entries.
        hits = expand(candidate.skills) & cr.relevant_skills
        return _rounded(self.rest[i] + weight * _skills_from(cr, hits), cr.weight_sum)


@dataclass(slots=True)
class BatchMatches:
    """What `match_batch` found: each candidate's best roles, each role's best
    candidates from the batch (only roles some candidate enters), each role's
    final threshold, and the work done."""

    for_candidates: dict[int | str, list[MatchResult]]
    for_roles: dict[int | str, list[MatchResult]]
    thresholds: dict[int | str, int]
    stats: Stats


def match_batch(
    index: RoleIndex,
    candidates: Sequence[CandidateSummary],
    *,
    roles_per_candidate: int = 20,
    candidates_per_role: int = 50,
    compete: Collection[int | str] | None = None,
    role_floors: Sequence[int] | None = None,
    min_score: int | None = None,
    explain_roles: bool = True,
) -> BatchMatches:
    """For a batch of candidates against every indexed role, exactly what
    `top_roles` (per candidate) and `top_matches` (per role, over the candidates in
    `compete`, all by default) return, scoring only the pairs the bounds let through.

    `role_floors[i]` is the lowest score that may enter role i's list (e.g. one above
    the stored list's lowest when that list is full); `min_score` applies too.
    `explain_roles=False` skips building the roles' results (`thresholds` only).
    """
    config = index.config
    floor = config.min_score if min_score is None else min_score
    n = len(index.roles)
    stats = Stats(pairs=n * len(candidates))
    roles = index.roles
    order, rank, floor_bound = index.order, index.rank, index.floor_bound
    weak_order, weak_rank, weak_bound = (
        index.weak_order,
        index.weak_rank,
        index.weak_bound,
    )
    entry = [max(floor, f) for f in role_floors] if role_floors else [floor] * n
    lowest_entry = min(entry, default=101)
    role_tops: list[_Top[CandidateSummary] | None] = [None] * n

    def role_top(i: int) -> _Top[CandidateSummary]:
        top = role_tops[i]
        if top is None:
            top = role_tops[i] = _Top(candidates_per_role, entry[i])
        return top

    def role_theta(i: int) -> int:
        top = role_tops[i]
        return entry[i] if top is None else top.theta

    def score(i: int, candidate: CandidateSummary, mine: _Top[int] | None) -> None:
        value = _score(roles[i], candidate)
        stats.scored += 1
        if mine is not None:
            mine.add(value, i)
        if competes:
            role_top(i).add(value, candidate)

    results: dict[int | str, list[MatchResult]] = {}
    # Per competing candidate: its expanded skills and where its scans of the weakly
    # retrieved and the unretrieved roles stopped, for the roles' own pass below.
    competing: list[tuple[CandidateSummary, frozenset[str], int, int]] = []
    for candidate in candidates:
        competes = compete is None or candidate.candidate_id in compete
        mine: _Top[int] = _Top(roles_per_candidate, floor)
        expanded = expand(candidate.skills)
        # 1. Roles asking for a skill the candidate has: best count bound first.
        strong = index.asked_bounds(expanded)
        for ub, i in strong:
            stats.bounded += 1
            if ub < mine.threshold():
                if not competes or ub < lowest_entry:
                    break  # sorted: no later role can enter either list
                if ub < role_theta(i):
                    continue
            exact = index.pair_bound(i, candidate)
            if exact < mine.theta and (not competes or exact < role_theta(i)):
                continue
            score(i, candidate, mine)
        met = {i for _, i in strong}
        weak = index.retrieve(candidate)
        # 2. Roles sharing only a sibling or a parent skill, highest bound first.
        stop_weak = n
        for place, i in enumerate(weak_order):
            if weak_bound[i] < mine.threshold():
                stop_weak = place
                break
            if i not in weak or i in met:
                continue
            stats.bounded += 1
            exact = index.pair_bound(i, candidate)
            if exact >= mine.theta:
                score(i, candidate, mine)
            elif competes and exact >= role_theta(i):
                score(i, candidate, None)
        # 3. Roles sharing no skill key, highest bound first.
        stop = n
        for place, i in enumerate(order):
            if floor_bound[i] < mine.threshold():
                stop = place
                break
            if i in weak:
                continue
            score(i, candidate, mine)
        results[candidate.candidate_id] = [
            explain(roles[i], candidate)
            for _, i in mine.best(lambda i: roles[i].role.role_id)
        ]
        if competes:
            competing.append((candidate, expanded, stop_weak, stop))
    # The roles' side of the pairs no candidate's scan reached (classes 2 and 3),
    # wherever the role's bound for them can still enter its list. Postings by
    # skill over the competing candidates find each role's class 2 without a loop.
    competes = True
    by_skill: dict[str, set[int]] = {}
    for k, (_, expanded, _, _) in enumerate(competing):
        for skill in expanded:
            by_skill.setdefault(skill, set()).add(k)
    everyone = range(len(competing))
    for i in range(n):
        theta = role_theta(i)
        need_weak, need_none = weak_bound[i] >= theta, floor_bound[i] >= theta
        if not (need_weak or need_none):
            continue
        cr = roles[i]
        relevant = cr.relevant_skills if index.skill_weight[i] else _EMPTY
        shared: set[int] = set()
        for skill in relevant:
            shared.update(by_skill.get(skill, ()))
        meets: set[int] = set()
        for skill in index.asked[i]:
            meets.update(by_skill.get(skill, ()))
        todo: list[int] = []
        if need_weak:  # class 2 pairs its candidates' scans stopped before
            todo += [k for k in shared - meets if weak_rank[i] >= competing[k][2]]
        if need_none:  # class 3 likewise
            todo += [
                k for k in everyone if k not in shared and rank[i] >= competing[k][3]
            ]
        for k in sorted(todo):
            candidate = competing[k][0]
            if index.pair_bound(i, candidate) < role_top(i).threshold():
                continue
            score(i, candidate, None)
    thresholds: dict[int | str, int] = {}
    for_roles: dict[int | str, list[MatchResult]] = {}
    for i, top in enumerate(role_tops):
        cr = roles[i]
        thresholds[cr.role.role_id] = entry[i] if top is None else top.threshold()
        if explain_roles and top is not None and top.scores:
            for_roles[cr.role.role_id] = [
                explain(cr, c) for _, c in top.best(lambda c: c.candidate_id)
            ]
    return BatchMatches(
        for_candidates=results, for_roles=for_roles, thresholds=thresholds, stats=stats
    )


def top_candidates(
    role: RoleRequirements | CompiledRole,
    candidates: Iterable[CandidateSummary],
    *,
    limit: int = 50,
    min_score: int | None = None,
    config: MatchConfig = DEFAULT_MATCH_CONFIG,
    stats: Stats | None = None,
) -> list[MatchResult]:
    """`top_matches` over a stream, scoring only candidates whose bound can enter.

    The candidates are read once (a database iterator is fine) and only the
    current best `limit` are held, with ties.
    """
    if limit <= 0:
        return []
    cr = role if isinstance(role, CompiledRole) else compile_role(role, config)
    floor = config.min_score if min_score is None else min_score
    skill_weight, rest = _rest(cr)
    relevant = cr.relevant_skills
    none = _rounded(rest + skill_weight * _skills_from(cr, _EMPTY), cr.weight_sum)
    top: _Top[CandidateSummary] = _Top(limit, floor)
    stats = stats if stats is not None else Stats()
    for candidate in candidates:
        stats.pairs += 1
        if skill_weight and not relevant.isdisjoint(expand(candidate.skills)):
            stats.bounded += 1
            ub = _rounded(
                rest + skill_weight * skills_score(cr, candidate), cr.weight_sum
            )
        else:
            ub = none
        if ub < top.threshold():
            continue
        stats.scored += 1
        top.add(total_score(cr, candidate), candidate)
    return [explain(cr, c) for _, c in top.best(lambda c: c.candidate_id)]


def scores_reaching(
    role: RoleRequirements | CompiledRole,
    candidates: Iterable[CandidateSummary],
    floor_of: Callable[[int | str], int],
    *,
    config: MatchConfig = DEFAULT_MATCH_CONFIG,
    stats: Stats | None = None,
) -> list[tuple[CandidateSummary, int]]:
    """(candidate, score) for every candidate scoring at least `floor_of(id)`, a
    threshold of each candidate's own (e.g. the lowest of their best roles); the
    others are skipped on their bound."""
    cr = role if isinstance(role, CompiledRole) else compile_role(role, config)
    skill_weight, rest = _rest(cr)
    relevant = cr.relevant_skills
    none = _rounded(rest + skill_weight * _skills_from(cr, _EMPTY), cr.weight_sum)
    stats = stats if stats is not None else Stats()
    found = []
    for candidate in candidates:
        stats.pairs += 1
        need = floor_of(candidate.candidate_id)
        if none < need:
            if not skill_weight or relevant.isdisjoint(expand(candidate.skills)):
                continue
            stats.bounded += 1
            ub = _rounded(
                rest + skill_weight * skills_score(cr, candidate), cr.weight_sum
            )
            if ub < need:
                continue
        stats.scored += 1
        score = total_score(cr, candidate)
        if score >= need:
            found.append((candidate, score))
    return found
