"""Retrieve-then-rank gives the brute-force top lists (issue 19).

The overlap test runs the indexed path and the brute force over 300 generated
roles x 300 candidates and compares each role's top 50 and each candidate's top 20;
the property tests check, on any roles, candidates and weights, that the bound is
a bound (and at most one above the score) and that the batch never misses a pair
whose score would place it in a top list.
"""

from __future__ import annotations

import dataclasses
import random
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.engines.matching import components, retrieval
from jobs.engines.matching.components import compile_role, total_score
from jobs.engines.matching.config import (
    COMPONENT_NAMES,
    DEFAULT_MATCH_CONFIG,
    MatchConfig,
)
from jobs.engines.matching.engine import top_matches, top_roles
from jobs.engines.matching.model import (
    DEGREE_LEVELS,
    ENGLISH_LEVELS,
    CandidateSummary,
    MatchResult,
    RoleRequirements,
    Scored,
)
from jobs.engines.matching.retrieval import (
    RoleIndex,
    Stats,
    bound,
    match_batch,
    top_candidates,
)
from tests.matching.test_properties import candidates, roles

# Skill pools of a few professions: they overlap (python, linux, git), so some pairs
# share a skill, many do not, and some share only a sibling or a parent.
POOLS = (
    "python pytorch tensorflow deep-learning machine-learning numpy pandas sql git",
    "python java go django flask postgresql mysql redis docker kubernetes linux git",
    "javascript typescript react vue html css nodejs git figma",
    "c cpp embedded-systems stm32 fpga verilog matlab linux",
    "solidworks autocad ansys matlab robotics ros plc",
    "pcr western-blot crispr cell-culture bioinformatics r python statistics",
)
FIELDS = ("08", "0812", "0835", "07", "0701", "0710", "10", "12", "1202", "05")
CITIES = ("Shanghai", "Beijing", "Shenzhen", "Xi'an")


def _candidate(rng: random.Random, cid: int) -> CandidateSummary:
    pool = rng.choice(POOLS).split()
    return CandidateSummary(
        candidate_id=cid,
        skills=frozenset(rng.sample(pool, rng.randint(0, min(7, len(pool))))),
        field_categories=frozenset(rng.sample(FIELDS, rng.randint(0, 2))),
        highest_degree=rng.choice((*DEGREE_LEVELS, None)),
        years_experience=rng.choice((None, 0, 1, 3, 6, 12)),
        english_level=rng.choice((*ENGLISH_LEVELS, None)),
        hsk_level=rng.choice((None, 0, 3, 5)),
        desired_cities=frozenset(rng.sample(CITIES, rng.randint(0, 2))),
        willing_to_relocate=rng.random() < 0.5,
        salary_expectation=rng.choice((None, 200_000, 350_000, 600_000)),
    )


def _role(rng: random.Random, rid: int) -> RoleRequirements:
    pool = rng.choice(POOLS).split()
    picked = rng.sample(pool, rng.randint(0, 6))
    cut = rng.randint(0, len(picked))
    low = rng.choice((None, 150_000, 300_000))
    return RoleRequirements(
        role_id=rid,
        required_skills=frozenset(picked[:cut]),
        preferred_skills=frozenset(picked[cut:]),
        field_categories=frozenset(rng.sample(FIELDS, rng.randint(0, 2))),
        min_degree=rng.choice((None, "bachelor", "master", "doctorate")),
        min_years=rng.choice((None, 1, 3, 5)),
        english_level=rng.choice((None, "intermediate", "fluent")),
        min_hsk=rng.choice((None, 3, 5)),
        city=rng.choice((None, *CITIES)),
        remote=rng.random() < 0.1,
        salary_min=low,
        salary_max=None if low is None else low * 2,
    )


def _rows(
    results: list[MatchResult] | list[MatchResult | Scored],
) -> list[tuple[int | str, int | str, int]]:
    return [(r.role_id, r.candidate_id, r.score) for r in results]


def _overlap(expected: list, got: list) -> float:
    return len(set(expected) & set(got)) / len(expected) if expected else 1.0


