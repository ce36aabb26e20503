"""A candidate batch writes its role lists in pipeline mode on PostgreSQL
(`jobs.services.matching._pipelined`): each slice is sent and the engine goes on.
A statement that fails there must still fail the batch, as Django's error, and
roll back everything the batch wrote."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from jobs.models import Match
from jobs.services import matching
from jobs.services.matching import _pipelined, _upsert, refresh_candidate_matches
from tests.factories import CandidateProfileFactory, RoleFactory
from tests.jobs.test_matches import _candidate

pytestmark = pytest.mark.django_db


@transaction.atomic
def _write_then_fail(role, profile) -> None:
    with _pipelined():
        _upsert([(role.pk, profile.pk, 70)], "for_role", now=timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO jobs_match (role_id, profile_id, score, for_role, "
                "for_candidate, refreshed_at) VALUES (%s, %s, NULL, TRUE, FALSE, %s)",
                [role.pk, profile.pk + 1, timezone.now()],
            )


def test_a_failed_write_in_the_pipeline_raises_and_rolls_back():
    role, profile = RoleFactory(), CandidateProfileFactory()
    with pytest.raises(IntegrityError):
        _write_then_fail(role, profile)
    assert not Match.objects.exists()
    # The connection is out of pipeline mode and usable.
    _upsert([(role.pk, profile.pk, 70)], "for_role", now=timezone.now())
    assert Match.objects.get().score == 70


def test_pipelined_role_lists_are_all_written(settings, monkeypatch):
    """Several slices through the pipeline: every list is stored, none lost."""
    settings.MATCH_MIN_SCORE = 0
    roles = [RoleFactory(skills=["Python", "ROS"]) for _ in range(7)]
    profiles = [_candidate() for _ in range(3)]
    # Four rows a slice: the 21 pairs take six statements.
    monkeypatch.setattr(matching, "_WRITE_BATCH", 4)
    refresh_candidate_matches(profile_ids=[p.pk for p in profiles])
    stored = set(
        Match.objects.filter(for_role=True).values_list("role_id", "profile_id")
    )
    assert stored == {(r.pk, p.pk) for r in roles for p in profiles}
