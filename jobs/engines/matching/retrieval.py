"""Retrieve-then-rank: a bound of every pair computed cheaply, exact scoring only
where the bound can enter a list, with the same top lists as scoring every pair.

Pure: no Django, no database, no clock (numpy for the arrays).

A batch (`match_batch`: candidates against every open role). `RoleIndex` compiles
each role once and lays the roles out as arrays; `RoleIndex.scores` then gives one
candidate's bound against every role at once. It is the score itself, computed
from the components in floats: the candidate's credit for each asked skill (1,
sibling, parent, 0) does not depend on the role, so it is worked out once and each
role adds its own skills' credits; field, degree, experience, languages and city
are scored once per distinct setting among the roles (a handful of degrees, a few
dozen cities and field lists) with the component's own scorer; salary elementwise.
Rounded like `total_score` plus `_SLACK`, the bound is never below the score and at
most one above it (`tests/matching/test_retrieval.py` checks both on any roles,
candidates and weights). Rounded like `total_score` without the slack, it is the
score itself: the arrays repeat `total_score`'s arithmetic operation for operation
(the same components, summed in the same order, a role's unscored components adding
an exact 0), so the float is the same to the last bit, and a batch reads its exact
scores from them instead of scoring pairs one at a time.

Exactness. A list keeps its `limit`-th best score as its threshold (its floor while
it has room). `_select` scores exactly, highest bound first, the pairs whose bound
reaches the `limit`-th highest bound, and those reaching the `limit`-th best exact
score if that is lower: every pair left out has a bound, so a score, below the
threshold (a pair whose bound equals it is scored: it could win on the id
tie-break). A candidate's list is chosen from their bounds right away; a role's
list from the pairs of the batch whose bound reaches the role's entry (`_Reach`,
which drops a pair once `limit` others have bounds two or more above it).

One role against a stream of candidates (`top_candidates`; `lists_for_new_role`
also finds every candidate whose own list the role enters): the candidates are read once; a candidate's bound is their exact skills score with
every other component the role asks about at full credit (`bound`), or, sharing no
skill key with the role, the role's score for no skills.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import heapq
import itertools
import math
from collections.abc import (
    Callable,
    Collection,
    Hashable,
    Iterable,
    Iterator,
    Sequence,
)
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from jobs.engines.matching.components import (
    CompiledRole,
    _skills_from,
    city_score,
    compile_role,
    degree_score,
    experience_score,
    field_score,
    languages_score,
    salary_score,
    skills_score,
    total_score,
)
from jobs.engines.matching.config import DEFAULT_MATCH_CONFIG, MatchConfig
from jobs.engines.matching.engine import _best, explain
from jobs.engines.matching.model import (
    CandidateSummary,
    MatchResult,
    RoleRequirements,
    Scored,
)
from jobs.engines.matching.synonyms import expand

# The streamed bound sums in another order than the score; never let 1 ulp round
# the score above its bound.
_SLACK: Final = 1e-9
_EMPTY: Final[frozenset[str]] = frozenset()
# Pairs a batch holds for the roles' side before it compacts them (`_Reach`).
_REACH_BUDGET: Final = 1_000_000


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
    """Work done: pairs the bound was computed for, pairs whose exact score was
    taken (a batch reads it from its arrays, a stream scores the pair)."""

    pairs: int = 0
    bounded: int = 0
    scored: int = 0


# A component the role scores through a few distinct settings (its degree, its
# city...): the roles are grouped by that setting, the scorer runs once per group
# for a candidate, and each role reads its group's score.
_GROUPED: Final[
    tuple[
        tuple[
            Callable[[CompiledRole, CandidateSummary], float],
            Callable[[CompiledRole], Hashable],
        ],
        ...,
    ]
] = (
    (field_score, lambda cr: cr.role.field_categories),
    (degree_score, lambda cr: cr.degree_rank),
    (experience_score, lambda cr: cr.role.min_years),
    (languages_score, lambda cr: (cr.english_rank, cr.role.min_hsk)),
    (city_score, lambda cr: cr.city_key),
)
_COMPONENTS: Final = (
    skills_score,
    *(scorer for scorer, _ in _GROUPED),
    salary_score,
)


@dataclass(slots=True, eq=False)
class _Group:
    """Roles grouped by one component's setting: a role of each group (the scorer
    reads only that setting), and each role's group."""

    scorer: Callable[[CompiledRole, CandidateSummary], float]
    members: list[CompiledRole]
    of: npt.NDArray[np.intp]


