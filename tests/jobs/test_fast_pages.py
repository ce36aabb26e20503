"""Signed-in pages near the floor (issue 19): a seeker's role page, the employer
dashboard and a role's matches page read stored verdicts, cached estimates and
cached fragments; what they show stays what a fresh computation shows."""

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Education, Visibility
from accounts.services import save_education, set_skills, update_profile
from jobs.engines.screening import engine
from jobs.selectors import screening as screening_selectors
from jobs.selectors.engine_inputs import role_offer
from jobs.selectors.matching import match_counts_for, role_matches
from jobs.selectors.rules import current_rules
from jobs.services.matching import refresh_cards, refresh_role_matches
from jobs.services.rules import save_rules_configuration
from jobs.services.screening import screen_candidates
from tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    CandidateProfileFactory,
    EducationFactory,
    MembershipFactory,
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


def test_seeker_role_page_screens_nothing_and_estimates_once(
    client, monkeypatch, settings
):
    settings.SIGNED_IN_PAGE_CACHE_SECONDS = (
        0  # the render itself: every request renders
    )
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


# --- the employer dashboard ---------------------------------------------------------


def _visible_candidate(skills=("Python",)):
    now = timezone.now()
    profile = CandidateProfileFactory(
        visibility=Visibility.VERIFIED_EMPLOYERS,
        consent_share_at=now,
        consent_cross_border_at=now,
    )
    EducationFactory(profile=profile, level="master", field="Robotics")
    set_skills(profile=profile, names=list(skills))
    screen_candidates(profile_ids=[profile.pk])
    refresh_cards(profile_ids=[profile.pk])
    return profile


def _row(response, role):
    return next(
        r for r in response.context["dashboard"].open_roles if r.role.pk == role.pk
    )


def test_dashboard_fragment_shows_each_change_on_the_next_get(client):
    membership = MembershipFactory()
    role = RoleFactory(company=membership.company, title="Chip designer")
    client.force_login(membership.user)
    url = reverse("jobs:employer_dashboard")
    first = client.get(url)
    assert 'data-testid="applicants" data-label="Applicants">0<' in first.text
    ApplicantFactory(role=role)
    second = client.get(url)
    assert 'data-testid="applicants" data-label="Applicants">1<' in second.text
    role.title = "Senior chip designer"
    role.save()
    assert "Senior chip designer" in client.get(url).text
    # A match stored in the background shows, and goes when the candidate hides.
    profile = _visible_candidate()
    RoleFactory(company=membership.company, skills=["Python"])
    matched = membership.company.roles.get(required_skills__name="Python")
    refresh_role_matches(role_id=matched.pk)
    response = client.get(url)
    assert _row(response, matched).matches == 1
    assert f'/employer/roles/{matched.pk}/matches/">1</a>' in response.text
    update_profile(profile=profile, visibility=Visibility.HIDDEN)
    response = client.get(url)
    assert not _row(response, matched).matches
    assert f'/employer/roles/{matched.pk}/matches/">1</a>' not in response.text


def test_dashboard_fragment_is_kept_per_language(client):
    membership = MembershipFactory()
    RoleFactory(company=membership.company)
    client.force_login(membership.user)
    url = reverse("jobs:employer_dashboard")
    assert "Open roles" in client.get(url).text
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "Open roles" not in chinese.text
    assert "Open roles" in client.get(url).text


def test_dashboard_match_counts_are_one_query_whatever_the_matches(client):
    membership = MembershipFactory()
    company = membership.company
    roles = [RoleFactory(company=company, skills=["Python"]) for _ in range(3)]
    for _ in range(2):
        _visible_candidate()
    for role in roles:
        refresh_role_matches(role_id=role.pk)
    with CaptureQueriesContext(connection) as few:
        counts = match_counts_for(company)
    assert counts == {role.pk: 2 for role in roles}
    for _ in range(3):
        _visible_candidate()
    for role in roles:
        refresh_role_matches(role_id=role.pk)
    with CaptureQueriesContext(connection) as many:
        counts = match_counts_for(company)
    assert counts == {role.pk: 5 for role in roles}
    assert len(few) == len(many) == 1


def test_a_hidden_applicant_still_counts_and_lists(client):
    """An applicant shares their profile with the company whatever its visibility."""
    membership = MembershipFactory()
    role = RoleFactory(company=membership.company, skills=["Python"])
    profile = _visible_candidate()
    ApplicationFactory(role=role, candidate=profile.user)
    update_profile(profile=profile, visibility=Visibility.HIDDEN)
    refresh_role_matches(role_id=role.pk)
    assert match_counts_for(membership.company) == {role.pk: 1}
    assert [m.profile_id for m in role_matches(role=role)] == [profile.pk]


# --- a role's matches page ----------------------------------------------------------


def _matches_page(client, role):
    response = client.get(reverse("jobs:role_matches", args=[role.pk]))
    assert response.status_code == 200
    return response


def test_matches_page_estimates_once_and_follows_changes(client, monkeypatch):
    membership = MembershipFactory()
    role = RoleFactory(
        company=membership.company,
        skills=["Python"],
        salary_min=900_000,
        salary_max=1_000_000,
        city="Shanghai",
    )
    profiles = [_visible_candidate() for _ in range(3)]
    refresh_role_matches(role_id=role.pk)
    client.force_login(membership.user)
    expected = {p.pk: _fresh_estimate(p, role) for p in profiles}
    monkeypatch.setattr(engine, "screen", _never)
    monkeypatch.setattr(screening_selectors, "screen", _never)
    rows = _matches_page(client, role).context["rows"]
    assert {m.profile_id: wp for m, wp, _a in rows} == expected
    real = screening_selectors.estimate_work_permit
    monkeypatch.setattr(screening_selectors, "estimate_work_permit", _never)
    _matches_page(client, role)  # every estimate from the cache
    # A changed profile is estimated again, the others still come from the cache.
    calls = []

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(screening_selectors, "estimate_work_permit", counting)
    update_profile(profile=profiles[0], hsk_level=6)
    rows = _matches_page(client, role).context["rows"]
    assert len(calls) == 1
    changed = next(wp for m, wp, _a in rows if m.profile_id == profiles[0].pk)
    monkeypatch.undo()
    assert changed == _fresh_estimate(profiles[0], role)


def test_matches_page_queries_do_not_grow_with_rows(client, settings):
    settings.SIGNED_IN_PAGE_CACHE_SECONDS = (
        0  # the render itself: every request renders
    )
    membership = MembershipFactory()
    role = RoleFactory(company=membership.company, skills=["Python"])
    client.force_login(membership.user)
    _visible_candidate()
    refresh_role_matches(role_id=role.pk)
    _matches_page(client, role)
    with CaptureQueriesContext(connection) as few:
        _matches_page(client, role)
    for _ in range(4):
        profile = _visible_candidate()
        PositionFactory(profile=profile)
    refresh_role_matches(role_id=role.pk)
    _matches_page(client, role)
    with CaptureQueriesContext(connection) as many:
        assert len(_matches_page(client, role).context["rows"]) == 5
    assert len(few) == len(many)


def test_matches_page_reasons_are_kept_per_language(client):
    membership = MembershipFactory()
    role = RoleFactory(company=membership.company, skills=["Python"])
    _visible_candidate()
    refresh_role_matches(role_id=role.pk)
    client.force_login(membership.user)
    url = reverse("jobs:role_matches", args=[role.pk])
    english = client.get(url).text
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").text
    assert "<summary>Details</summary>" in english
    assert "<summary>详情</summary>" in chinese
    assert "<summary>Details</summary>" in client.get(url).text
