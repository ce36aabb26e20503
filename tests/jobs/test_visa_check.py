"""The public "Do I qualify?" check (issue 17): the screening engine's answer by
route with reasons, without an account and without storing anything about the
person; rate-limited; "Save this as my profile" carries through sign-in."""

import datetime
import json
import logging

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from accounts.models import Education, Position
from jobs.models import VisaCheckTally
from tests.factories import PASSWORD, EmployerFactory, SeekerFactory, StaffFactory

pytestmark = pytest.mark.django_db

URL = "/check/"


def _form(**changes) -> dict:
    data = {
        "degree-TOTAL_FORMS": "3",
        "degree-INITIAL_FORMS": "0",
        "date_of_birth": "1997-05-10",
        "degree-0-level": "master",
        "degree-0-field": "Computer Science",
        "degree-0-institution": "ETH Zurich",
        "degree-0-date": "2022-06-30",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m is not VisaCheckTally
        and m._meta.app_label in {"accounts", "jobs", "sessions"}
    }


def test_the_url_name_and_the_home_page_link(client):
    assert reverse("jobs:visa_check") == URL
    for lang in ("en", "zh-hans"):
        body = client.get("/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert f'href="{URL}"' in body


def test_get_is_the_same_cacheable_form_for_everyone(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age" in response["Cache-Control"]
    assert "Accept-Language" in response["Vary"]
    body = response.content.decode()
    assert "csrfmiddlewaretoken" not in body  # nothing per person on the cached page
    assert 'id="check-form"' in body
    assert 'method="post"' in body


def test_likely_by_degree_with_reasons_checklist_and_no_store(client):
    before = _counts()
    response = client.post(URL, _form())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    k_visa = response.context["k_visa"]
    assert k_visa["outcome"] == "likely"
    assert {r["rule"] for r in k_visa["reasons"]} >= {
        "K-AGE",
        "K-DEGREE",
        "K-INSTITUTION",
    }
    body = response.content.decode()
    assert 'id="route-degree"' in body
    assert 'id="route-position"' in body
    assert "Not needed" in body  # the other route, as on the outlook page
    assert "Documents to prepare" in body
    assert k_visa["checklist"][0] in body
    # Nothing stored about the person, only the tally.
    assert _counts() == before
    tally = VisaCheckTally.objects.get()
    assert (tally.outcome, tally.count, tally.day) == (
        "likely",
        1,
        timezone.localdate(),
    )


def test_research_post_route_and_what_would_change_it(client):
    response = client.post(
        URL,
        _form(
            **{
                "degree-0-level": "",
                "degree-0-field": "",
                "degree-0-institution": "",
                "degree-0-date": "",
                "post_kind": "research",
                "post_field": "Physics",
                "post_institution": "Max Planck Institute for Informatics",
                "post_start": "2023-01-01",
            }
        ),
    )
    k_visa = response.context["k_visa"]
    assert k_visa["outcome"] == "possible"  # research post, no degree
    assert k_visa["decided_by"] == "position"
    assert 'id="route-position"' in response.content.decode()


def test_an_expected_degree_is_unlikely_and_the_answer_in_chinese(client):
    future = (timezone.localdate() + datetime.timedelta(days=200)).isoformat()
    response = client.post(
        URL,
        _form(**{"degree-0-date": future, "degree-0-expected": "on"}),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    k_visa = response.context["k_visa"]
    assert k_visa["outcome"] == "unlikely"
    assert k_visa["hints"]
    body = response.content.decode()
    assert "改变结果的条件" in body  # "What would change it", in Chinese
    assert "保存为我的个人资料" in body
    assert "Documents to prepare" not in body  # said in Chinese


def test_nothing_given_is_not_enough_information(client):
    response = client.post(
        URL,
        _form(
            **{
                "degree-0-level": "",
                "degree-0-field": "",
                "degree-0-institution": "",
                "degree-0-date": "",
                "date_of_birth": "",
            }
        ),
    )
    assert response.context["k_visa"]["outcome"] == "unknown"


def test_bad_input_is_rerendered_with_field_errors_and_counts_nothing(client):
    response = client.post(
        URL, _form(**{"degree-0-date": "", "date_of_birth": "1900-01-01"})
    )
    assert response.status_code == 200
    assert "k_visa" not in response.context
    form = response.context["form"]
    assert "date_of_birth" in form.errors
    assert response.context["degrees"].forms[0].errors["date"]
    assert 'value="Computer Science"' in response.content.decode()  # nothing lost
    assert not VisaCheckTally.objects.exists()


def test_works_without_javascript_the_form_is_plain_html(client):
    body = client.get(URL).content.decode()
    assert 'name="degree-TOTAL_FORMS"' in body
    assert 'name="degree-0-level"' in body
    assert 'name="post_kind"' in body
    assert '<button class="btn btn-primary btn-lg" type="submit">' in body


def test_rate_limited_per_client_with_a_clear_429(client, settings):
    settings.VISA_CHECK_RATE_LIMIT = "3/5m/key"
    for _ in range(3):
        assert client.post(URL, _form(), REMOTE_ADDR="203.0.113.5").status_code == 200
    response = client.post(URL, _form(), REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429
    assert "many checks" in response.content.decode()
    assert VisaCheckTally.objects.get().count == 3
    # Another client is not limited.
    assert client.post(URL, _form(), REMOTE_ADDR="198.51.100.7").status_code == 200


def test_answers_are_never_logged_with_the_address(client, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post(URL, _form(), REMOTE_ADDR="203.0.113.77")
    assert "203.0.113.77" not in caplog.text
    assert "sessionid" not in response.cookies  # no session for an anonymous check


def test_save_as_my_profile_carries_through_sign_in(client):
    answer = client.post(
        URL,
        _form(
            post_kind="research", post_institution="ETH Zurich", post_start="2023-02-01"
        ),
    )
    answers = answer.context["answers_json"]
    response = client.post(reverse("jobs:visa_check_save"), {"answers": answers})
    assert response.status_code == 302
    assert reverse("account_signup") in response["Location"]
    assert not Education.objects.exists()  # kept in the session only
    seeker = SeekerFactory()
    client.post(reverse("account_login"), {"login": seeker.email, "password": PASSWORD})
    profile = seeker.profile
    degree = Education.objects.get(profile=profile)
    assert (degree.level, degree.field, degree.institution) == (
        "master",
        "Computer Science",
        "ETH Zurich",
    )
    assert degree.conferred_date == datetime.date(2022, 6, 30)
    post = Position.objects.get(profile=profile)
    assert (post.kind, post.organisation, post.start_date) == (
        "research",
        "ETH Zurich",
        datetime.date(2023, 2, 1),
    )
    profile.refresh_from_db()
    assert profile.date_of_birth == datetime.date(1997, 5, 10)
    assert "visa_check_answers" not in client.session


def test_save_for_a_signed_in_seeker_adds_at_once_and_employers_are_refused(client):
    answers = json.dumps(
        {
            "date_of_birth": "1997-05-10",
            "degrees": [
                {
                    "level": "bachelor",
                    "field": "Physics",
                    "institution": "Peking University",
                    "conferred": "2019-06-30",
                }
            ],
            "positions": [],
        }
    )
    seeker = SeekerFactory()
    client.force_login(seeker)
    response = client.post(reverse("jobs:visa_check_save"), {"answers": answers})
    assert response["Location"] == reverse("accounts:profile")
    assert Education.objects.filter(profile__user=seeker, field="Physics").exists()
    client.force_login(EmployerFactory())
    client.post(reverse("jobs:visa_check_save"), {"answers": answers})
    assert Education.objects.count() == 1


def test_save_with_garbage_keeps_nothing(client):
    response = client.post(reverse("jobs:visa_check_save"), {"answers": "{not json"})
    assert response["Location"] == URL
    assert "visa_check_answers" not in client.session


def test_staff_dashboard_shows_the_tally_by_outcome(client, settings):
    from tests.totp import force_login_with_mfa

    client.post(URL, _form())
    client.post(URL, _form(date_of_birth="1970-01-01"))
    staff = StaffFactory(is_superuser=True)
    force_login_with_mfa(client, staff)
    body = client.get(reverse("admin:index")).content.decode()
    assert 'id="dashboard-visa-checks"' in body
    assert "(2)" in body