def _group(
    roles: list[CompiledRole],
    scorer: Callable[[CompiledRole, CandidateSummary], float],
    key: Callable[[CompiledRole], Hashable],
) -> _Group:
    seen: dict[Hashable, int] = {}
    members: list[CompiledRole] = []
    of = np.empty(len(roles), dtype=np.intp)
    for i, cr in enumerate(roles):
        k = key(cr)
        g = seen.get(k)
        if g is None:
            g = seen[k] = len(members)
            members.append(cr)
        of[i] = g
    return _Group(scorer, members, of)


def _slots(lists: list[list[int]], pad: int) -> npt.NDArray[np.intp]:
    """Ragged lists of skill positions as a padded matrix, one row per slot (the
    k-th skill of every role; `pad` has credit 0), so summing a role's credits is
    adding a few gathered rows, in the order of `_credit_sum`."""
    width = max((len(x) for x in lists), default=0)
    out = np.full((width, len(lists)), pad, dtype=np.intp)
    for i, row in enumerate(lists):
        out[: len(row), i] = row
    return out


def _credits(credit: npt.NDArray[np.float64], slots: npt.NDArray[np.intp]) -> Any:
    """Each role's sum of credits over its skills (0 for a role with none)."""
    total = np.zeros(slots.shape[1])
    for row in slots:
        total += credit.take(row)
    return total


