"""Each component's score and message, one table per component."""

from __future__ import annotations

from typing import Any

import pytest

from jobs.engines.matching.components import _Memo
from jobs.engines.matching.config import MatchConfig
from jobs.engines.matching.engine import score_match
from jobs.engines.matching.model import CandidateSummary, Component, RoleRequirements


def fs(*items: str) -> frozenset[str]:
    """A frozenset from arguments."""
    return frozenset(items)


def component(name: str, role: dict[str, Any], candidate: dict[str, Any]) -> Component:
    """Score one component of a role and candidate built from keyword dicts."""
    result = score_match(
        RoleRequirements(role_id=1, **role),
        CandidateSummary(candidate_id=2, **candidate),
    )
    return result.component(name)


SKILLS_ROLE = {
    "required_skills": fs("python", "deep-learning", "sql", "docker", "linux", "git"),
    "preferred_skills": fs("aws", "spark", "go"),
}


@pytest.mark.parametrize(
    ("role", "skills", "score", "message"),
    [
        ({}, fs(), 1.0, "the role lists no skills"),
        (
            SKILLS_ROLE,
            fs("python", "pytorch", "postgresql", "docker", "linux", "aws"),
            0.8 * 5 / 6 + 0.2 / 3,
            "5 of 6 required skills; 1 of 3 preferred "
            "(PyTorch fits deep learning; PostgreSQL fits SQL; missing Git)",
        ),
        (
            SKILLS_ROLE,
            fs("python", "deep-learning", "sql", "docker", "linux", "git"),
            0.8,
            "6 of 6 required skills; 0 of 3 preferred",
        ),
        (
            {"required_skills": fs("pytorch")},
            fs("tensorflow"),
            0.5,
            "0 of 1 required skills (TensorFlow is close to PyTorch)",
        ),
        (
            {"required_skills": fs("pytorch")},
            fs("deep-learning"),
            0.25,
            "0 of 1 required skills (deep learning, not PyTorch itself)",
        ),
        (
            {"required_skills": fs("pytorch", "kubernetes")},
            fs(),
            0.0,
            "0 of 2 required skills (missing Kubernetes, PyTorch)",
        ),
        (
            {"preferred_skills": fs("aws", "go")},
            fs("aws"),
            0.8 + 0.2 * 0.5,
            "1 of 2 preferred skills",
        ),
        ({"preferred_skills": fs("aws")}, fs(), 0.8, "0 of 1 preferred skills"),
    ],
)
def test_skills(
    role: dict[str, Any], skills: frozenset[str], score: float, message: str
) -> None:
    got = component("skills", role, {"skills": skills})
    assert got.score == pytest.approx(score)
    assert got.message == message
    assert got.weight == 35


@pytest.mark.parametrize(
    ("asked", "have", "score", "message"),
    [
        (fs(), fs("05"), 1.0, "any field of study"),
        (
            fs("0812"),
            fs("08", "0812"),
            1.0,
            "computer science and technology, as the role asks",
        ),
        (fs("08"), fs("08", "0809"), 1.0, "engineering, as the role asks"),
        (fs("08"), fs("0809"), 1.0, "engineering, as the role asks"),
        (
            fs("0812"),
            fs("08", "0809"),
            0.6,
            "electronic science and technology: same category as "
            "computer science and technology",
        ),
        (fs("081201"), fs("0812"), 1.0, None),
        (
            fs("0812"),
            fs("07", "0701"),
            0.3,
            "mathematics: related to computer science and technology",
        ),
        (fs("08"), fs("07"), 0.3, "science: related to engineering"),
        (fs("02"), fs("12", "1202"), 0.3, None),
        (fs("0812"), fs("05", "0501"), 0.0, None),
        (
            fs("0812", "0701"),
            fs(),
            0.5,
            "field of study unknown, role asks mathematics or "
            "computer science and technology",
        ),
    ],
)
def test_field(
    asked: frozenset[str], have: frozenset[str], score: float, message: str | None
) -> None:
    got = component("field", {"field_categories": asked}, {"field_categories": have})
    assert got.score == pytest.approx(score)
    if message is not None:
        assert got.message == message


