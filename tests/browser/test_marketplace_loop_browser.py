"""The loop between the two sides, in Chromium (issue 16): staff (with TOTP)
approve a role; its matches page lists the right candidate and that seeker sees
it under "Roles for you"; the seeker applies; the recruiter opens the applicant
page (outlook, work-permit estimate, match score) and writes; the seeker sees
the unread badge, reads and answers; the recruiter's open page shows the answer
without reloading; each side gets at most one message email.

The live server runs Celery eagerly (the embedded default), so the match
refresh queued by the approval has run when the approval's page answers; the
worker path and its timing are tests/pipeline/test_fresh_matches_worker.py.
"""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from accounts.models import Visibility
from accounts.services import set_skills
from jobs.models import Application, Match, OutboxEmail, RoleStatus
from jobs.services.matching import refresh_cards
from jobs.services.screening import screen_candidates
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    CandidateProfileFactory,
    EducationFactory,
    MembershipFactory,
    PendingRoleFactory,
    StaffFactory,
)
from tests.totp import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _seeker():
    now = timezone.now()
    profile = CandidateProfileFactory(
        user__email="mei@example.com",
        given_name="Mei",
        family_name="Okafor",
        date_of_birth=datetime.date(1996, 3, 2),
        visibility=Visibility.VERIFIED_EMPLOYERS,
        consent_share_at=now,
        consent_cross_border_at=now,
    )
    EducationFactory(profile=profile)  # MSc Computer Science, ETH Zurich
    set_skills(profile=profile, names=["Python", "ROS", "C++"])
    screen_candidates(profile_ids=[profile.pk])
    refresh_cards(profile_ids=[profile.pk])
    return profile


def _message_emails(address: str) -> int:
    return sum(
        address in row.recipients
        for row in OutboxEmail.objects.filter(template__contains="unread_messages")
    )


def test_approval_to_conversation(browser, live_server, settings):
    settings.ADMIN_REQUIRE_MFA = True
    settings.MESSAGE_EMAIL_DELAY_SECONDS = 300
    recruiter = MembershipFactory(user__email="hr@example.com").user
    role = PendingRoleFactory(
        company=recruiter.membership.company,
        title="Robot perception engineer",
        skills=["Python", "ROS", "C++"],
        submitted_at=timezone.now(),
    )
    seeker = _seeker()
    staff = StaffFactory(email="ops@example.com")
    TOTP.activate(staff, SECRET)
    assert not Match.objects.filter(role=role).exists()

    contexts = [browser.new_context(base_url=live_server.url) for _ in range(3)]
    try:
        staff_page, employer, candidate = (c.new_page() for c in contexts)
        for page in (staff_page, employer, candidate):
            page.set_default_timeout(15_000)

        # Staff approve the role from /moderation/, signed in with TOTP.
        staff_page.goto("/accounts/login/?next=/moderation/")
        staff_page.locator("#id_login").fill(staff.email)
        staff_page.locator("#id_password").fill(PASSWORD)
        staff_page.get_by_role("button", name="Sign In").click()
        staff_page.wait_for_url("**/accounts/2fa/authenticate/**")
        staff_page.locator("#id_code").fill(totp_code(SECRET))
        staff_page.locator("#id_code").press("Enter")
        staff_page.wait_for_url("**/moderation/")
        staff_page.get_by_test_id(f"pending-role-{role.pk}").get_by_role(
            "button", name="Approve"
        ).click()
        staff_page.wait_for_load_state()
        role.refresh_from_db()
        assert role.status == RoleStatus.PUBLISHED

        # The role's matches page lists the candidate; the seeker sees the role.
        sign_in(employer, recruiter.email, PASSWORD)
        employer.goto(f"/employer/roles/{role.pk}/matches/")
        assert "Mei Okafor" in employer.locator("#matches").inner_text()
        sign_in(candidate, seeker.user.email, PASSWORD)
        candidate.goto("/roles-for-you/")
        candidate.get_by_role("link", name="Robot perception engineer").first.click()

        # The seeker applies.
        candidate.locator("#id_cover_note").fill("I built ROS perception stacks.")
        candidate.get_by_role("button", name="Apply").click()
        candidate.wait_for_url("**/my-applications/")
        application = Application.objects.get(role=role, candidate=seeker.user)

        # The recruiter opens the applicant page: outlook, estimate, score.
        employer.goto(f"/employer/roles/{role.pk}/")
        employer.locator(
            f"a[href='/employer/applications/{application.pk}/']"
        ).first.click()
        employer.wait_for_url(f"**/employer/applications/{application.pk}/")
        assert employer.locator("#k-outcome").inner_text().strip()
        assert "points" in employer.locator("#applicant-work-permit").inner_text()
        match_card = employer.locator("#applicant-match").inner_text()
        assert any(ch.isdigit() for ch in match_card)
        employer.evaluate("window.__notReloaded = true")
        employer.locator("#message-form textarea[name=body]").fill(
            "Could you talk on Tuesday?"
        )
        employer.get_by_role("button", name="Send").click()
        employer.wait_for_selector("#thread .message:has-text('Could you talk')")

        # The seeker sees the unread badge, reads and answers.
        candidate.goto("/my-applications/")
        assert candidate.locator("#unread-messages").inner_text() == "1"
        candidate.get_by_role("link", name="Details and messages").click()
        candidate.wait_for_selector("#thread .message:has-text('Could you talk')")
        candidate.goto("/my-applications/")
        assert candidate.locator("#unread-messages").count() == 0  # read now
        candidate.get_by_role("link", name="Details and messages").click()
        candidate.locator("#message-form textarea[name=body]").fill(
            "Tuesday at 10 works for me."
        )
        candidate.get_by_role("button", name="Send").click()
        candidate.wait_for_selector("#thread .message:has-text('Tuesday at 10')")

        # The recruiter's page shows the answer within a poll, without reloading.
        employer.wait_for_selector(
            "#thread .message:has-text('Tuesday at 10')", timeout=12_000
        )
        assert employer.evaluate("window.__notReloaded") is True

        # At most one message email each.
        assert _message_emails(seeker.user.email) == 1  # unread when its task ran
        assert _message_emails(recruiter.email) <= 1
    finally:
        for context in contexts:
            context.close()