@dataclass(slots=True, eq=False)
class RoleIndex:
    """Open roles compiled once for a batch, as arrays a candidate's scores against
    all of them are computed from at once (`scores`).

    Skills: the skills the roles ask for form a vocabulary; a candidate's credit for
    each (1, sibling, parent or 0) does not depend on the role, so it is worked out
    once per candidate and each role sums its own skills' credits from a padded
    matrix of positions. Field, degree, experience, languages, city: the roles are
    grouped by their setting (`_GROUPED`), the component's own scorer runs once per
    group. Salary: from the roles' maxima, elementwise.
    """

    roles: list[CompiledRole]
    config: MatchConfig
    by_id: dict[int | str, int]
    # Weight of each component per role (0 where the role does not score it), the
    # constant (the weights it does not score) and the weight sum: (7, n), (n,), (n,).
    weights: npt.NDArray[np.float64]
    constant: npt.NDArray[np.float64]
    weight_sum: npt.NDArray[np.float64]
    # The asked skills: positions, and for a candidate's skill the positions it is
    # a sibling or a parent of.
    skill_at: dict[str, int]
    sibling_of: dict[str, list[int]]
    parent_of: dict[str, list[int]]
    required: npt.NDArray[np.intp]  # (most required, n) positions, padded
    preferred: npt.NDArray[np.intp]
    n_required: npt.NDArray[np.float64]
    n_preferred: npt.NDArray[np.float64]
    groups: list[_Group]
    salary_max: npt.NDArray[np.float64]  # NaN: no maximum

    @classmethod
    def build(
        cls,
        roles: Iterable[RoleRequirements | CompiledRole],
        config: MatchConfig = DEFAULT_MATCH_CONFIG,
    ) -> RoleIndex:
        """Compile each role once and lay out the arrays `scores` reads."""
        compiled = [
            r if isinstance(r, CompiledRole) else compile_role(r, config) for r in roles
        ]
        n = len(compiled)
        weights = np.zeros((len(_COMPONENTS), n))
        place = {scorer: k for k, scorer in enumerate(_COMPONENTS)}
        skill_at: dict[str, int] = {}
        sibling_of: dict[str, list[int]] = {}
        parent_of: dict[str, list[int]] = {}

        def position(
            skill: str, siblings: frozenset[str], parents: frozenset[str]
        ) -> int:
            at = skill_at.get(skill)
            if at is None:
                at = skill_at[skill] = len(skill_at)
                for other in siblings:
                    sibling_of.setdefault(other, []).append(at)
                for other in parents:
                    parent_of.setdefault(other, []).append(at)
            return at

        required: list[list[int]] = []
        preferred: list[list[int]] = []
        salary_max = np.full(n, np.nan)
        for i, cr in enumerate(compiled):
            for weight, scorer in cr.active:
                weights[place[scorer], i] = weight
            required.append([position(*req) for req in cr.required])
            preferred.append([position(*req) for req in cr.preferred])
            if cr.role.salary_max is not None:
                salary_max[i] = cr.role.salary_max
        pad = len(skill_at)
        index = cls(
            roles=compiled,
            config=config,
            by_id={cr.role.role_id: i for i, cr in enumerate(compiled)},
            weights=weights,
            constant=np.array([cr.constant for cr in compiled], dtype=np.float64),
            weight_sum=np.array([cr.weight_sum for cr in compiled], dtype=np.float64),
            skill_at=skill_at,
            sibling_of=sibling_of,
            parent_of=parent_of,
            required=_slots(required, pad),
            preferred=_slots(preferred, pad),
            n_required=np.array([len(x) for x in required], dtype=np.float64),
            n_preferred=np.array([len(x) for x in preferred], dtype=np.float64),
            groups=[_group(compiled, scorer, key) for scorer, key in _GROUPED],
            salary_max=salary_max,
        )
        # Read-only: `cached` hands one index to every batch of a process, so
        # nothing that reads it may write into its arrays (numpy raises if it does).
        for array in (
            *(index.weights, index.constant, index.weight_sum, index.salary_max),
            *(index.required, index.preferred, index.n_required, index.n_preferred),
        ):
            array.setflags(write=False)
        return index

    @classmethod
    def cached(
        cls,
        roles: Iterable[RoleRequirements],
        config: MatchConfig = DEFAULT_MATCH_CONFIG,
    ) -> RoleIndex:
        """`build`, remembered for the last roles and configuration seen in this
        process: a batch reads every open role, and the 40 batches of a first
        screening compiled the same 981 roles 40 times (0.08 s a batch). Keyed on
        the requirements themselves, so an edited role, another set of open roles
        or a place name that now reads differently builds anew; the batches only
        read the index."""
        return _cached_index(tuple(roles), config)

    def _skills(self, candidate: CandidateSummary) -> npt.NDArray[np.float64]:
        """`skills_score` of the candidate for every role."""
        cfg = self.config
        expanded = expand(candidate.skills)
        credit = np.zeros(len(self.skill_at) + 1)  # the last: padding, 0
        # The order of `_credit_sum`: a full hit wins over a sibling over a parent.
        parents = [at for s in expanded for at in self.parent_of.get(s, ())]
        siblings = [at for s in expanded for at in self.sibling_of.get(s, ())]
        full = [self.skill_at[s] for s in expanded if s in self.skill_at]
        credit[parents] = cfg.parent_credit
        credit[siblings] = cfg.sibling_credit
        credit[full] = 1.0
        n_req, n_pref = self.n_required, self.n_preferred
        with np.errstate(invalid="ignore", divide="ignore"):
            req = np.where(n_req > 0, _credits(credit, self.required) / n_req, 1.0)
            pref = _credits(credit, self.preferred) / n_pref
        blend = (1.0 - cfg.preferred_share) * req + cfg.preferred_share * pref
        return np.where(n_pref > 0, blend, req)

    def _salary(self, candidate: CandidateSummary) -> npt.NDArray[np.float64]:
        """`salary_score` for every role that sets a range (1 for the others)."""
        want = candidate.salary_expectation
        top = self.salary_max
        if want is None:  # the roles without a range do not count it
            return np.full(len(top), self.config.unknown_credit)
        with np.errstate(invalid="ignore", divide="ignore"):
            falling = 1.0 - (want - top) / (top * self.config.salary_over_tolerance)
        over = np.where(top <= 0, 0.0, np.maximum(0.0, falling))
        return np.where(np.isnan(top) | (want <= top), 1.0, over)

    def scores(
        self, candidate: CandidateSummary
    ) -> tuple[npt.NDArray[np.int16], npt.NDArray[np.int16]]:
        """(bound, score) of the candidate against every role: an upper bound of
        `total_score`, at most one above it, and `total_score` itself.

        The score is `total_score`'s: the same IEEE operations on the same values
        in the same order (`_COMPONENTS` is `total_score`'s order, a role's skill
        credits are summed in the order of `_credit_sum`, salary by its formula, the
        other components by their own scorers; an unscored component adds 0.0,
        which leaves a float unchanged), so the same float, rounded the same way.
        A weighted mean of exactly a half (82.5 → 83) is common, so being a hair
        off would not do. The bound adds `_SLACK` before rounding, as the bounds of
        one role against a stream do (`bound`)."""
        total = self.constant.copy()
        total += self.weights[0] * self._skills(candidate)
        for k, group in enumerate(self.groups, start=1):
            part = np.array([group.scorer(cr, candidate) for cr in group.members])
            total += self.weights[k] * part[group.of]
        total += self.weights[-1] * self._salary(candidate)
        raw = 100.0 * total / self.weight_sum + 0.5
        high = np.clip(np.floor(raw + _SLACK), 0, 100).astype(np.int16)
        return high, np.clip(np.floor(raw), 0, 100).astype(np.int16)


