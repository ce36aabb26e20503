"""Signed-in pages near the floor (issue 19): a seeker's role page, the employer
dashboard and a role's matches page read stored verdicts, cached estimates and
cached fragments; what they show stays what a fresh computation shows."""

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Education
from accounts.services import save_education, update_profile
from jobs.engines.screening import engine
from jobs.selectors import screening as screening_selectors
from jobs.selectors.engine_inputs import role_offer
from jobs.selectors.rules import current_rules
from jobs.services.rules import save_rules_configuration
from jobs.services.screening import screen_candidates
from tests.factories import (
    CandidateProfileFactory,
    EducationFactory,
    PositionFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


def _seeker(client, *, degrees=1):
    profile = CandidateProfileFactory(hsk_level=3)
    for _ in range(degrees):
        EducationFactory(profile=profile, level="master", field="Robotics")
    PositionFactory(profile=profile)
    screen_candidates(profile_ids=[profile.pk])
    client.force_login(profile.user)
    return profile


def _fresh_estimate(profile, role) -> dict:
    """What the page showed before: the full screen with the role's offer."""
    profile.refresh_from_db()
    return screening_selectors.work_permit_estimate(
        profile=profile, offer=role_offer(role)
    )["work_permit"]


def _role_page(client, role):
    response = client.get(reverse("jobs:role_detail", args=[role.pk]))
    assert response.status_code == 200
    return response


def _never(*args, **kwargs):
    raise AssertionError("the screening engine ran on a GET")


def test_seeker_role_page_screens_nothing_and_estimates_once(client, monkeypatch):
    role = RoleFactory(salary_min=900_000, salary_max=1_000_000, city="Shanghai")
    profile = _seeker(client)
    expected = _fresh_estimate(profile, role)
    # The K visa is never screened for the page; the work permit once.
    monkeypatch.setattr(engine, "screen", _never)
    monkeypatch.setattr(screening_selectors, "screen", _never)
    first = _role_page(client, role).context["estimate"]["work_permit"]
    assert first == expected
    monkeypatch.setattr(screening_selectors, "estimate_work_permit", _never)
    response = _role_page(client, role)
    assert response.context["estimate"]["work_permit"] == expected
    assert "Your work-permit estimate for this role" in response.content.decode()


def test_seeker_role_page_queries_do_not_grow_with_the_profile(client):
    role = RoleFactory(skills=["Python", "ROS"])
    profile = _seeker(client, degrees=1)
    _role_page(client, role)  # warm
    with CaptureQueriesContext(connection) as small:
        _role_page(client, role)
    for _ in range(4):
        EducationFactory(profile=profile, level="bachelor")
        PositionFactory(profile=profile)
    _role_page(client, role)
    with CaptureQueriesContext(connection) as large:
        _role_page(client, role)
    assert len(large) == len(small)
    assert len(small) <= 12


def test_role_page_estimate_follows_a_profile_change(client):
    role = RoleFactory(salary_min=300_000, salary_max=400_000, city="Shanghai")
    profile = _seeker(client)
    before = _role_page(client, role).context["estimate"]["work_permit"]
    save_education(
        education=Education(
            profile=profile,
            level="doctorate",
            field="Physics",
            institution="University of Oxford",
            conferred_date=timezone.localdate().replace(year=2015),
        )
    )
    update_profile(profile=profile, hsk_level=6)
    after = _role_page(client, role).context["estimate"]["work_permit"]
    assert after == _fresh_estimate(profile, role)
    assert after["points"] != before["points"]


def test_role_page_estimate_follows_a_role_change(client):
    role = RoleFactory(salary_min=120_000, salary_max=200_000, city="Shanghai")
    profile = _seeker(client)
    before = _role_page(client, role).context["estimate"]["work_permit"]
    role.salary_min, role.salary_max = 1_500_000, 2_000_000
    role.save()
    after = _role_page(client, role).context["estimate"]["work_permit"]
    assert after == _fresh_estimate(profile, role)
    assert after != before


def test_role_page_estimate_follows_a_rules_change(client):
    role = RoleFactory(salary_min=900_000, salary_max=1_000_000, city="Shanghai")
    profile = _seeker(client)
    before = _role_page(client, role).context["estimate"]["work_permit"]
    config = dataclasses.replace(
        current_rules().config, wp_a_salary_multiple=1000.0, wp_b_salary_multiple=900.0
    )
    save_rules_configuration(config=config, user=None, note="test")
    after = _role_page(client, role).context["estimate"]["work_permit"]
    assert after == _fresh_estimate(profile, role)
    assert after != before
