"""The candidate admin answers the common questions without N+1 queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs.services.screening import screen_candidates
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


def test_export_candidates_with_outcomes_streams_csv(client):
    import csv
    import io

    from django.http import StreamingHttpResponse

    client.force_login(StaffFactory())
    likely = EducationFactory(profile__given_name="=HYPERLINK(1)").profile
    unknown = CandidateProfileFactory(date_of_birth=None, family_name="王")
    screen_candidates(profile_ids=[likely.pk, unknown.pk])
    response = client.post(
        reverse("admin:accounts_candidateprofile_changelist"),
        {
            "action": "export_csv",
            "select_across": "1",
            "index": "0",
            "_selected_action": [likely.pk],
        },
    )
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    by_id = {int(r["id"]): r for r in rows}
    assert set(by_id) == {likely.pk, unknown.pk}
    assert by_id[likely.pk]["k_visa_outcome"] == "likely"
    assert by_id[likely.pk]["given_name"] == "'=HYPERLINK(1)"  # no formula injection
    assert by_id[unknown.pk]["family_name"] == "王"
    assert "K-AGE" in by_id[unknown.pk]["rules_not_passed"]


def test_an_admin_inline_refuses_a_forged_form_count(client, monkeypatch):
    """A POST claiming 100,000 degree rows is refused without building them."""
    from django.forms import formsets

    built = []
    original = formsets.BaseFormSet._construct_form

    def counting(self, i, **kwargs):
        built.append(i)
        return original(self, i, **kwargs)

    monkeypatch.setattr(formsets.BaseFormSet, "_construct_form", counting)
    client.force_login(StaffFactory())
    profile = CandidateProfileFactory()
    response = client.post(
        reverse("admin:accounts_candidateprofile_change", args=[profile.pk]),
        {
            "education-TOTAL_FORMS": "100000",
            "education-INITIAL_FORMS": "0",
            "education-MIN_NUM_FORMS": "0",
            "education-MAX_NUM_FORMS": "100000",
        },
    )
    assert response.status_code in (200, 400)
    assert len(built) <= 500  # capped per inline, not 100,000
