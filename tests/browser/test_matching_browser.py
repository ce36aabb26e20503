"""An employer works a role's matches in a real browser: filters to K-visa
likely, opens a candidate (logged), invites them, moves an applicant on the
board; the seeker sees the invitation and the view in their log."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Visibility
from accounts.services import set_skills
from jobs.models import ApplyInvitation, ProfileView, Stage
from jobs.services.matching import refresh_cards, refresh_role_matches
from jobs.services.screening import screen_candidates
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    CandidateProfileFactory,
    EducationFactory,
    MembershipFactory,
    RoleFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _visible_candidate(email, given, born):
    now = timezone.now()
    profile = CandidateProfileFactory(
        user__email=email,
        given_name=given,
        family_name="Tester",
        date_of_birth=born,
        visibility=Visibility.VERIFIED_EMPLOYERS,
        consent_share_at=now,
        consent_cross_border_at=now,
    )
    EducationFactory(profile=profile)  # MSc Computer Science, ETH Zurich
    set_skills(profile=profile, names=["Python", "ROS"])
    return profile


def test_employer_filters_views_invites_and_moves(page):
    employer = MembershipFactory(user__email="lead@example.com").user
    role = RoleFactory(
        company=employer.membership.company,
        title="Robot vision engineer",
        skills=["Python", "ROS"],
    )
    likely = _visible_candidate("lin@example.com", "Lin", datetime.date(1997, 5, 10))
    older = _visible_candidate("otto@example.com", "Otto", datetime.date(1972, 1, 1))
    applicant = ApplicationFactory(role=role, candidate=older.user)
    screen_candidates(profile_ids=[likely.pk, older.pk])
    refresh_cards(profile_ids=[likely.pk, older.pk])
    refresh_role_matches(role_id=role.pk)

    sign_in(page, employer.email, PASSWORD)
    page.goto(f"/employer/roles/{role.pk}/matches/")
    table = page.locator("#matches")
    assert "Lin Tester" in table.inner_text()
    assert "Otto Tester" in table.inner_text()

    page.locator("#id_outcome").select_option("likely")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**outcome=likely**")
    assert "Lin Tester" in table.inner_text()
    assert "Otto Tester" not in table.inner_text()

    page.get_by_role("link", name="Lin Tester").click()
    page.wait_for_url(f"**/employer/candidates/{likely.pk}/**")
    assert "1997" not in page.content()  # never the date of birth
    assert ProfileView.objects.filter(
        profile=likely, company=employer.membership.company
    ).exists()

    page.locator("#invite-message").fill("Your ROS work fits our team.")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_url(f"**/employer/roles/{role.pk}/matches/")
    assert "Invitation sent to Lin Tester" in page.content()
    assert ApplyInvitation.objects.filter(role=role, profile=likely).exists()

    page.goto(f"/employer/roles/{role.pk}/board/")
    card = page.get_by_test_id(f"card-{applicant.pk}")
    card.get_by_label("Move to").select_option("reviewing")
    card.get_by_role("button", name="Move").click()
    page.wait_for_load_state()
    applicant.refresh_from_db()
    assert applicant.stage == Stage.REVIEWING

    page.context.clear_cookies()
    sign_in(page, likely.user.email, PASSWORD)
    page.goto("/roles-for-you/")
    assert "invited you" in page.locator("#invitations").inner_text()
    assert "Your ROS work fits our team." in page.content()
    views = page.locator("#profile-views").inner_text()
    assert f"{employer.membership.company.name} viewed your profile" in views
