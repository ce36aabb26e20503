"""Stored matches carry no database constraint on their role and profile (the
deferred check of both keys cost as much as writing the row, issue 19): deleting a
role or a profile still deletes its rows, a row left by a refresh that raced a
deletion shows on no page, and the nightly refresh deletes it."""

import pytest
from django.db import connection
from django.utils import timezone

from jobs.models import Match
from jobs.selectors.matching import match_counts_for, role_matches
from jobs.selectors.pages import best_roles_for
from jobs.services.matching import delete_orphan_matches
from jobs.tasks import refresh_stale_role_matches_task
from tests.factories import CandidateProfileFactory, MatchFactory, RoleFactory
from tests.jobs.test_matches import _candidate

pytestmark = pytest.mark.django_db


def _stored(role_id: int, profile_id: int, score: int = 70) -> None:
    """A row in both lists, by raw ids (its role or profile may be gone)."""
    MatchFactory(
        role_id=role_id,
        profile_id=profile_id,
        score=score,
        for_role=True,
        for_candidate=True,
    )


def _gone_role_id() -> int:
    role = RoleFactory()
    role_id = role.pk
    role.delete()
    return role_id


def _gone_profile_id() -> int:
    profile = CandidateProfileFactory()
    profile_id = profile.pk
    profile.user.delete()
    return profile_id


def test_deleting_a_role_or_a_profile_deletes_its_rows():
    role, profile = RoleFactory(), _candidate(skills=("Python",))
    other_role, other_profile = RoleFactory(), _candidate(skills=("Python",))
    for r in (role, other_role):
        for p in (profile, other_profile):
            _stored(r.pk, p.pk)
    role.delete()
    profile.user.delete()
    assert list(Match.objects.values_list("role_id", "profile_id")) == [
        (other_role.pk, other_profile.pk)
    ]


def test_the_table_accepts_a_row_whose_role_is_gone():
    # The point of the change: no constraint is checked at commit on either key.
    role_id, profile_id = _gone_role_id(), _gone_profile_id()
    _stored(role_id, CandidateProfileFactory().pk)
    _stored(RoleFactory().pk, profile_id)
    connection.check_constraints(table_names=[Match._meta.db_table])
    assert Match.objects.count() == 2


def test_rows_whose_role_or_profile_is_gone_show_on_no_page():
    role = RoleFactory(company__verified_at=timezone.now())
    profile = _candidate(skills=("Python",))
    _stored(role.pk, profile.pk, score=60)
    _stored(role.pk, _gone_profile_id(), score=90)
    _stored(_gone_role_id(), profile.pk, score=95)

    assert [m.profile_id for m in role_matches(role=role)] == [profile.pk]
    assert match_counts_for(role.company) == {role.pk: 1}
    assert [m.role_id for m in best_roles_for(profile=profile)] == [role.pk]


def test_delete_orphan_matches_keeps_every_row_whose_role_and_profile_exist():
    role, profile = RoleFactory(), CandidateProfileFactory()
    _stored(role.pk, profile.pk)
    _stored(role.pk, _gone_profile_id())
    _stored(_gone_role_id(), profile.pk)
    _stored(_gone_role_id(), _gone_profile_id())

    assert delete_orphan_matches() == 3
    assert list(Match.objects.values_list("role_id", "profile_id")) == [
        (role.pk, profile.pk)
    ]
    assert delete_orphan_matches() == 0


def test_the_nightly_refresh_deletes_orphans_and_the_changed_roles_refresh_does_not():
    profile = CandidateProfileFactory()
    _stored(_gone_role_id(), profile.pk)

    refresh_stale_role_matches_task.run(all_roles=False)
    assert Match.objects.count() == 1
    refresh_stale_role_matches_task.run(all_roles=True)
    assert Match.objects.count() == 0
