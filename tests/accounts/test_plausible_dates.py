"""Profile dates a person cannot have: before 1950, before their 14th birthday,
or a start in the future. Issue 11, defect 3: a position from 0001-01-01 gave a
card with 2025 years of experience and broke matching for every role."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import CandidateProfile, Education, Position
from tests.factories import CandidateProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeker_client(client):
    profile = CandidateProfileFactory(date_of_birth=datetime.date(1990, 3, 15))
    client.force_login(profile.user)
    client.profile = profile
    return client


def _position(**overrides):
    return {
        "title": "Engineer",
        "organisation": "Huawei",
        "kind": "engineering",
        "start_date": "2015-01-01",
        **overrides,
    }


def _degree(**overrides):
    return {
        "level": "master",
        "field": "Computer Science",
        "institution": "ETH Zurich",
        "start_date": "2010-09-01",
        "conferred_date": "2012-06-30",
        **overrides,
    }


def _errors(response, field) -> str:
    return " ".join(response.context["form"].errors[field])


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"start_date": "0001-01-01"}, "start_date", "before 1950"),
        ({"start_date": "1949-12-31"}, "start_date", "before 1950"),
        ({"end_date": "1900-01-01"}, "end_date", "before 1950"),
        # Born 1990-03-15: the 14th birthday is 2004-03-15.
        ({"start_date": "2004-03-14"}, "start_date", "14th birthday (2004-03-15)"),
        ({"start_date": "2999-01-01"}, "start_date", "in the future"),
    ],
)
def test_implausible_position_dates_are_refused(
    seeker_client, overrides, field, message
):
    response = seeker_client.post(
        reverse("accounts:position_add"), _position(**overrides)
    )
    assert response.status_code == 400
    assert message in _errors(response, field)
    assert not Position.objects.exists()


def test_position_from_the_14th_birthday_is_accepted(seeker_client):
    response = seeker_client.post(
        reverse("accounts:position_add"), _position(start_date="2004-03-15")
    )
    assert response.status_code == 302
    assert Position.objects.get().start_date == datetime.date(2004, 3, 15)


def test_without_a_date_of_birth_only_1950_is_the_limit(client):
    profile = CandidateProfileFactory(date_of_birth=None)
    client.force_login(profile.user)
    url = reverse("accounts:position_add")
    assert client.post(url, _position(start_date="1949-12-31")).status_code == 400
    assert client.post(url, _position(start_date="1950-01-01")).status_code == 302


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"start_date": "0001-01-01"}, "start_date", "before 1950"),
        (
            {"start_date": "", "conferred_date": "1901-06-30"},
            "conferred_date",
            "before 1950",
        ),
        ({"start_date": "2003-09-01"}, "start_date", "14th birthday"),
        (
            {"start_date": "", "conferred_date": "2004-01-01"},
            "conferred_date",
            "14th birthday",
        ),
    ],
)
def test_implausible_degree_dates_are_refused(seeker_client, overrides, field, message):
    response = seeker_client.post(
        reverse("accounts:education_add"), _degree(**overrides)
    )
    assert response.status_code == 400
    assert message in _errors(response, field)
    assert not Education.objects.exists()


@pytest.mark.parametrize(
    ("date_of_birth", "message"),
    [("0001-01-01", "before 1950"), ("1949-12-31", "before 1950")],
)
def test_implausible_date_of_birth_is_refused(seeker_client, date_of_birth, message):
    response = seeker_client.post(
        reverse("accounts:profile_section", args=["personal"]),
        {"given_name": "Ada", "date_of_birth": date_of_birth},
    )
    assert response.status_code == 400
    section = next(s for s in response.context["sections"] if s["name"] == "personal")
    assert message in " ".join(section["form"].errors["date_of_birth"])
    profile = CandidateProfile.objects.get(pk=seeker_client.profile.pk)
    assert profile.date_of_birth == datetime.date(1990, 3, 15)


def test_date_of_birth_under_14_is_still_refused(seeker_client):
    too_young = timezone.localdate() - datetime.timedelta(days=13 * 365)
    response = seeker_client.post(
        reverse("accounts:profile_section", args=["personal"]),
        {"given_name": "Ada", "date_of_birth": too_young.isoformat()},
    )
    assert response.status_code == 400
