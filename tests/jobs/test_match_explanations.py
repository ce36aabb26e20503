"""A stored match is a score; why it scores that is explained when a page shows it
(issue 19: explaining every stored pair was most of a first screening's time)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs.engines.matching.components import compile_role
from jobs.engines.matching.config import DEFAULT_MATCH_CONFIG
from jobs.engines.matching.engine import explain
from jobs.models import CandidateCard, Match
from jobs.selectors.engine_inputs import requirements_of, summary_of
from jobs.selectors.matching import component_json, explain_matches
from jobs.selectors.pages import best_roles_for
from jobs.services.matching import refresh_candidate_matches, refresh_role_matches
from tests.factories import DraftRoleFactory, RoleFactory
from tests.jobs.test_matches import _candidate, company_client  # noqa: F401

pytestmark = pytest.mark.django_db


def _engine(match: Match):
    role = type(match.role).objects.get(pk=match.role_id)
    card = CandidateCard.objects.get(profile_id=match.profile_id)
    return explain(
        compile_role(requirements_of(role), DEFAULT_MATCH_CONFIG), summary_of(card)
    )


def test_stored_rows_hold_the_score_and_read_back_the_engines_explanation():
    roles = [
        RoleFactory(skills=["Python", "ROS", "C++"]),
        RoleFactory(skills=["Python"], city="Shanghai"),
        RoleFactory(skills=["Excel"]),
    ]
    people = [_candidate(), _candidate(skills=("Python",)), _candidate(skills=())]
    refresh_candidate_matches(profile_ids=[p.pk for p in people])
    stored = list(Match.objects.order_by("role_id", "profile_id"))
    assert {m.role_id for m in stored} == {r.pk for r in roles}
    columns = {f.name for f in Match._meta.concrete_fields}
    assert not columns & {"components", "summary", "summary_phrases"}

    explain_matches(stored)
    for match in stored:
        engine = _engine(match)
        assert match.score == engine.score
        assert match.components == [component_json(c) for c in engine.components]
        assert match.summary == engine.summary
        assert [p["code"] for p in match.summary_phrases] == [
            p.code for p in engine.summary_phrases
        ]


def test_explaining_takes_the_same_queries_for_one_match_or_many():
    roles = [RoleFactory(skills=["Python", "ROS"]) for _ in range(3)]
    people = [_candidate() for _ in range(3)]
    refresh_candidate_matches(profile_ids=[p.pk for p in people])
    one = list(Match.objects.filter(role=roles[0])[:1])
    many = list(Match.objects.all())
    assert len(many) == 9
    with CaptureQueriesContext(connection) as few_queries:
        explain_matches(one)
    with CaptureQueriesContext(connection) as many_queries:
        explain_matches(many)
    assert len(many_queries) == len(few_queries) == 4
    assert all(m.components for m in many)


def test_a_match_whose_card_is_gone_keeps_its_score_and_says_nothing_more():
    role = RoleFactory(skills=["Python"])
    profile = _candidate()
    refresh_role_matches(role_id=role.pk)
    CandidateCard.objects.filter(profile=profile).delete()
    match = Match.objects.get(role=role, profile=profile)
    explain_matches([match])
    assert match.score > 0
    assert match.components == []
    assert match.summary == ""


def test_the_candidates_best_roles_come_explained():
    RoleFactory(skills=["Python", "ROS", "C++"])
    profile = _candidate()
    refresh_candidate_matches(profile_ids=[profile.pk])
    (best,) = best_roles_for(profile=profile)
    assert "3 of 3 required skills" in best.summary


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "3 of 3 required skills"), ("zh-hans", "必备技能满足 3/3 项")],
)
def test_the_matches_page_explains_each_row_in_the_readers_language(
    company_client,  # noqa: F811
    settings,
    language,
    said,
):
    settings.SIGNED_IN_PAGE_CACHE_SECONDS = 0
    role = RoleFactory(company=company_client.company, skills=["Python", "ROS", "C++"])
    _candidate()
    refresh_role_matches(role_id=role.pk)
    url = reverse("jobs:role_matches", args=[role.pk])
    response = company_client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert said in response.text
    other = "必备技能满足" if language == "en" else "required skills"
    assert other not in response.text


def test_open_role_requirements_read_as_rows_equal_those_of_the_models():
    from jobs.models import Role
    from jobs.selectors.engine_inputs import open_role_requirements
    from jobs.services.roles import skills_from_names

    first = RoleFactory(
        skills=["Python", "ROS"], city="上海", field_of_study="Robotics"
    )
    first.preferred_skills.set(skills_from_names(["C++", "Docker"]))
    RoleFactory(skills=[], work_mode="remote", hsk_level=4, min_degree="master")
    DraftRoleFactory(skills=["Excel"])  # not public: not read
    models = [
        requirements_of(role)
        for role in Role.objects.public()
        .order_by("pk")
        .prefetch_related("required_skills", "preferred_skills")
    ]
    assert len(models) == 2
    with CaptureQueriesContext(connection) as queries:
        rows = open_role_requirements()
    assert rows == models
    assert len(queries) == 3
