"""Match reasons in the reader's language (jobs/web/reasons.py): every id the
matching engine gives has a message whose English is the engine's own."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import LanguageSkill, Visibility
from accounts.services import set_skills
from jobs.engines.matching import CandidateSummary, RoleRequirements, score_match
from jobs.engines.matching import components as match_components
from jobs.engines.screening.fields import CATEGORIES, SUBJECTS
from jobs.engines.screening.outcomes import params_json, phrase_json
from jobs.services.matching import (
    refresh_candidate_matches,
    refresh_cards,
    refresh_role_matches,
)
from jobs.services.screening import screen_candidates
from jobs.web import reasons
from jobs.web.disciplines import DISCIPLINES
from tests.factories import (
    CandidateProfileFactory,
    EducationFactory,
    MembershipFactory,
    RoleFactory,
)

_ID = re.compile(r'"(match\.[a-z_.]+)"')
# Said by the web layer itself (a list of discipline names), not a message.
_BUILT = {"match.fields.or", "match.fields.and"}


def test_every_match_id_in_the_engine_sources_has_a_message():
    source = Path(match_components.__file__).parent
    codes = set()
    for path in source.glob("*.py"):
        codes.update(_ID.findall(path.read_text()))
    codes.update({"match.fields.or", "match.fields.and", "match.year", "match.years"})
    assert len(codes) > 40
    assert codes - _BUILT - set(reasons.MESSAGES) == set()


def test_every_discipline_has_a_name_in_the_readers_language():
    assert set(DISCIPLINES) == set(CATEGORIES) | set(SUBJECTS)
    with translation.override("zh-hans"):
        assert str(DISCIPLINES["0812"]) == "计算机科学与技术"


ROLES = [
    RoleRequirements(
        role_id=1,
        required_skills=frozenset({"python", "deep-learning", "sql", "git"}),
        preferred_skills=frozenset({"docker", "kubernetes"}),
        field_categories=frozenset({"0812", "0701", "0702", "0703", "0704"}),
        min_degree="bachelor",
        min_years=3,
        english_level="professional",
        min_hsk=4,
        city="Shanghai",
        salary_min=300_000,
        salary_max=500_000,
    ),
    RoleRequirements(role_id=2, preferred_skills=frozenset({"python"}), remote=True),
    RoleRequirements(
        role_id=3,
        field_categories=frozenset({"08"}),
        min_degree="master",
        min_years=1,
        english_level="fluent",
        min_hsk=2,
        city="Beijing",
        salary_max=200_000,
    ),
    RoleRequirements(role_id=4, field_categories=frozenset({"0835"}), city="Xi'an"),
]
CANDIDATES = [
    CandidateSummary(
        candidate_id=1,
        skills=frozenset({"python", "pytorch", "postgresql"}),
        field_categories=frozenset({"0812"}),
        highest_degree="master",
        years_experience=1,
        english_level="fluent",
        hsk_level=0,
        desired_cities=frozenset({"shenzhen"}),
        willing_to_relocate=True,
        salary_expectation=600_000,
    ),
    CandidateSummary(candidate_id=2),
    CandidateSummary(
        candidate_id=3,
        skills=frozenset({"python"}),
        field_categories=frozenset({"0702", "0710"}),
        highest_degree="bachelor",
        years_experience=5,
        english_level="professional",
        hsk_level=5,
        desired_cities=frozenset({"beijing", "shanghai"}),
        salary_expectation=100_000,
    ),
    CandidateSummary(
        candidate_id=4,
        field_categories=frozenset({"1202"}),
        desired_cities=frozenset({"chengdu"}),
        salary_expectation=250_000,
    ),
]


def _stored(component) -> dict:
    return {
        "code": component.code,
        "params": params_json(component.params),
        "message": component.message,
    }


class _Row:
    def __init__(self, result):
        self.summary = result.summary
        self.summary_phrases = [phrase_json(p) for p in result.summary_phrases]


def test_each_match_reason_reads_as_the_engine_in_english_and_in_chinese():
    seen = set()
    for role in ROLES:
        for candidate in CANDIDATES:
            result = score_match(role, candidate)
            for component in result.components:
                stored = _stored(component)
                seen.add(component.code)
                with translation.override("en"):
                    assert reasons.message(stored) == component.message
                with translation.override("zh-hans"):
                    chinese = reasons.message(stored)
                assert re.search("[\u4e00-\u9fff]", chinese), component.message
            with translation.override("en"):
                assert reasons.match_summary(_Row(result)) == result.summary
            with translation.override("zh-hans"):
                assert reasons.match_summary(_Row(result)) != result.summary
    assert len(seen) > 25


def test_a_match_stored_without_phrases_shows_its_english_summary():
    row = type("Row", (), {"summary": "5 of 6 required skills", "summary_phrases": []})
    with translation.override("zh-hans"):
        assert reasons.match_summary(row) == "5 of 6 required skills"


def _candidate(**profile):
    now = timezone.now()
    profile = CandidateProfileFactory(
        visibility=Visibility.VERIFIED_EMPLOYERS,
        consent_share_at=now,
        consent_cross_border_at=now,
        desired_cities="Shenzhen",
        salary_expectation_cny=400_000,
        **profile,
    )
    EducationFactory(profile=profile, field="Robotics", level="master")
    LanguageSkill.objects.create(profile=profile, language="en", level="fluent")
    set_skills(profile=profile, names=["Python", "C++"])
    screen_candidates(profile_ids=[profile.pk])
    refresh_cards(profile_ids=[profile.pk])
    return profile


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ("zh-hans", ["必备技能满足 1/2 项", "意向城市为Shenzhen"], ["required skills"]),
        ("en", ["1 of 2 required skills", "prefers Shenzhen"], ["必备技能"]),
    ],
)
def test_the_matches_page_says_the_reasons_in_the_readers_language(
    client, language, expected, absent
):
    member = MembershipFactory(user__language=language)
    role = RoleFactory(company=member.company, skills=["Python", "ROS"])
    _candidate()
    refresh_role_matches(role_id=role.pk)
    client.force_login(member.user)
    body = client.get(
        reverse("jobs:role_matches", args=[role.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    for text in expected:
        assert text in body, text
    for text in absent:
        assert text not in body, text


@pytest.mark.django_db
def test_roles_for_you_says_the_summary_in_chinese(client):
    RoleFactory(skills=["Python", "ROS"])
    profile = _candidate(user__language="zh-hans")
    refresh_candidate_matches(profile_ids=[profile.pk])
    client.force_login(profile.user)
    body = client.get(
        reverse("jobs:roles_for_you"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "必备技能满足 1/2 项" in body
    assert "required skills" not in body