def test_indexed_top_lists_equal_brute_force_on_300_roles_and_candidates():
    rng = random.Random(19)
    role_list = [_role(rng, i) for i in range(300)]
    people = [_candidate(rng, i) for i in range(300)]
    index = RoleIndex.build(role_list)
    # Stored lists: some full (a floor above the minimum), most not.
    floors = [rng.choice((40, 40, 55, 70, 85)) for _ in role_list]
    visible = {c.candidate_id for c in people if c.candidate_id % 4}
    found = match_batch(index, people, role_floors=floors, compete=visible)
    # Compacting the roles' pairs as they come (a first batch of many) loses none.
    with mock.patch.object(retrieval, "_REACH_BUDGET", 100):
        compacted = match_batch(index, people, role_floors=floors, compete=visible)
    assert compacted.for_roles == found.for_roles
    assert compacted.thresholds == found.thresholds

    # Handed to a writer role by role, the lists are the same and none is kept.
    handed: dict = {}
    streamed = match_batch(
        index,
        people,
        role_floors=floors,
        compete=visible,
        on_role=lambda role_id, results: handed.setdefault(role_id, results),
    )
    assert handed == found.for_roles
    assert streamed.for_roles == {}
    assert streamed.for_candidates == found.for_candidates

    # Unexplained (what the service stores): the same pairs and scores, in order.
    scored = match_batch(
        index, people, role_floors=floors, compete=visible, explained=False
    )
    assert all(
        isinstance(r, Scored)
        for lists in (scored.for_candidates, scored.for_roles)
        for results in lists.values()
        for r in results
    )
    for found_lists, scored_lists in (
        (found.for_candidates, scored.for_candidates),
        (found.for_roles, scored.for_roles),
    ):
        assert {k: _rows(v) for k, v in scored_lists.items()} == {
            k: _rows(v) for k, v in found_lists.items()
        }
    assert scored.thresholds == found.thresholds

    overlaps = []
    for candidate in people:
        want = _rows(top_roles(candidate, index.roles, limit=20))
        got = _rows(found.for_candidates[candidate.candidate_id])
        overlaps.append(_overlap(want, got))
        assert got == want, candidate
    pool = [c for c in people if c.candidate_id in visible]
    for cr, floor in zip(index.roles, floors, strict=True):
        want = [r for r in _rows(top_matches(cr, pool, limit=50)) if r[2] >= floor]
        got = _rows(found.for_roles.get(cr.role.role_id, []))
        overlaps.append(_overlap(want, got))
        assert got == want, cr.role
    assert min(overlaps) >= 0.99
    # And it scored few pairs exactly: about those of the lists.
    listed = sum(map(len, [*found.for_candidates.values(), *found.for_roles.values()]))
    assert found.stats.scored < 2 * listed < found.stats.pairs


def test_one_role_streamed_equals_brute_force_and_skips_pairs():
    rng = random.Random(7)
    people = [_candidate(rng, i) for i in range(2000)]
    for rid in range(30):
        cr = compile_role(_role(rng, rid), DEFAULT_MATCH_CONFIG)
        stats = Stats()
        got = top_candidates(cr, iter(people), limit=50, stats=stats)
        assert _rows(got) == _rows(top_matches(cr, people, limit=50))
        assert stats.pairs == len(people)
        scored = top_candidates(cr, iter(people), limit=50, explained=False)
        assert all(isinstance(r, Scored) for r in scored)
        assert _rows(scored) == _rows(got)


credits = st.floats(0, 1, allow_nan=False)


@st.composite
def configs(draw: st.DrawFn) -> MatchConfig:
    """Any weights (some zero) and credits, e.g. a parent worth more than a
    sibling, or a sibling worth nothing (which then hides a parent's credit)."""
    weights = draw(st.lists(st.integers(0, 40), min_size=7, max_size=7))
    if not any(weights):
        weights[0] = 1
    return MatchConfig(
        **{
            f"weight_{name}": w
            for name, w in zip(COMPONENT_NAMES, weights, strict=True)
        },
        min_score=draw(st.integers(0, 100)),
        unknown_credit=draw(credits),
        preferred_share=draw(credits),
        sibling_credit=draw(credits),
        parent_credit=draw(credits),
        same_category_credit=draw(credits),
        related_category_credit=draw(credits),
        degree_one_below_credit=draw(credits),
        english_one_below_credit=draw(credits),
        relocate_credit=draw(credits),
        salary_over_tolerance=draw(st.floats(0.01, 3, allow_nan=False)),
    )


some_configs = st.just(DEFAULT_MATCH_CONFIG) | configs()


@settings(max_examples=300, deadline=None)
@given(
    role_list=st.lists(roles(), min_size=1, max_size=8),
    candidate=candidates(),
    config=some_configs,
)
def test_the_bound_is_never_below_the_score_nor_more_than_one_above(
    role_list: list[RoleRequirements], candidate: CandidateSummary, config: MatchConfig
):
    """`match_batch` skips a pair whose bound is below a threshold (so the bound
    must never be below the score) and drops a pair whose bound is below another
    pair's bound less one (so a bound must never be more than one above)."""
    index = RoleIndex.build(role_list, config)
    ub, known = index.scores(candidate)
    for cr, pair_bound, array_score in zip(
        index.roles, ub.tolist(), known.tolist(), strict=True
    ):
        score = total_score(cr, candidate)
        assert score <= pair_bound <= score + 1, cr.role
        assert bound(cr, candidate) >= score  # the streamed bound
        # The batch reads its exact scores from the arrays.
        assert array_score == score, cr.role