def _select(
    ub: npt.NDArray[np.int16],
    floor: int,
    limit: int,
    exact: Callable[[npt.NDArray[np.intp]], list[int]],
) -> tuple[list[int], list[int], int]:
    """The items (positions in `ub`) that may be among the best `limit` scoring at
    least `floor`, their exact scores and the threshold: the `limit`-th best score,
    or `floor` while fewer reach it. `exact(positions)`: their exact scores.

    Highest bounds first: the items whose bound reaches the `limit`-th highest bound
    are scored; if the `limit`-th best of their exact scores is lower, those with a
    bound reaching that are scored too. An item left out has a bound, so a score,
    below the threshold, and the threshold only rises as items are added.
    """
    if limit <= 0:
        return [], [], 101
    eligible = np.flatnonzero(ub >= floor)
    if not len(eligible):
        return [], [], floor
    bounds = ub[eligible]
    cut = floor
    if len(eligible) > limit:
        cut = max(floor, int(np.partition(bounds, len(bounds) - limit)[-limit]))
    first = eligible[bounds >= cut]
    items = first.tolist()
    scores = exact(first)

    def threshold() -> int:
        reached = [s for s in scores if s >= floor]
        return floor if len(reached) < limit else heapq.nlargest(limit, reached)[-1]

    theta = threshold()
    if theta < cut:
        more = eligible[(bounds >= theta) & (bounds < cut)]
        items += more.tolist()
        scores += exact(more)
        theta = threshold()
    kept = [(s, j) for s, j in zip(scores, items, strict=True) if s >= theta]
    return [s for s, _ in kept], [j for _, j in kept], theta


class _Reach:
    """The (role, candidate, bound) pairs that may enter a role's list, held
    compactly for the roles' side of a batch.

    A pair is kept when its bound reaches the role's cut: first the role's entry;
    once `limit` kept pairs have a bound of at least u, one below u. The bound is at
    most one above the score (`RoleIndex.scores`), so those `limit` pairs score at
    least u - 1, the final threshold is at least that, and a pair whose bound (so
    score) is below it cannot enter. Cuts only rise; the pairs are compacted
    whenever `_REACH_BUDGET` more have come in, so memory stays bounded when many
    lists have room (every pair of a first batch may reach the minimum score).
    """

    __slots__ = ("cuts", "limit", "parts", "pending")

    def __init__(self, entries: npt.NDArray[np.int16], limit: int) -> None:
        self.cuts = entries.copy()
        self.limit = limit
        self.parts: list[tuple[Any, Any, Any, Any]] = []
        self.pending = 0

    def add(
        self, k: int, ub: npt.NDArray[np.int16], score: npt.NDArray[np.int16]
    ) -> None:
        """Candidate k's bounds and scores against every role (`RoleIndex.scores`);
        the score of a kept pair is kept beside it."""
        hit = np.flatnonzero(ub >= self.cuts).astype(np.int32)
        if not len(hit):
            return
        self.parts.append(
            (hit, np.full(len(hit), k, dtype=np.int32), ub[hit], score[hit])
        )
        self.pending += len(hit)
        if self.pending >= _REACH_BUDGET:
            self._compact()

    def _compact(self) -> None:
        """One sorted part (by role, bound descending), below-cut pairs dropped."""
        at, who, ub, score = (
            np.concatenate(column) for column in zip(*self.parts, strict=True)
        )
        order = np.lexsort((who, -ub, at))
        at, who, ub, score = at[order], who[order], ub[order], score[order]
        start = np.flatnonzero(np.diff(at, prepend=-1))
        size = np.diff(np.append(start, len(at)))
        full = start[size >= self.limit]
        if len(full):
            role = at[full]
            self.cuts[role] = np.maximum(self.cuts[role], ub[full + self.limit - 1] - 1)
        keep = ub >= self.cuts[at]
        self.parts = (
            [(at[keep], who[keep], ub[keep], score[keep])] if keep.any() else []
        )
        self.pending = 0

    def by_role(self) -> Iterator[tuple[int, Any, Any, Any]]:
        """(role position, candidate positions, their bounds, their scores) per
        role reached."""
        if not self.parts:
            return
        self._compact()
        if not self.parts:
            return
        at, who, ub, score = self.parts[0]
        edges = [*np.flatnonzero(np.diff(at, prepend=-1)).tolist(), len(at)]
        for start, end in itertools.pairwise(edges):
            yield int(at[start]), who[start:end], ub[start:end], score[start:end]


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector off for a batch: the batch allocates about a
    million objects that all stay alive (the explained results), and the collector
    would walk them and the index again and again (2 s of a 5 s batch); none forms
    a cycle. Reference counting still frees everything else."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@dataclass(slots=True)
