"""A worker keeps the open roles' index between candidate batches (issue 19): an
edited role, a role published or closed must reach the next batch all the same."""

import pytest

from jobs.models import Match
from jobs.models.roles import RoleStatus
from jobs.services.matching import refresh_candidate_matches
from jobs.services.roles import skills_from_names
from tests.factories import RoleFactory
from tests.jobs.test_matches import _candidate

pytestmark = pytest.mark.django_db


def _score(role, profile) -> int | None:
    row = Match.objects.filter(role=role, profile=profile, for_role=True).first()
    return row.score if row else None


def test_a_role_edited_between_two_batches_is_scored_as_edited(settings):
    settings.MATCH_MIN_SCORE = 0
    role = RoleFactory(skills=["Python", "ROS"])
    profile = _candidate(skills=("Python", "ROS"))
    refresh_candidate_matches(profile_ids=[profile.pk])
    before = _score(role, profile)
    assert before is not None
    # The same edit the role form saves: other skills, none the candidate has.
    role.required_skills.set(skills_from_names(["Accounting", "Tax law"]))
    refresh_candidate_matches(profile_ids=[profile.pk])
    after = _score(role, profile)
    assert after is not None
    assert after < before


def test_a_role_published_or_closed_between_two_batches(settings):
    settings.MATCH_MIN_SCORE = 0
    first = RoleFactory(skills=["Python"])
    profile = _candidate(skills=("Python",))
    refresh_candidate_matches(profile_ids=[profile.pk])
    assert _score(first, profile) is not None
    second = RoleFactory(skills=["Python"])
    first.status = RoleStatus.CLOSED
    first.save()
    refresh_candidate_matches(profile_ids=[profile.pk])
    assert _score(second, profile) is not None
    assert not Match.objects.filter(role=first, profile=profile).exists()