@pytest.mark.parametrize(
    ("asked", "have", "score", "message"),
    [
        (None, "bachelor", 1.0, "no degree requirement"),
        ("bachelor", "master", 1.0, "master's, role asks bachelor's"),
        ("bachelor", "doctorate", 1.0, "doctorate, role asks bachelor's"),
        ("master", "master", 1.0, "master's, as the role asks"),
        ("master", "bachelor", 0.5, "bachelor's, role asks master's"),
        ("doctorate", "bachelor", 0.0, "bachelor's, role asks doctorate"),
        ("bachelor", "associate", 0.5, "associate degree, role asks bachelor's"),
        ("master", None, 0.5, "degree unknown, role asks master's"),
    ],
)
def test_degree(
    asked: str | None, have: str | None, score: float, message: str
) -> None:
    got = component("degree", {"min_degree": asked}, {"highest_degree": have})
    assert (got.score, got.message) == (score, message)


@pytest.mark.parametrize(
    ("asked", "have", "score", "message"),
    [
        (None, 2, 1.0, "no experience requirement"),
        (0, None, 1.0, "no experience requirement"),
        (3, 5, 1.0, "5 years of experience, role asks at least 3 years"),
        (3, 3, 1.0, "3 years of experience, role asks at least 3 years"),
        (3, 1, 1 / 3, "1 year of experience, role asks 3 years"),
        (4, 2.5, 2.5 / 4, "2.5 years of experience, role asks 4 years"),
        (2, 0, 0.0, "0 years of experience, role asks 2 years"),
        (1.5, None, 0.5, "experience unknown, role asks 1.5 years"),
    ],
)
def test_experience(
    asked: float | None, have: float | None, score: float, message: str
) -> None:
    got = component("experience", {"min_years": asked}, {"years_experience": have})
    assert got.score == pytest.approx(score)
    assert got.message == message


@pytest.mark.parametrize(
    ("role", "candidate", "score", "message"),
    [
        ({}, {}, 1.0, "no language requirement"),
        ({"min_hsk": 0}, {}, 1.0, "no language requirement"),
        (
            {"english_level": "professional"},
            {"english_level": "fluent"},
            1.0,
            "English fluent, role asks professional",
        ),
        (
            {"english_level": "fluent"},
            {"english_level": "fluent"},
            1.0,
            "English fluent, as the role asks",
        ),
        (
            {"english_level": "fluent"},
            {"english_level": "professional"},
            0.5,
            "English professional, role asks fluent",
        ),
        (
            {"english_level": "native"},
            {"english_level": "intermediate"},
            0.0,
            "English intermediate, role asks native",
        ),
        ({"min_hsk": 4}, {"hsk_level": 5}, 1.0, "HSK 5, role asks at least HSK 4"),
        ({"min_hsk": 4}, {"hsk_level": 3}, 0.75, "HSK 3, role asks HSK 4"),
        ({"min_hsk": 4}, {"hsk_level": 0}, 0.0, "no HSK, role asks HSK 4"),
        ({"min_hsk": 4}, {}, 0.5, "HSK level unknown, role asks HSK 4"),
        (
            {"english_level": "professional", "min_hsk": 4},
            {"english_level": "native"},
            0.75,
            "English native, role asks professional; "
            "HSK level unknown, role asks HSK 4",
        ),
        (
            {"english_level": "basic", "min_hsk": 2},
            {"english_level": None, "hsk_level": 1},
            0.5,
            "English level unknown, role asks basic; HSK 1, role asks HSK 2",
        ),
    ],
)
def test_languages(
    role: dict[str, Any], candidate: dict[str, Any], score: float, message: str
) -> None:
    got = component("languages", role, candidate)
    assert got.score == pytest.approx(score)
    assert got.message == message


