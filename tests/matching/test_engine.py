"""score_match, top_matches and top_roles; config and model validation; purity."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError

import pytest

from jobs.engines.matching import (
    DEFAULT_MATCH_CONFIG,
    CandidateSummary,
    MatchConfig,
    RoleRequirements,
    score_match,
    scores_for_role,
    top_matches,
    top_roles,
)
from jobs.engines.matching.config import COMPONENT_NAMES
from tests.purity import modules_loaded_by

ROLE = RoleRequirements(
    role_id=10,
    required_skills=frozenset(
        {"python", "deep-learning", "sql", "docker", "linux", "git"}
    ),
    min_degree="bachelor",
    salary_min=300_000,
    salary_max=500_000,
)
CANDIDATE = CandidateSummary(
    candidate_id=7,
    skills=frozenset({"python", "pytorch", "postgresql", "docker", "linux"}),
    highest_degree="master",
    salary_expectation=400_000,
)


def test_issue_example() -> None:
    result = score_match(ROLE, CANDIDATE)
    assert result.summary == (
        "5 of 6 required skills; master's, role asks bachelor's; "
        "salary expectation within range"
    )
    assert (result.role_id, result.candidate_id) == (10, 7)
    assert [c.name for c in result.components] == list(COMPONENT_NAMES)
    assert result.component("skills").message == (
        "5 of 6 required skills "
        "(PyTorch fits deep learning; PostgreSQL fits SQL; missing Git)"
    )
    # 35 * 5/6 + 65 (every other component is met or not asked) = 94.2
    assert result.score == 94
    with pytest.raises(KeyError):
        result.component("nope")


def test_summary_picks_the_biggest_shortfalls() -> None:
    role = RoleRequirements(
        1,
        required_skills=frozenset({"verilog"}),
        field_categories=frozenset({"0809"}),
        min_degree="master",
        min_years=5,
        english_level="fluent",
        min_hsk=3,
        city="Shenzhen",
        salary_max=300_000,
    )
    candidate = CandidateSummary(
        2,
        skills=frozenset({"vhdl"}),
        field_categories=frozenset({"08", "0809"}),
        highest_degree="master",
        years_experience=1,
        english_level="fluent",
        hsk_level=None,
        desired_cities=frozenset({"shenzhen"}),
        salary_expectation=390_000,
    )
    result = score_match(role, candidate)
    assert result.summary == (
        "0 of 1 required skills; 1 year of experience, role asks 5 years; "
        "English fluent, as the role asks; HSK level unknown, role asks HSK 3; "
        "salary expectation 30% above range"
    )


def test_a_role_with_no_requirements_scores_everyone_100() -> None:
    result = score_match(RoleRequirements("open"), CandidateSummary("anyone"))
    assert result.score == 100
    assert result.summary == "the role sets no requirements"
    assert all(c.score == 1.0 for c in result.components)


def test_an_empty_candidate_against_a_full_role() -> None:
    role = RoleRequirements(
        1,
        required_skills=frozenset({"python"}),
        field_categories=frozenset({"08"}),
        min_degree="bachelor",
        min_years=2,
        english_level="professional",
        city="Beijing",
        salary_max=200_000,
    )
    result = score_match(role, CandidateSummary(2))
    # Skills 0; field, degree, experience, languages, salary unknown (0.5); city open.
    assert result.score == 35  # 0.5 * 60 + 5
    assert result.score < DEFAULT_MATCH_CONFIG.min_score


def test_weights_scale_freely() -> None:
    doubled = MatchConfig(
        **{
            f"weight_{n}": 2 * w
            for n, w in zip(
                COMPONENT_NAMES, DEFAULT_MATCH_CONFIG.weights(), strict=True
            )
        }
    )
    assert score_match(ROLE, CANDIDATE, config=doubled).score == 94
    skills_only = MatchConfig(
        weight_field=0,
        weight_degree=0,
        weight_experience=0,
        weight_languages=0,
        weight_city=0,
        weight_salary=0,
    )
    assert score_match(ROLE, CANDIDATE, config=skills_only).score == 83


def people(n: int) -> list[CandidateSummary]:
    """Candidates with a spread of skills, so scores differ and tie."""
    pool = sorted(ROLE.required_skills | {"pytorch", "postgresql", "excel", "java"})
    return [
        CandidateSummary(
            candidate_id=i,
            skills=frozenset(s for j, s in enumerate(pool) if (i >> j) & 1),
            highest_degree=("bachelor", "master", None)[i % 3],
            salary_expectation=(350_000, 600_000, None)[i % 3],
        )
        for i in range(n)
    ]


def test_top_matches_sorted_limited_and_explained() -> None:
    candidates = people(300)
    results = top_matches(ROLE, candidates, limit=25)
    assert len(results) == 25
    keys = [(-r.score, r.candidate_id) for r in results]
    assert keys == sorted(keys)
    best = {c.candidate_id: score_match(ROLE, c) for c in candidates}
    assert results == [best[r.candidate_id] for r in results]
    # Nothing left out scores higher than the last one kept.
    kept = {r.candidate_id for r in results}
    floor = (results[-1].score, -results[-1].candidate_id)
    assert all((best[i].score, -i) < floor for i in best if i not in kept)


def test_top_matches_min_score_and_limits() -> None:
    candidates = people(100)
    everyone = top_matches(ROLE, candidates, limit=1000, min_score=0)
    assert len(everyone) == 100
    high = top_matches(ROLE, candidates, limit=1000, min_score=80)
    assert high
    assert all(r.score >= 80 for r in high)
    assert high == [r for r in everyone if r.score >= 80]
    default = top_matches(ROLE, candidates, limit=1000)
    assert all(r.score >= DEFAULT_MATCH_CONFIG.min_score for r in default)
    assert top_matches(ROLE, candidates, limit=0) == []
    assert top_matches(ROLE, [], limit=5) == []
    assert len(top_matches(ROLE, iter(candidates), limit=3)) == 3


def test_scores_for_role_are_the_scores_of_everyone_above_the_floor() -> None:
    candidates = people(100)
    pairs = scores_for_role(ROLE, iter(candidates), min_score=60)
    expected = {
        r.candidate_id: r.score
        for r in top_matches(ROLE, candidates, limit=1000, min_score=60)
    }
    assert dict(pairs) == expected
    assert len(pairs) == len(expected)
    default = dict(scores_for_role(ROLE, candidates))
    assert all(s >= DEFAULT_MATCH_CONFIG.min_score for s in default.values())


def test_ties_break_by_candidate_id_ints_before_strings() -> None:
    same = {"skills": frozenset({"python"})}
    candidates = [
        CandidateSummary("b", **same),
        CandidateSummary(20, **same),
        CandidateSummary("a", **same),
        CandidateSummary(3, **same),
    ]
    ids = [r.candidate_id for r in top_matches(ROLE, candidates, min_score=0)]
    assert ids == [3, 20, "a", "b"]
    assert [
        r.candidate_id for r in top_matches(ROLE, candidates, limit=2, min_score=0)
    ] == [3, 20]


def test_top_roles() -> None:
    roles = [
        RoleRequirements(i, required_skills=frozenset(skills), salary_max=salary)
        for i, (skills, salary) in enumerate(
            [
                ({"python"}, 500_000),
                ({"python", "git"}, 500_000),
                ({"excel"}, 500_000),
                ({"python"}, 100_000),
                ({"pytorch"}, None),
            ]
        )
    ]
    results = top_roles(CANDIDATE, roles, limit=3)
    assert [r.role_id for r in results] == [0, 4, 3]
    assert [r.score for r in results] == [100, 100, 90]
    assert all(r.candidate_id == 7 for r in results)
    assert top_roles(CANDIDATE, roles, limit=0) == []
    assert len(top_roles(CANDIDATE, roles, limit=10, min_score=0)) == 5


def test_model_is_frozen_and_validated() -> None:
    with pytest.raises(FrozenInstanceError):
        ROLE.min_years = 3  # type: ignore[misc]
    with pytest.raises(TypeError, match="frozenset"):
        RoleRequirements(1, required_skills={"python"})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="min_degree"):
        RoleRequirements(1, min_degree="phd")
    with pytest.raises(ValueError, match="salary_min is above"):
        RoleRequirements(1, salary_min=10, salary_max=5)
    with pytest.raises(ValueError, match="hsk_level"):
        CandidateSummary(1, hsk_level=7)
    with pytest.raises(ValueError, match="english_level"):
        CandidateSummary(1, english_level="good")
    with pytest.raises(ValueError, match="years_experience"):
        CandidateSummary(1, years_experience=-1)


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("skills", {"python"}, TypeError),
        ("field_categories", ["cs"], TypeError),
        ("desired_cities", "shanghai", TypeError),
        ("highest_degree", "phd", ValueError),
        ("english_level", "good", ValueError),
        ("years_experience", -0.5, ValueError),
        ("years_experience", 80.5, ValueError),
        ("years_experience", float("nan"), ValueError),
        ("hsk_level", -1, ValueError),
        ("hsk_level", 7, ValueError),
        ("salary_expectation", -1, ValueError),
        ("salary_expectation", float("nan"), ValueError),
    ],
)
def test_summary_rejects_each_unreadable_value(field, value, error) -> None:
    """The summary's one-expression check lets nothing through that the checks
    one by one reject, and the error still names the field."""
    with pytest.raises(error, match=field):
        CandidateSummary(1, **{field: value})


def test_summary_accepts_the_edges_of_every_range() -> None:
    edges = [
        {"years_experience": 0, "hsk_level": 0, "salary_expectation": 0},
        {"years_experience": 80, "hsk_level": 6, "salary_expectation": 10**9},
        {"highest_degree": "doctorate", "english_level": "native"},
        {"highest_degree": None, "english_level": None, "hsk_level": None},
    ]
    for values in edges:
        summary = CandidateSummary(1, skills=frozenset({"python"}), **values)
        assert all(getattr(summary, name) == v for name, v in values.items())


def test_config_validation_and_round_trip() -> None:
    data = DEFAULT_MATCH_CONFIG.to_dict()
    assert MatchConfig.from_dict(json.loads(json.dumps(data))) == DEFAULT_MATCH_CONFIG
    assert sum(DEFAULT_MATCH_CONFIG.weights()) == 100
    with pytest.raises(ValueError, match="weights"):
        MatchConfig(weight_skills=-1)
    with pytest.raises(ValueError, match="weights"):
        MatchConfig(**{f"weight_{n}": 0 for n in COMPONENT_NAMES})
    with pytest.raises(ValueError, match="sibling_credit"):
        MatchConfig(sibling_credit=1.5)
    with pytest.raises(ValueError, match="min_score"):
        MatchConfig(min_score=101)
    with pytest.raises(TypeError):
        MatchConfig.from_dict({"nope": 1})


def test_matching_does_not_import_django() -> None:
    count, loaded = modules_loaded_by(
        "jobs.engines.matching",
        exercise=(
            "from jobs.engines.matching import *\n"
            "role = RoleRequirements(1, required_skills=frozenset({'python'}))\n"
            "top_matches(role, [CandidateSummary(2, skills=frozenset({'django'}))])"
        ),
        forbidden=("django", "accounts"),
    )
    assert count >= 5
    assert loaded == []
