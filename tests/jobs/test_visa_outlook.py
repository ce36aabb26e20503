"""My visa outlook: the K visa's two routes as blocks, the deciding one first."""

import datetime
import re

import pytest
from django.urls import reverse

from jobs.models import Screening
from jobs.templatetags.outlook import k_routes
from tests.factories import CandidateProfileFactory, EducationFactory, PositionFactory

pytestmark = pytest.mark.django_db


def _outlook(client, profile, **params):
    client.force_login(profile.user)
    response = client.get(reverse("jobs:visa_outlook"), params)
    assert response.status_code == 200
    return response, response.content.decode()


def _block(body: str, route: str) -> str:
    match = re.search(
        rf'<div class="outlook-route[^"]*" id="route-{route}">(.*?)</div>\s*(?=<div class="outlook-route|<details)',
        body,
        re.S,
    )
    assert match, f"no {route} block"
    return match.group(0)


def test_likely_by_degree_shows_the_position_route_as_not_needed(client):
    profile = CandidateProfileFactory(date_of_birth=datetime.date(1997, 5, 10))
    EducationFactory(profile=profile)  # MSc Computer Science, ETH Zurich
    response, body = _outlook(client, profile)
    assert response.context["k_visa"]["outcome"] == "likely"
    degree, position = _block(body, "degree"), _block(body, "position")
    # The deciding route comes first.
    assert body.index('id="route-degree"') < body.index('id="route-position"')
    assert "outlook-route-deciding" in degree
    assert "This route decided the outcome." in degree
    assert "ETH Zurich" in degree
    assert "outlook-route-not-needed" in position
    assert "Not needed" in position
    # No red failure anywhere next to the overall "Likely eligible".
    assert "Likely eligible" in body
    assert "Unlikely" not in body
    assert "text-bg-danger" not in body


def test_likely_by_post_shows_the_degree_route_as_not_needed(client):
    profile = CandidateProfileFactory(date_of_birth=datetime.date(1997, 5, 10))
    EducationFactory(
        profile=profile,
        field="Business Administration",
        institution="Harvard University",
    )
    PositionFactory(profile=profile)  # research, Max Planck Institute for Informatics
    response, body = _outlook(client, profile)
    assert response.context["k_visa"]["outcome"] == "likely"
    assert body.index('id="route-position"') < body.index('id="route-degree"')
    position, degree = _block(body, "position"), _block(body, "degree")
    assert "outlook-route-deciding" in position
    assert "Max Planck Institute for Informatics" in position
    assert "outlook-route-not-needed" in degree
    assert "Not needed" in degree
    # The degree route speaks of the degree (MBA at Harvard), not the post.
    assert "Business Administration" in degree
    assert "Unlikely" not in body
    assert "text-bg-danger" not in body


def test_failing_other_route_is_shown_when_the_deciding_one_does_not_pass(client):
    profile = CandidateProfileFactory(date_of_birth=datetime.date(1997, 5, 10))
    EducationFactory(profile=profile, field="Clinical Medicine")  # ambiguous: possible
    PositionFactory(profile=profile, kind="engineering")  # not a research post
    response, body = _outlook(client, profile)
    assert response.context["k_visa"]["outcome"] == "possible"
    position = _block(body, "position")
    assert "Not needed" not in position
    assert "Why this route did not decide:" in position
    assert "Unlikely" in position


def test_not_found_institution_message_does_not_say_top_500(client):
    profile = CandidateProfileFactory(date_of_birth=datetime.date(1997, 5, 10))
    EducationFactory(profile=profile, institution="Qwzx Nowhere Polytechnic of Things")
    response, body = _outlook(client, profile)
    reasons = {r["rule"]: r for r in response.context["k_visa"]["reasons"]}
    message = reasons["K-INSTITUTION"]["message"]
    assert "could not find" in message
    assert "top 500" not in message
    assert "top 500" not in body
    assert "Qwzx Nowhere Polytechnic of Things" in _block(body, "degree")


def test_rule_codes_and_rules_version_are_in_the_details_line(client):
    profile = CandidateProfileFactory(date_of_birth=datetime.date(1997, 5, 10))
    EducationFactory(profile=profile)
    _, body = _outlook(client, profile)
    details = body[body.index('id="k-details"') :]
    details = details[: details.index("</details>")]
    screening = Screening.objects.get(profile=profile)
    assert screening.rules_version in details
    for rule in ("K-AGE", "K-DEGREE", "K-FIELD", "K-INSTITUTION", "K-POSITION"):
        assert rule in details
    # Outside the details line the blocks speak in words, not rule codes.
    blocks = body[: body.index('id="k-details"')]
    assert "K-INSTITUTION" not in blocks


def test_page_has_no_inline_styles_or_scripts(client):
    profile = CandidateProfileFactory(date_of_birth=datetime.date(1997, 5, 10))
    EducationFactory(profile=profile)
    PositionFactory(profile=profile)
    _, body = _outlook(
        client,
        profile,
        salary_cny_annual="900000",
        city="Shanghai",
        months_per_year_in_china="12",
    )
    assert 'id="wp-estimate"' in body
    assert "style=" not in body
    assert re.search(r"<script(?![^>]*\bsrc=)", body) is None


def test_verdict_stored_before_routes_still_renders():
    # A verdict stored by an older engine has no route on its reasons.
    old = {
        "outcome": "likely",
        "reasons": [{"rule": "K-AGE", "outcome": "likely", "message": "ok"}],
    }
    assert k_routes(old) is None
    # A stored shape with routes but without decided_by: the page works it out.
    k_visa = {
        "outcome": "likely",
        "reasons": [
            {"rule": "K-AGE", "outcome": "likely", "message": "", "route": "both"},
            {
                "rule": "K-DEGREE",
                "outcome": "unlikely",
                "message": "",
                "route": "degree",
            },
            {
                "rule": "K-POSITION",
                "outcome": "likely",
                "message": "",
                "route": "position",
            },
        ],
    }
    routes = k_routes(k_visa)
    assert [b["route"] for b in routes["blocks"]] == ["position", "degree"]
    assert [b["not_needed"] for b in routes["blocks"]] == [False, True]


def test_stored_failed_rules_leave_out_a_route_that_is_not_needed():
    from jobs.services.screening import screen_candidates

    profile = CandidateProfileFactory(date_of_birth=datetime.date(1997, 5, 10))
    EducationFactory(profile=profile)  # degree route passes; no post listed
    screen_candidates(profile_ids=[profile.pk])
    screening = Screening.objects.get(profile=profile)
    assert screening.result["k_visa"]["not_needed"] == "position"
    # Before wave 2, K-POSITION was listed as "not passed" for every such seeker.
    assert screening.failed_rules == []
