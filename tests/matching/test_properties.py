"""Property tests: scores stay in range, rise with better facts, rank deterministically."""

from __future__ import annotations

import math
from dataclasses import replace

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jobs.engines.matching.config import COMPONENT_NAMES, DEFAULT_MATCH_CONFIG
from jobs.engines.matching.engine import id_key, score_match, top_matches, top_roles
from jobs.engines.matching.model import (
    DEGREE_LEVELS,
    ENGLISH_LEVELS,
    CandidateSummary,
    RoleRequirements,
)
from jobs.engines.matching.synonyms import SKILLS

SKILL_POOL = [
    *sorted(SKILLS)[::4],
    "pytorch",
    "tensorflow",
    "deep-learning",
    "python",
    "django",
    "sql",
    "postgresql",
    "not-in-table",
]
CODES = ["07", "08", "0812", "0809", "0701", "05", "0501", "12", "1202", "02", "081201"]
CITIES = ["shanghai", "beijing", "xi'an", "Shenzhen "]

skill_sets = st.frozensets(st.sampled_from(SKILL_POOL), max_size=8)
code_sets = st.frozensets(st.sampled_from(CODES), max_size=3)
degrees = st.none() | st.sampled_from(DEGREE_LEVELS)
english = st.none() | st.sampled_from(ENGLISH_LEVELS)
hsk = st.none() | st.integers(0, 6)
years = st.none() | st.floats(0, 40, allow_nan=False)
salaries = st.none() | st.integers(0, 2_000_000)
ids = st.integers(-5, 10_000) | st.text(max_size=4)


@st.composite
def candidates(
    draw: st.DrawFn, candidate_id: int | str | None = None
) -> CandidateSummary:
    """Any candidate, facts often missing."""
    return CandidateSummary(
        candidate_id=draw(ids) if candidate_id is None else candidate_id,
        skills=draw(skill_sets),
        field_categories=draw(code_sets),
        highest_degree=draw(degrees),
        years_experience=draw(years),
        english_level=draw(english),
        hsk_level=draw(hsk),
        desired_cities=draw(st.frozensets(st.sampled_from(CITIES), max_size=2)),
        willing_to_relocate=draw(st.booleans()),
        salary_expectation=draw(salaries),
    )


@st.composite
def roles(draw: st.DrawFn, role_id: int | str | None = None) -> RoleRequirements:
    """Any role, requirements often absent."""
    low, high = draw(salaries), draw(salaries)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return RoleRequirements(
        role_id=draw(ids) if role_id is None else role_id,
        required_skills=draw(skill_sets),
        preferred_skills=draw(skill_sets),
        field_categories=draw(code_sets),
        min_degree=draw(degrees),
        min_years=draw(years),
        english_level=draw(english),
        min_hsk=draw(hsk),
        city=draw(st.none() | st.sampled_from(["Shanghai", "Xi'an", "Shenzhen"])),
        remote=draw(st.booleans()),
        salary_min=low,
        salary_max=high,
    )


@settings(max_examples=400, deadline=None)
@given(role=roles(), candidate=candidates())
def test_score_in_range_and_equal_to_the_weighted_components(
    role: RoleRequirements, candidate: CandidateSummary
) -> None:
    result = score_match(role, candidate)
    assert 0 <= result.score <= 100
    assert tuple(c.name for c in result.components) == COMPONENT_NAMES
    assert all(0.0 <= c.score <= 1.0 and c.message for c in result.components)
    assert result.summary
    weights = DEFAULT_MATCH_CONFIG.weights()
    mean = sum(c.score * c.weight for c in result.components) / sum(weights)
    assert math.isclose(result.score, 100 * mean, abs_tol=0.5 + 1e-9)
    assert score_match(role, candidate) == result  # deterministic


@settings(max_examples=300, deadline=None)
@given(role=roles(), candidate=candidates(), data=st.data())
def test_adding_a_skill_never_lowers_the_score(
    role: RoleRequirements, candidate: CandidateSummary, data: st.DataObject
) -> None:
    wanted = sorted(role.required_skills | role.preferred_skills) or SKILL_POOL
    skill = data.draw(st.sampled_from(wanted))
    better = replace(candidate, skills=candidate.skills | {skill})
    assert score_match(role, better).score >= score_match(role, candidate).score
    before = score_match(role, candidate).component("skills").score
    assert score_match(role, better).component("skills").score >= before