@pytest.mark.parametrize(
    ("role", "candidate", "score", "message"),
    [
        (
            {"city": "Shanghai", "remote": True},
            {"desired_cities": fs("beijing")},
            1.0,
            "remote role",
        ),
        ({}, {"desired_cities": fs("beijing")}, 1.0, "no city set"),
        (
            {"city": "Shanghai"},
            {"desired_cities": fs("shanghai")},
            1.0,
            "wants to work in Shanghai",
        ),
        (
            {"city": "Xi'an"},
            {"desired_cities": fs("xian", "chengdu")},
            1.0,
            "wants to work in Xi'an",
        ),
        ({"city": "Shanghai"}, {}, 1.0, "open to any city, including Shanghai"),
        (
            {"city": "Shanghai"},
            {"desired_cities": fs("beijing", "shenzhen"), "willing_to_relocate": True},
            0.6,
            "prefers Beijing, Shenzhen, willing to relocate to Shanghai",
        ),
        (
            {"city": "Shanghai"},
            {"desired_cities": fs("beijing")},
            0.0,
            "prefers Beijing, not Shanghai",
        ),
    ],
)
def test_city(
    role: dict[str, Any], candidate: dict[str, Any], score: float, message: str
) -> None:
    got = component("city", role, candidate)
    assert (got.score, got.message) == (score, message)


@pytest.mark.parametrize(
    ("low", "high", "want", "score", "message"),
    [
        (None, None, 900_000, 1.0, "no salary range set"),
        (200_000, 300_000, None, 0.5, "salary expectation unknown"),
        (200_000, 300_000, 250_000, 1.0, "salary expectation within range"),
        (200_000, 300_000, 300_000, 1.0, "salary expectation within range"),
        (200_000, 300_000, 150_000, 1.0, "salary expectation below range"),
        (200_000, None, 900_000, 1.0, "salary expectation within range"),
        (None, 300_000, 100_000, 1.0, "salary expectation within range"),
        (200_000, 300_000, 330_000, 0.8, "salary expectation 10% above range"),
        (200_000, 300_000, 450_000, 0.0, "salary expectation 50% above range"),
        (200_000, 300_000, 900_000, 0.0, "salary expectation 200% above range"),
        (0, 0, 1, 0.0, "salary expectation above range"),
    ],
)
def test_salary(
    low: int | None, high: int | None, want: int | None, score: float, message: str
) -> None:
    got = component(
        "salary", {"salary_min": low, "salary_max": high}, {"salary_expectation": want}
    )
    assert got.score == pytest.approx(score)
    assert got.message == message


def test_credits_follow_the_config() -> None:
    config = MatchConfig(
        sibling_credit=0.0,
        parent_credit=0.0,
        degree_one_below_credit=0.2,
        relocate_credit=0.1,
        unknown_credit=0.3,
        weight_salary=0,
    )
    role = RoleRequirements(
        1,
        required_skills=fs("pytorch"),
        min_degree="master",
        city="Beijing",
        min_years=2,
        salary_max=100,
    )
    candidate = CandidateSummary(
        2,
        skills=fs("tensorflow"),
        highest_degree="bachelor",
        desired_cities=fs("shanghai"),
        willing_to_relocate=True,
    )
    result = score_match(role, candidate, config=config)
    scores = {c.name: c.score for c in result.components}
    assert scores["skills"] == 0.0
    assert scores["degree"] == 0.2
    assert scores["city"] == 0.1
    assert scores["experience"] == 0.3
    assert result.component("salary").weight == 0


def test_a_memo_computes_each_key_once_and_stays_bounded() -> None:
    calls: list[str] = []

    def upper(key: str) -> str:
        calls.append(key)
        return key.upper()

    memo = _Memo(upper, limit=2)
    assert [memo["a"], memo["a"], memo["b"]] == ["A", "A", "B"]
    assert calls == ["a", "b"]
    assert memo["c"] == "C"  # a third key starts the memo afresh
    assert dict(memo) == {"c": "C"}
    assert memo["a"] == "A"
    assert calls == ["a", "b", "c", "a"]
