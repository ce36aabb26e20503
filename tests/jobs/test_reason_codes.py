"""Every reason the screening engine can give has a message id said in the reader's
language (jobs/web/reasons.py), and its English is the engine's own wording."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from jobs.engines.screening import k_visa, r_visa
from jobs.engines.screening.config import (
    DEFAULT_CONFIG,
    DEFAULT_K_CHECKLIST,
    K_DEGREE_DOCUMENT,
    K_EMBASSY_DOCUMENT,
    K_POST_DOCUMENT,
)
from jobs.engines.screening.facts import DegreeLevel
from jobs.engines.screening.jsonl import screen_lines
from jobs.engines.screening.work_permit import _FACTOR_NAMES
from jobs.web import reasons
from tests.factories import CandidateProfileFactory, EducationFactory, PositionFactory

ENGINE = Path(k_visa.__file__).parent
_ID = re.compile(
    r'"((?:k_age|k_degree|k_field|k_institution|k_position|wp|wp_a|wp_b|wp_points'
    r'|r|points)\.[a-z0-9_.]+)"'
)


def _engine_codes() -> set[str]:
    codes = set()
    for source in ENGINE.glob("*.py"):
        codes.update(_ID.findall(source.read_text()))
    # The ids built from a value.
    codes.update(
        f"points.education.{lv.value}" for lv in DegreeLevel if lv.value != "none"
    )
    codes.update(f"wp.factor.{name}" for name in _FACTOR_NAMES)
    return codes


def test_every_id_in_the_engine_sources_has_a_message():
    codes = _engine_codes()
    assert len(codes) > 90  # the walk found them
    assert codes - set(reasons.MESSAGES) == set()


def test_every_fixed_text_of_the_engine_has_a_translation():
    fixed = {
        *DEFAULT_K_CHECKLIST,
        *r_visa.R_CHECKLIST,
        *k_visa.K_NOTES,
        *k_visa.checklist_for(DEFAULT_CONFIG, has_degree=False, has_post=False),
        K_DEGREE_DOCUMENT,
        K_POST_DOCUMENT,
        K_EMBASSY_DOCUMENT,
    }
    assert fixed - set(reasons.TEXTS) == set()
    with translation.override("zh-hans"):
        assert all(reasons.text(t) != t for t in fixed)


def _line(**over):
    base = {
        "id": "x",
        "as_of": "2026-12-01",
        "date_of_birth": "1990-01-01",
        "degrees": [
            {
                "level": "master",
                "field": "Computer Science",
                "institution": "ETH Zurich",
                "conferred": "2015-06-30",
            }
        ],
        "positions": [],
        "years_experience": 5,
        "offer": {
            "salary_cny_annual": 900000,
            "city": "Shanghai",
            "months_per_year_in_china": 12,
            "inviting_unit": True,
        },
    }
    return json.dumps(base | over)


_DEG = {"level": "master", "conferred": "2015-06-30"}
CASES = [
    _line(),
    _line(degrees=None, positions=None, date_of_birth=None, offer={}),
    _line(degrees=[], positions=[]),
    _line(degrees=[{**_DEG, "field": "History", "institution": "Nowhere College"}]),
    _line(degrees=[{**_DEG, "field": "Zzyzx studies", "institution": "ETH Zurich"}]),
    _line(degrees=[{**_DEG, "field": "Economics", "institution": "Tsinghua"}]),
    _line(degrees=[{**_DEG, "field": "Physics", "institution": "Univ. of Leeds"}]),
    _line(degrees=[{"level": "bachelor", "field": "Physics"}], years_experience=None),
    _line(
        degrees=[],
        positions=[
            {
                "kind": "research",
                "organisation": "Peking University",
                "field": "Physics",
                "start": "2020-01-01",
            },
            {"title": "Lab lead", "start": "2021-01-01"},
        ],
    ),
    _line(
        positions=[{"kind": "teaching", "field": "Mathematics", "start": "2020-01-01"}]
    ),
    _line(
        date_of_birth="1960-01-01",
        offer={"salary_cny_annual": 200000, "city": "Atlantis"},
    ),
    _line(date_of_birth="2012-01-01"),
    _line(
        hsk_level=5,
        patents=2,
        offer={"salary_cny_annual": 100000, "city": "Chengdu", "inviting_unit": False},
    ),
    _line(
        talent_programme=True, offer={"salary_cny_annual": 300000, "city": "Beijing"}
    ),
    _line(
        major_award=True,
        former_chinese_national=True,
        offer={"salary_cny_annual": 400000},
    ),
]


def _items(result):
    for route in (result["k_visa"], result.get("work_permit"), result.get("r_visa")):
        for reason in (route or {}).get("reasons", []):
            yield reason
            yield from reason.get("parts", [])


def _screened():
    return list(screen_lines(CASES, today=datetime.date(2026, 12, 1), extended=True))


def test_each_reason_and_hint_reads_as_the_engine_in_english_and_in_chinese():
    seen: set[str] = set()
    for result in _screened():
        assert "error" not in result, result
        items = list(_items(result))
        for item in items:
            if not item.get("code"):
                # Only a post's reason, said by its parts.
                assert item["rule"] == "K-POSITION", item
                assert item.get("parts"), item
                continue
            seen.add(item["code"])
            with translation.override("en"):
                assert reasons.message(item) == item["message"], item["code"]
                assert reasons.hint(item) == item.get("hint", ""), item["code"]
            with translation.override("zh-hans"):
                chinese = reasons.message(item)
            assert chinese != item["message"], item["code"]
            assert re.search("[\u4e00-\u9fff]", chinese), item["code"]
        for line in result.get("work_permit", {}).get("breakdown", []):
            seen.add(line["code"])
            with translation.override("en"):
                assert reasons.detail(line) == line["detail"]
        with translation.override("en"):
            assert reasons.hints(result["k_visa"]) == result["k_visa"]["hints"]
            if "work_permit" in result:
                assert (
                    reasons.hints(result["work_permit"])
                    == result["work_permit"]["hints"]
                )
    # The cases reach most routes of the rules (each a message id).
    assert len(seen) > 45


def test_an_unknown_nested_phrase_shows_the_stored_english():
    stored = {
        "code": "wp_a.salary",
        "params": {"why": {"code": "later.release", "params": {}}},
        "message": "Category A: stored.",
    }
    with translation.override("zh-hans"):
        assert reasons.message(stored) == "Category A: stored."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        (
            "zh-hans",
            [
                "不属于科学、技术、工程或数学领域",
                "您目前没有教学或科研职位",
                "近期护照照片",
                "按全国积分表",
                "年薪 900,000 元人民币",
            ],
            ["is not a science, technology", "Recent passport photo"],
        ),
        (
            "en",
            [
                "is not a science, technology",
                "Recent passport photo",
                "points on the national points table",
            ],
            ["不属于科学", "近期护照照片"],
        ),
    ],
)
def test_the_outlook_page_says_the_reasons_in_the_readers_language(
    client, language, expected, absent
):
    profile = CandidateProfileFactory(
        date_of_birth=datetime.date(1994, 5, 10), user__language=language
    )
    EducationFactory(profile=profile, field="History")
    client.force_login(profile.user)
    response = client.get(
        reverse("jobs:visa_outlook"),
        {
            "salary_cny_annual": 900000,
            "city": "Shanghai",
            "months_per_year_in_china": 12,
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )
    body = response.content.decode()
    for text in expected:
        assert text in body, text
    for text in absent:
        assert text not in body, text


@pytest.mark.django_db
def test_a_post_route_reads_in_chinese(client):
    profile = CandidateProfileFactory(user__language="zh-hans")
    PositionFactory(profile=profile, organisation="Nowhere Institute")
    client.force_login(profile.user)
    body = client.get(
        reverse("jobs:visa_outlook"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "在我们视为知名的院校中未找到“Nowhere Institute”" in body
    assert "担任科研职位" in body
    # The hints under "what would change it" too.
    assert "如果您的院校有其他官方名称或英文名称" in body