@settings(max_examples=300, deadline=None)
@given(role=roles(), candidate=candidates(), data=st.data())
def test_better_facts_never_lower_the_score(
    role: RoleRequirements, candidate: CandidateSummary, data: st.DataObject
) -> None:
    base = score_match(role, candidate).score
    if candidate.highest_degree is not None:
        rank = DEGREE_LEVELS.index(candidate.highest_degree)
        higher = data.draw(st.sampled_from(DEGREE_LEVELS[rank:]))
        assert (
            score_match(role, replace(candidate, highest_degree=higher)).score >= base
        )
    if candidate.years_experience is not None:
        more = candidate.years_experience + data.draw(st.floats(0, 20))
        assert (
            score_match(role, replace(candidate, years_experience=more)).score >= base
        )
    if candidate.english_level is not None:
        rank = ENGLISH_LEVELS.index(candidate.english_level)
        higher = data.draw(st.sampled_from(ENGLISH_LEVELS[rank:]))
        assert score_match(role, replace(candidate, english_level=higher)).score >= base
    if candidate.hsk_level is not None:
        level = data.draw(st.integers(candidate.hsk_level, 6))
        assert score_match(role, replace(candidate, hsk_level=level)).score >= base
    if candidate.salary_expectation is not None:
        lower = data.draw(st.integers(0, candidate.salary_expectation))
        cheaper = replace(candidate, salary_expectation=lower)
        assert score_match(role, cheaper).score >= base
    if not candidate.willing_to_relocate:
        willing = replace(candidate, willing_to_relocate=True)
        assert score_match(role, willing).score >= base
    if candidate.desired_cities and role.city:
        listed = candidate.desired_cities | {role.city.lower()}
        assert (
            score_match(role, replace(candidate, desired_cities=listed)).score >= base
        )


def _expected(role: RoleRequirements, pool: list[CandidateSummary], floor: int) -> list:
    results = [score_match(role, c) for c in pool]
    results = [r for r in results if r.score >= floor]
    return sorted(results, key=lambda r: (-r.score, id_key(r.candidate_id)))


@settings(max_examples=150, deadline=None)
@given(
    role=roles(),
    pool=st.lists(candidates(), max_size=30, unique_by=lambda c: c.candidate_id),
    limit=st.integers(0, 12),
    min_score=st.integers(0, 100),
    seed=st.randoms(use_true_random=False),
)
def test_top_matches_is_the_sorted_prefix_whatever_the_input_order(
    role: RoleRequirements,
    pool: list[CandidateSummary],
    limit: int,
    min_score: int,
    seed: object,
) -> None:
    results = top_matches(role, pool, limit=limit, min_score=min_score)
    assert len(results) <= limit
    assert results == _expected(role, pool, min_score)[:limit]
    shuffled = list(pool)
    seed.shuffle(shuffled)  # type: ignore[attr-defined]
    assert top_matches(role, shuffled, limit=limit, min_score=min_score) == results


@settings(max_examples=100, deadline=None)
@given(
    candidate=candidates(),
    pool=st.lists(roles(), max_size=20, unique_by=lambda r: r.role_id),
    limit=st.integers(1, 8),
    seed=st.randoms(use_true_random=False),
)
def test_top_roles_is_the_sorted_prefix_whatever_the_input_order(
    candidate: CandidateSummary,
    pool: list[RoleRequirements],
    limit: int,
    seed: object,
) -> None:
    results = top_roles(candidate, pool, limit=limit, min_score=0)
    expected = sorted(
        (score_match(r, candidate) for r in pool),
        key=lambda r: (-r.score, id_key(r.role_id)),
    )
    assert results == expected[:limit]
    shuffled = list(pool)
    seed.shuffle(shuffled)  # type: ignore[attr-defined]
    assert top_roles(candidate, shuffled, limit=limit, min_score=0) == results


@settings(max_examples=100, deadline=None)
@given(role=roles(), candidate=candidates())
def test_a_remote_role_or_no_requirement_gives_full_marks(
    role: RoleRequirements, candidate: CandidateSummary
) -> None:
    assume(role.city is not None)
    remote = score_match(replace(role, remote=True), candidate)
    assert remote.component("city").score == 1.0
    open_role = RoleRequirements(role.role_id)
    assert score_match(open_role, candidate).score == 100
