"""A candidate batch enters a role's stored list only above the list's
`MATCHES_PER_ROLE`-th best score, and a role published enters a candidate's own list
only above its `ROLES_PER_CANDIDATE`-th best (issue 19: with a floor one above the
lowest row, lists holding more rows than that let every later batch or role in)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs.models import Match
from jobs.selectors.matching import explained_match
from jobs.services.matching import refresh_candidate_matches, refresh_role_matches
from tests.factories import CandidateProfileFactory, MatchFactory, RoleFactory
from tests.jobs.test_matches import _candidate

pytestmark = pytest.mark.django_db


def _match(role, profile, score, flag):
    """A stored row with `flag` ("for_role" or "for_candidate") set, the score
    clamped to 0..100."""
    MatchFactory(
        role=role, profile=profile, score=max(0, min(100, score)), **{flag: True}
    )


def _stored_list(role, scores):
    """Rows of other candidates in the role's list, with these scores."""
    for score in scores:
        _match(role, CandidateProfileFactory(), score, "for_role")


@pytest.fixture
def scored(settings):
    """A role, a discoverable candidate and the candidate's score for it."""
    settings.MATCHES_PER_ROLE = 2
    settings.MATCH_MIN_SCORE = 0
    role = RoleFactory(skills=["Python", "ROS", "C++"])
    profile = _candidate(skills=("Python", "ROS"))
    match = explained_match(role=role, profile=profile)
    assert match is not None
    assert 10 <= match.score <= 90
    return role, profile, match.score


def _listed(role, profile) -> bool:
    return Match.objects.filter(role=role, profile=profile, for_role=True).exists()


def test_a_list_longer_than_its_size_takes_only_scores_above_its_kth_best(scored):
    role, profile, score = scored
    # Four rows (two past the list's size): the 2nd best is above the candidate,
    # the lowest below. A floor one above the lowest would let the candidate in.
    _stored_list(role, [score + 10, score + 5, score - 2, score - 5])
    refresh_candidate_matches(profile_ids=[profile.pk])
    assert not _listed(role, profile)


def test_a_score_above_the_kth_best_enters(scored):
    role, profile, score = scored
    _stored_list(role, [score + 10, score - 1, score - 3])
    refresh_candidate_matches(profile_ids=[profile.pk])
    assert _listed(role, profile)


def test_the_batchs_own_old_rows_do_not_count_towards_the_floor(scored):
    role, profile, score = scored
    # The candidate's own old row (from an earlier card) is the list's best; without
    # it the 2nd best is below the new score, so the candidate stays in.
    _stored_list(role, [score + 10, score - 1])
    _match(role, profile, score + 20, "for_role")
    refresh_candidate_matches(profile_ids=[profile.pk])
    row = Match.objects.get(role=role, profile=profile)
    assert row.for_role
    assert row.score == score


# --- a role published enters a candidate's own list the same way ---------------------


def _own_list(profile, scores):
    """Rows of other roles in the candidate's own best roles, with these scores."""
    for score in scores:
        _match(RoleFactory(), profile, score, "for_candidate")


def _in_own_list(role, profile) -> bool:
    return Match.objects.filter(role=role, profile=profile, for_candidate=True).exists()


@pytest.fixture
def published(scored, settings):
    settings.ROLES_PER_CANDIDATE = 2
    return scored


def test_a_long_candidate_list_takes_a_new_role_only_above_its_kth_best(published):
    role, profile, score = published
    # Four roles (two past the list's size): the 2nd best is above the new role's
    # score, the lowest below. A floor one above the lowest would let the role in.
    _own_list(profile, [score + 10, score + 5, score - 2, score - 5])
    refresh_role_matches(role_id=role.pk, for_candidates=True)
    assert not _in_own_list(role, profile)
    assert _listed(role, profile)  # the role's own list still has room for them


def test_a_new_role_above_the_candidates_kth_best_enters_their_list(published):
    role, profile, score = published
    _own_list(profile, [score + 10, score - 1, score - 3])
    refresh_role_matches(role_id=role.pk, for_candidates=True)
    assert _in_own_list(role, profile)


def test_a_role_edited_again_does_not_count_its_own_old_row(published):
    role, profile, score = published
    _own_list(profile, [score + 10, score - 1])
    _match(role, profile, score + 20, "for_candidate")
    refresh_role_matches(role_id=role.pk, for_candidates=True)
    row = Match.objects.get(role=role, profile=profile)
    assert row.for_candidate
    assert row.score == score


def test_publishing_a_role_reads_the_cards_once(published):
    role, _profile, _score = published
    with CaptureQueriesContext(connection) as queries:
        refresh_role_matches(role_id=role.pk, for_candidates=True)
    # A plain SELECT, or on PostgreSQL a server-side cursor's DECLARE … FOR SELECT.
    card_reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(("SELECT", "DECLARE"))
        and 'FROM "jobs_candidatecard"' in q["sql"]
    ]
    assert len(card_reads) == 1, card_reads


# --- MATCH_MIN_SCORE is the one lowest score of every path ---------------------------


def _store_by(path, role, profile):
    if path == "batch":
        refresh_candidate_matches(profile_ids=[profile.pk])
    else:
        refresh_role_matches(role_id=role.pk, for_candidates=path == "publish")


@pytest.mark.parametrize("path", ["batch", "role refresh", "publish"])
def test_match_min_score_is_the_lowest_score_stored_by_every_path(
    published, settings, path
):
    # The setting once moved only a batch's entry to a role's list: a role's
    # refresh and a publish kept the engine's own default (40).
    role, profile, score = published
    settings.MATCH_MIN_SCORE = score + 1
    _store_by(path, role, profile)
    assert not Match.objects.filter(role=role, profile=profile).exists()

    settings.MATCH_MIN_SCORE = score
    _store_by(path, role, profile)
    assert _listed(role, profile)
    if path != "role refresh":  # a role's periodic refresh leaves candidates' lists
        assert _in_own_list(role, profile)
