"""Messages in Chromium: the form sends with fetch (no reload), and the other
side's page shows the message within one poll, with no CSP violation."""

import pytest

from jobs.services.messages import conversation_for_application
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    CandidateProfileFactory,
    MembershipFactory,
    RoleFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_message_appears_on_the_other_side_without_reloading(browser, live_server):
    member = MembershipFactory()
    role = RoleFactory(company=member.company, title="Vision engineer")
    profile = CandidateProfileFactory()
    application = ApplicationFactory(role=role, candidate=profile.user)
    conversation_for_application(application=application)

    seeker_context = browser.new_context(base_url=live_server.url)
    employer_context = browser.new_context(base_url=live_server.url)
    try:
        seeker = seeker_context.new_page()
        employer = employer_context.new_page()
        for page in (seeker, employer):
            page.set_default_timeout(15_000)
        violations: list[str] = []
        for page in (seeker, employer):
            page.on(
                "console",
                lambda m: (
                    "Content Security Policy" in m.text and violations.append(m.text)
                ),
            )
        sign_in(employer, member.user.email, PASSWORD)
        employer.goto(f"/employer/applications/{application.pk}/")
        sign_in(seeker, profile.user.email, PASSWORD)
        seeker.goto("/my-applications/")
        seeker.get_by_role("link", name="Details and messages").click()
        seeker.wait_for_selector("#message-form")
        seeker.evaluate("window.__notReloaded = true")
        seeker.locator("#message-form textarea[name=body]").fill("Hello from Chromium")
        seeker.get_by_role("button", name="Send").click()
        seeker.wait_for_selector("#thread .message:has-text('Hello from Chromium')")
        assert seeker.evaluate("window.__notReloaded") is True
        assert seeker.locator("#message-form textarea[name=body]").input_value() == ""
        # The recruiter's open page polls every 5 s.
        employer.wait_for_selector(
            "#thread .message:has-text('Hello from Chromium')", timeout=12_000
        )
        assert employer.locator("#thread .message[data-message-id]").count() == 1
        assert not violations
    finally:
        seeker_context.close()
        employer_context.close()
