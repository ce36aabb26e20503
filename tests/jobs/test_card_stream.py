"""The passes that stream every card (a role's refresh, a role just published)
build each candidate's summary straight from the row. A card the engine cannot
read (2,025 years of experience, stored before the forms refused a start date of
0001-01-01: issue 11) is logged and skipped; every other candidate is still
scored, with the summary's fields as the card holds them."""

import logging

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from jobs.models import CandidateCard, Match
from jobs.selectors.engine_inputs import summary_of
from jobs.selectors.matching import explained_match
from jobs.services.matching import _card_summaries, refresh_cards, refresh_role_matches
from tests.factories import (
    CandidateProfileFactory,
    MatchFactory,
    PositionFactory,
    RoleFactory,
)
from tests.jobs.test_matches import _candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def role_and_candidates(settings):
    settings.MATCH_MIN_SCORE = 0
    role = RoleFactory(skills=["Python", "ROS", "C++"], city="Shanghai")
    readable = _candidate(skills=("Python", "ROS"))
    broken = _candidate(skills=("Python", "ROS", "C++"))
    CandidateCard.objects.filter(profile=broken).update(years_experience=2025)
    return role, readable, broken


@pytest.mark.parametrize("for_candidates", [False, True])
def test_an_unreadable_card_is_skipped_and_the_rest_are_scored(
    role_and_candidates, caplog, for_candidates
):
    role, readable, broken = role_and_candidates
    with caplog.at_level(logging.ERROR, logger="jobs.services.matching"):
        listed = refresh_role_matches(role_id=role.pk, for_candidates=for_candidates)
    assert listed == 1
    stored = Match.objects.get(role=role, for_role=True)
    assert stored.profile_id == readable.pk
    # The score from the streamed row is the one the page's own reading gives.
    assert stored.score == explained_match(role=role, profile=readable).score
    assert not Match.objects.filter(profile=broken).exists()
    assert f"card of profile {broken.pk} in matching" in caplog.text
    assert "years_experience" in caplog.text
    if for_candidates:
        assert Match.objects.get(profile=readable, for_candidate=True).role == role


def test_a_streamed_summary_says_what_the_card_model_says():
    """Every field from the row, in its place: the same summary as the card
    model's (`summary_of`), for cards that set every field and cards that set
    none of the optional ones."""
    full = _candidate(hsk_level=4, willing_to_relocate=True)
    PositionFactory(profile=full)
    refresh_cards(profile_ids=[full.pk])
    sparse = CandidateProfileFactory(desired_cities="", salary_expectation_cny=None)
    refresh_cards(profile_ids=[sparse.pk])
    cards = CandidateCard.objects.filter(profile__in=[full, sparse]).order_by("pk")
    card = cards[0]
    assert card.hsk_level == 4
    assert card.willing_to_relocate
    assert card.years_experience
    assert card.salary_expectation
    assert card.english_level
    assert card.desired_cities
    seen = []
    streamed = list(_card_summaries(cards, on_card=lambda *facts: seen.append(facts)))
    assert streamed == [summary_of(c) for c in cards]
    assert seen == [(c.profile_id, c.discoverable, None) for c in cards]
    assert [type(flag) for _, flag, _ in seen] == [bool, bool]


def test_a_published_role_reads_each_cards_own_floor(settings):
    settings.ROLES_PER_CANDIDATE = 1
    settings.MATCH_MIN_SCORE = 0
    profile = _candidate(skills=("Python", "ROS"))
    MatchFactory(role=RoleFactory(), profile=profile, score=77, for_candidate=True)
    seen = []
    list(
        _card_summaries(
            CandidateCard.objects.filter(profile=profile),
            own_floors=True,
            on_card=lambda *facts: seen.append(facts),
        )
    )
    assert seen == [(profile.pk, True, 77)]


def test_the_cards_are_read_in_one_logged_query():
    """Streamed on PostgreSQL, through the chunked cursor elsewhere: either way one
    query, and the tests' query counts and DEBUG's log see it."""
    for _ in range(3):
        _candidate()
    with CaptureQueriesContext(connection) as queries:
        summaries = list(_card_summaries(CandidateCard.objects.all(), own_floors=True))
    assert len(summaries) == 3
    assert len(queries) == 1
    assert "jobs_candidatecard" in queries[0]["sql"]


@transaction.atomic
def _fail_after_the_first_card() -> None:
    for _summary in _card_summaries(CandidateCard.objects.all()):
        raise RuntimeError


def test_a_stream_left_by_an_error_leaves_the_connection_usable():
    """The read stops midway when the pass fails; the transaction rolls back and
    the next query runs (on PostgreSQL the stream is cancelled, not left busy)."""
    for _ in range(2):
        _candidate()
    with pytest.raises(RuntimeError):
        _fail_after_the_first_card()
    assert CandidateCard.objects.count() == 2
    assert len(list(_card_summaries(CandidateCard.objects.all()))) == 2