class BatchMatches:
    """What `match_batch` found: each candidate's best roles, each role's best
    candidates from the batch (only roles some candidate enters), each role's
    final threshold, and the work done."""

    for_candidates: dict[int | str, list[MatchResult | Scored]]
    for_roles: dict[int | str, list[MatchResult | Scored]]
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
    explained: bool = True,
    on_role: Callable[[int | str, list[MatchResult | Scored]], None] | None = None,
) -> BatchMatches:
    """For a batch of candidates against every indexed role, exactly what
    `top_roles` (per candidate) and `top_matches` (per role, over the candidates in
    `compete`, all by default) return, scoring only the pairs the bounds let through.

    `role_floors[i]` is the lowest score that may enter role i's list (e.g. one above
    the stored list's lowest when that list is full); `min_score` applies too.
    `explain_roles=False` skips building the roles' results (`thresholds` only).
    `explained=False` gives every result as a `Scored` (ids and score) instead of an
    explained `MatchResult`: explaining a pair costs about ten times scoring it,
    and a stored list needs only the score.
    `on_role(role_id, results)`, when given, receives each role's results as they
    are built instead of `for_roles` keeping them all: a caller that writes them
    away holds one role's at a time (a first batch, when every list has room, is
    up to 50 results per role).
    """
    config = index.config
    floor = config.min_score if min_score is None else min_score
    roles = index.roles
    n = len(roles)
    stats = Stats(pairs=n * len(candidates), bounded=n * len(candidates))
    entry = [max(floor, f) for f in role_floors] if role_floors else [floor] * n
    entries = np.array(entry, dtype=np.int16)

    def exact(score: npt.NDArray[np.int16], at: npt.NDArray[np.intp]) -> list[int]:
        stats.scored += len(at)
        taken: list[int] = score[at].tolist()
        return taken

    def role_id(i: int) -> int | str:
        return roles[i].role.role_id

    results: dict[int | str, list[MatchResult | Scored]] = {}
    reach = _Reach(entries, max(candidates_per_role, 1))
    with _no_cycle_collection():
        for k, candidate in enumerate(candidates):
            ub, exact_scores = index.scores(candidate)
            scores, items, _ = _select(
                ub,
                floor,
                roles_per_candidate,
                functools.partial(exact, exact_scores),
            )
            best = _best(scores, items, roles_per_candidate, role_id)
            results[candidate.candidate_id] = (
                [explain(roles[i], candidate) for _, i in best]
                if explained
                else [Scored(role_id(i), candidate.candidate_id, s) for s, i in best]
            )
            if candidates_per_role > 0 and (
                compete is None or candidate.candidate_id in compete
            ):
                reach.add(k, ub, exact_scores)
        thresholds: dict[int | str, int] = {
            role_id(i): 101 if candidates_per_role <= 0 else entry[i] for i in range(n)
        }
        for_roles: dict[int | str, list[MatchResult | Scored]] = {}
        for i, people, ub, exact_scores in reach.by_role():
            scores, items, theta = _select(
                ub,
                entry[i],
                candidates_per_role,
                functools.partial(exact, exact_scores),
            )
            thresholds[role_id(i)] = theta
            if explain_roles and items:
                chosen = [candidates[int(people[j])] for j in items]
                ranked = _best(
                    scores, chosen, candidates_per_role, lambda c: c.candidate_id
                )
                found: list[MatchResult | Scored] = (
                    [explain(roles[i], c) for _, c in ranked]
                    if explained
                    else [Scored(role_id(i), c.candidate_id, s) for s, c in ranked]
                )
                if on_role is None:
                    for_roles[role_id(i)] = found
                else:
                    on_role(role_id(i), found)
    return BatchMatches(
        for_candidates=results, for_roles=for_roles, thresholds=thresholds, stats=stats
    )


