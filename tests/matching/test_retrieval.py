"""Retrieve-then-rank gives the brute-force top lists (issue 19).

The overlap test runs the indexed path and the brute force over 300 generated
roles x 300 candidates and compares each role's top 50 and each candidate's top 20;
the property tests check, on any roles and candidates, that the bound is a bound
and that retrieval never misses a pair whose score would place it in a top list.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.engines.matching.components import compile_role, total_score
from jobs.engines.matching.config import DEFAULT_MATCH_CONFIG
from jobs.engines.matching.engine import top_matches, top_roles
from jobs.engines.matching.model import (
    DEGREE_LEVELS,
    ENGLISH_LEVELS,
    CandidateSummary,
    MatchResult,
    RoleRequirements,
)
from jobs.engines.matching.retrieval import (
    RoleIndex,
    Stats,
    _score,
    bound,
    match_batch,
    scores_reaching,
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


def _rows(results: list[MatchResult]) -> list[tuple[int | str, int | str, int]]:
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
    # And it did not score every pair.
    assert found.stats.scored < found.stats.pairs


def test_one_role_streamed_equals_brute_force_and_skips_pairs():
    rng = random.Random(7)
    people = [_candidate(rng, i) for i in range(2000)]
    for rid in range(30):
        cr = compile_role(_role(rng, rid), DEFAULT_MATCH_CONFIG)
        stats = Stats()
        got = top_candidates(cr, iter(people), limit=50, stats=stats)
        assert _rows(got) == _rows(top_matches(cr, people, limit=50))
        assert stats.pairs == len(people)


@settings(max_examples=300, deadline=None)
@given(role=roles(), candidate=candidates())
def test_the_bound_is_never_below_the_score(
    role: RoleRequirements, candidate: CandidateSummary
):
    cr = compile_role(role, DEFAULT_MATCH_CONFIG)
    assert _score(cr, candidate) == total_score(cr, candidate)  # the memo-free score
    assert bound(cr, candidate) >= total_score(cr, candidate)
    index = RoleIndex.build([cr])
    assert index.pair_bound(0, candidate) >= total_score(cr, candidate)
    if 0 not in index.retrieve(candidate):  # shares no skill key with the role
        assert index.floor_bound[0] >= total_score(cr, candidate)


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
)
def test_retrieval_never_misses_a_pair_of_a_top_list(
    role_list, people, limits, floors, min_score
):
    role_list = _distinct(role_list, lambda r: r.role_id)
    people = _distinct(people, lambda c: c.candidate_id)
    per_candidate, per_role = limits
    index = RoleIndex.build(role_list)
    floors = floors[: len(role_list)]
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
            candidate, index.roles, limit=per_candidate, min_score=min_score
        )
        assert _rows(found.for_candidates[candidate.candidate_id]) == _rows(want)
    for cr, floor in zip(index.roles, floors, strict=True):
        want = top_matches(cr, people, limit=per_role, min_score=min_score)
        expected = [r for r in _rows(want) if r[2] >= floor]
        assert _rows(found.for_roles.get(cr.role.role_id, [])) == expected
        assert _rows(
            top_candidates(cr, people, limit=per_role, min_score=min_score)
        ) == _rows(want)


@settings(max_examples=150, deadline=None)
@given(
    role=roles(),
    people=st.lists(candidates(), max_size=15),
    need=st.lists(st.integers(0, 101), min_size=15, max_size=15),
)
def test_scores_reaching_keeps_every_candidate_at_or_above_their_floor(
    role, people, need
):
    people = _distinct(people, lambda c: c.candidate_id)
    floors = {c.candidate_id: n for c, n in zip(people, need, strict=False)}
    cr = compile_role(role, DEFAULT_MATCH_CONFIG)
    got = {c.candidate_id: s for c, s in scores_reaching(cr, people, floors.get)}
    want = {
        c.candidate_id: total_score(cr, c)
        for c in people
        if total_score(cr, c) >= floors[c.candidate_id]
    }
    assert got == want
