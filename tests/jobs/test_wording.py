"""The discriminatory-wording check: pure, English and Chinese."""

import pytest

from jobs.validators import discriminatory_terms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("男性，35岁以下，本地户口优先", ["男性", "35岁以下", "本地户口"]),
        ("女性优先，已婚已育", ["女性优先", "已婚已育"]),
        ("限男，汉族", ["限男", "汉族"]),
        ("未婚，年龄不超过30", ["未婚", "年龄"]),
        ("Male only, under 35.", ["Male only", "under 35"]),
        ("Candidates aged 25-35 please", ["aged 25-35"]),
        ("Age limit: 40", ["Age limit"]),
        ("Han Chinese preferred", ["Han Chinese"]),
        ("Chinese nationals only", ["Chinese nationals only"]),
        ("Local hukou required", ["hukou"]),
        ("No pregnancy within two years", ["pregnancy"]),
        ("Must be married", ["Must be married"]),
        ("Female candidates preferred", ["Female candidates preferred"]),
        ("Marital status: single", ["Marital status"]),
        ("Applicants under 30 years old", ["under 30 years old"]),
    ],
)
def test_discriminatory_requirements_are_named(text, expected):
    assert discriminatory_terms(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "5 years of experience with Python",
        "We welcome applicants of all genders and nationalities.",
        "Latency under 30 ms on embedded targets",
        "Single-cell sequencing and female connector design",
        "The Age of AI: build LLM agents",
        "K-visa holders welcome; we sponsor work permits.",
        "Stage 2 of our battery research programme",
        "熟悉Python，三年以上工作经验，本科及以上学历",
    ],
)
def test_ordinary_requirements_pass(text):
    assert discriminatory_terms(text) == []


def test_each_term_is_named_once():
    assert discriminatory_terms("男性 男性 Male only male only") == [
        "男性",
        "Male only",
    ]