def _bounded_scores(
    cr: CompiledRole,
    candidates: Iterable[CandidateSummary],
    need: Callable[[CandidateSummary], int],
    stats: Stats,
) -> Iterator[tuple[CandidateSummary, int]]:
    """(candidate, exact score) for each candidate whose bound reaches
    `need(candidate)`, asked once per candidate as it arrives (a threshold that
    moves as the caller's list fills). The bound: the exact skills score with every
    other component the role asks about at full credit, or, sharing no skill key
    with the role, the role's score for no skills."""
    skill_weight, rest = _rest(cr)
    relevant = cr.relevant_skills
    none = _rounded(rest + skill_weight * _skills_from(cr, _EMPTY), cr.weight_sum)
    for candidate in candidates:
        stats.pairs += 1
        at_least = need(candidate)
        if none < at_least:
            if not skill_weight or relevant.isdisjoint(expand(candidate.skills)):
                continue
            stats.bounded += 1
            ub = _rounded(
                rest + skill_weight * skills_score(cr, candidate), cr.weight_sum
            )
            if ub < at_least:
                continue
        stats.scored += 1
        yield candidate, total_score(cr, candidate)


def top_candidates(
    role: RoleRequirements | CompiledRole,
    candidates: Iterable[CandidateSummary],
    *,
    limit: int = 50,
    min_score: int | None = None,
    config: MatchConfig = DEFAULT_MATCH_CONFIG,
    stats: Stats | None = None,
    explained: bool = True,
) -> list[MatchResult | Scored]:
    """`top_matches` over a stream, scoring only candidates whose bound can enter.

    The candidates are read once (a database iterator is fine) and only the
    current best `limit` are held, with ties. `explained=False`: `Scored` results
    (see `match_batch`).
    """
    if limit <= 0:
        return []
    cr = role if isinstance(role, CompiledRole) else compile_role(role, config)
    floor = config.min_score if min_score is None else min_score
    top: _Top[CandidateSummary] = _Top(limit, floor)
    stats = stats if stats is not None else Stats()
    for candidate, score in _bounded_scores(
        cr, candidates, lambda _: top.threshold(), stats
    ):
        top.add(score, candidate)
    best = top.best(lambda c: c.candidate_id)
    if not explained:
        return [Scored(cr.role.role_id, c.candidate_id, s) for s, c in best]
    return [explain(cr, c) for _, c in best]


@dataclass(slots=True)
class NewRoleLists:
    """What one pass over every candidate gives a role just published or edited."""

    # The role's best `limit` among the candidates it may be matched to.
    for_role: list[Scored]
    # Every candidate whose own best roles the role enters: score ≥ their floor.
    for_candidates: list[Scored]


def lists_for_new_role(
    role: RoleRequirements | CompiledRole,
    candidates: Iterable[CandidateSummary],
    *,
    may_list: Callable[[int | str], bool],
    floor_of: Callable[[int | str], int],
    limit: int = 50,
    config: MatchConfig = DEFAULT_MATCH_CONFIG,
    stats: Stats | None = None,
) -> NewRoleLists:
    """`top_candidates` over the candidates `may_list` admits to the role's list,
    and every candidate scoring at least `floor_of(id)` (a threshold of their own,
    e.g. one above the 20th best of their list), in one pass over the stream (a
    database iterator over every card is read once, not twice).

    A candidate is scored exactly when their bound reaches the lower of their own
    floor and, if the role may list them, the role list's current threshold; the
    two results are each what the single-purpose function returns. `may_list` and
    `floor_of` are asked as each candidate arrives, and again if it is scored."""
    cr = role if isinstance(role, CompiledRole) else compile_role(role, config)
    top: _Top[int | str] = _Top(limit, config.min_score)
    reaching: list[Scored] = []
    role_id = cr.role.role_id

    def listed(cid: int | str) -> bool:
        return limit > 0 and may_list(cid)

    def need(candidate: CandidateSummary) -> int:
        cid = candidate.candidate_id
        own = floor_of(cid)
        return min(own, top.threshold()) if listed(cid) else own

    for candidate, score in _bounded_scores(
        cr, candidates, need, stats if stats is not None else Stats()
    ):
        cid = candidate.candidate_id
        if listed(cid):
            top.add(score, cid)
        if score >= floor_of(cid):
            reaching.append(Scored(role_id, cid, score))
    best = top.best(lambda cid: cid) if limit > 0 else []
    return NewRoleLists(
        for_role=[Scored(role_id, cid, s) for s, cid in best],
        for_candidates=reaching,
    )


@functools.lru_cache(maxsize=1)
def _cached_index(
    roles: tuple[RoleRequirements, ...], config: MatchConfig
) -> RoleIndex:
    # One entry: an index of 20,000 roles holds tens of MB, and a worker matches
    # against one set of open roles at a time.
    return RoleIndex.build(roles, config)