def test_the_arrays_give_the_score_of_a_mean_of_exactly_a_half():
    """A weighted mean of exactly a half (82.5) rounds to 83 in `total_score`; a
    float an ulp under it would round to 82. The arrays reach the same float, so
    the batch reads 83 from them."""
    # Skills weigh 35 of 100 and are all the role asks: one of two skills is
    # 65 + 35 × 0.5 = 82.5, both are 100.
    role = RoleRequirements(role_id=1, required_skills=frozenset({"python", "rust"}))
    index = RoleIndex.build([role])
    cr = index.roles[0]
    both = CandidateSummary(candidate_id=1, skills=frozenset({"python", "rust"}))
    half = CandidateSummary(candidate_id=2, skills=frozenset({"python"}))
    assert total_score(cr, both) == 100
    assert total_score(cr, half) == 83
    assert index.scores(both)[1].tolist() == [100]
    assert index.scores(half)[1].tolist() == [83]
    found = match_batch(index, [both, half], explained=False)
    assert [r.score for r in found.for_candidates[2]] == [83]
    assert [(r.candidate_id, r.score) for r in found.for_roles[1]] == [
        (1, 100),
        (2, 83),
    ]


def test_the_arrays_sum_the_components_in_the_order_of_total_score():
    """Float addition is not associative: the same float needs the same order."""
    assert retrieval._COMPONENTS == components._SCORERS


def _distinct(items: list, key) -> list:
    seen: dict = {}
    for item in items:
        seen.setdefault(key(item), item)
    return list(seen.values())


@settings(max_examples=120, deadline=None)
@given(
    role_list=st.lists(roles(), min_size=1, max_size=12),
    people=st.lists(candidates(), min_size=1, max_size=12),
    limits=st.tuples(st.integers(1, 6), st.integers(1, 6)),
    floors=st.lists(st.integers(0, 101), min_size=12, max_size=12),
    min_score=st.integers(0, 100),
    config=some_configs,
    budget=st.sampled_from((1, 5, 1_000_000)),
)
def test_retrieval_never_misses_a_pair_of_a_top_list(
    role_list, people, limits, floors, min_score, config, budget
):
    role_list = _distinct(role_list, lambda r: r.role_id)
    people = _distinct(people, lambda c: c.candidate_id)
    per_candidate, per_role = limits
    index = RoleIndex.build(role_list, config)
    floors = floors[: len(role_list)]
    # A small budget compacts the roles' pairs after (nearly) every candidate.
    with mock.patch.object(retrieval, "_REACH_BUDGET", budget):
        found = match_batch(
            index,
            people,
            roles_per_candidate=per_candidate,
            candidates_per_role=per_role,
            role_floors=floors,
            min_score=min_score,
        )
    for candidate in people:
        want = top_roles(
            candidate,
            index.roles,
            limit=per_candidate,
            min_score=min_score,
            config=config,
        )
        assert _rows(found.for_candidates[candidate.candidate_id]) == _rows(want)
    for cr, floor in zip(index.roles, floors, strict=True):
        want = top_matches(
            cr, people, limit=per_role, min_score=min_score, config=config
        )
        expected = [r for r in _rows(want) if r[2] >= floor]
        assert _rows(found.for_roles.get(cr.role.role_id, [])) == expected
        # The role's threshold: its list's lowest when full, else its floor.
        full = [r[2] for r in _rows(want) if r[2] >= max(floor, min_score)]
        theta = full[-1] if len(full) >= per_role else max(floor, min_score)
        assert found.thresholds[cr.role.role_id] == theta
        assert _rows(
            top_candidates(
                cr, people, limit=per_role, min_score=min_score, config=config
            )
        ) == _rows(want)


