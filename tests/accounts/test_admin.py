"""The candidate admin answers the common questions without N+1 queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs.screenings import screen_candidates
from tests.factories import CandidateProfileFactory, EducationFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_candidate_list_shows_outlook_in_constant_queries(client):
    client.force_login(StaffFactory())
    url = reverse("admin:accounts_candidateprofile_changelist")
    first = [EducationFactory().profile for _ in range(2)]
    screen_candidates(profile_ids=[p.pk for p in first])
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert "Likely eligible" in response.content.decode()
    more = [CandidateProfileFactory() for _ in range(15)]
    screen_candidates(profile_ids=[p.pk for p in more])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_candidate_list_filters_by_outcome(client):
    client.force_login(StaffFactory())
    likely = EducationFactory().profile
    unknown = CandidateProfileFactory(date_of_birth=None)
    screen_candidates(profile_ids=[likely.pk, unknown.pk])
    response = client.get(
        reverse("admin:accounts_candidateprofile_changelist"),
        {"screening__outcome": "likely"},
    )
    assert [p.pk for p in response.context["cl"].result_list] == [likely.pk]