@settings(max_examples=200, deadline=None)
@given(
    role=roles(),
    people=st.lists(candidates(), max_size=15),
    need=st.lists(st.integers(0, 101), min_size=15, max_size=15),
    listable=st.lists(st.booleans(), min_size=15, max_size=15),
    limit=st.integers(0, 6),
)
def test_a_new_roles_one_pass_gives_its_top_list_and_everyone_it_enters(
    role, people, need, listable, limit
):
    """`lists_for_new_role`: the role's list is `top_matches` over the candidates it
    may list; the other list is every candidate scoring at least their own floor."""
    people = _distinct(people, lambda c: c.candidate_id)
    floors = {c.candidate_id: n for c, n in zip(people, need, strict=False)}
    may = {c.candidate_id for c, ok in zip(people, listable, strict=False) if ok}
    cr = compile_role(role, DEFAULT_MATCH_CONFIG)
    found = retrieval.lists_for_new_role(
        cr, people, may_list=may.__contains__, floor_of=floors.get, limit=limit
    )
    want = top_matches(cr, [c for c in people if c.candidate_id in may], limit=limit)
    assert [(r.candidate_id, r.score) for r in found.for_role] == [
        (r.candidate_id, r.score) for r in want
    ]
    assert {(r.candidate_id, r.score) for r in found.for_candidates} == {
        (c.candidate_id, total_score(cr, c))
        for c in people
        if total_score(cr, c) >= floors[c.candidate_id]
    }


# Bounds one above the score are rare with real roles (a float a hair under a half),
# so the selection and the compaction are also checked on made-up bounds.
scored_items = st.lists(
    st.tuples(st.integers(0, 100), st.booleans()), min_size=0, max_size=40
)


@settings(max_examples=300, deadline=None)
@given(items=scored_items, floor=st.integers(0, 101), limit=st.integers(1, 8))
def test_select_keeps_the_best_when_bounds_overshoot(items, floor, limit):
    scores = [s for s, _ in items]
    ub = np.array([min(100, s + over) for s, over in items], dtype=np.int16)
    got_scores, got, theta = retrieval._select(
        ub, floor, limit, lambda at: [scores[j] for j in at.tolist()]
    )
    reached = sorted((s for s in scores if s >= floor), reverse=True)
    want_theta = reached[limit - 1] if len(reached) >= limit else floor
    assert theta == want_theta
    assert sorted(got) == [j for j, s in enumerate(scores) if s >= want_theta]
    assert got_scores == [scores[j] for j in got]


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.lists(st.tuples(st.integers(0, 100), st.booleans()), min_size=3, max_size=3),
        min_size=1,
        max_size=30,
    ),
    entries=st.lists(st.integers(0, 101), min_size=3, max_size=3),
    limit=st.integers(1, 6),
    budget=st.sampled_from((1, 4, 1_000_000)),
)
def test_reach_never_drops_a_pair_that_enters(rows, entries, limit, budget):
    """Rows: candidates; columns: three roles; (score, bound one above?)."""
    reach = retrieval._Reach(np.array(entries, dtype=np.int16), limit)
    with mock.patch.object(retrieval, "_REACH_BUDGET", budget):
        for k, row in enumerate(rows):
            reach.add(
                k,
                np.array([min(100, s + o) for s, o in row], dtype=np.int16),
                np.array([s for s, _ in row], dtype=np.int16),
            )
        kept: dict[int, set[int]] = {}
        for i, people, _, known in reach.by_role():
            kept[i] = set(people.tolist())
            # Each kept pair carries its own score through the sort and the
            # compactions.
            for k, score in zip(people.tolist(), known.tolist(), strict=True):
                assert score == rows[k][i][0]
    for i, entry in enumerate(entries):
        scores = [row[i][0] for row in rows]
        reached = sorted((s for s in scores if s >= entry), reverse=True)
        theta = reached[limit - 1] if len(reached) >= limit else entry
        entering = {k for k, s in enumerate(scores) if s >= max(theta, entry)}
        assert entering <= kept.get(i, set())


# --- one index per set of open roles, per process ------------------------------------


def test_the_cached_index_is_built_once_for_the_same_roles_and_again_for_others():
    roles = [
        RoleRequirements(role_id=1, required_skills=frozenset({"python"})),
        RoleRequirements(role_id=2, city="shanghai"),
    ]
    first = RoleIndex.cached(roles)
    # Equal requirements read again (new objects, as every batch reads them).
    assert RoleIndex.cached([dataclasses.replace(r) for r in roles]) is first
    edited = [roles[0], RoleRequirements(role_id=2, city="beijing")]
    assert RoleIndex.cached(edited) is not first
    assert RoleIndex.cached(roles, MatchConfig(min_score=10)) is not first


def test_a_shared_index_cannot_be_written_into():
    index = RoleIndex.cached([RoleRequirements(role_id=1, city="shanghai")])
    for array in (index.weights, index.constant, index.required, index.salary_max):
        with pytest.raises(ValueError, match="read-only"):
            array[...] = 0
