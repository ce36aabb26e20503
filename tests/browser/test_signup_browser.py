"""A real browser signs up as a job seeker through the real pages."""

import pytest
from django.core import mail

from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_seeker_signs_up_and_sees_verification_notice(page):
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    page.locator("#id_email").fill("ada@example.com")
    page.locator("#id_password1").fill("a-long-secret-phrase-42")
    page.locator("#id_password2").fill("a-long-secret-phrase-42")
    page.get_by_label("I'm looking for work in China").check()
    page.get_by_role("button", name="Sign Up").click()

    page.wait_for_url("**/accounts/confirm-email/")
    assert "Verify Your Email Address" in page.content()
    user = User.objects.get(email="ada@example.com")
    assert user.is_seeker
    assert any("ada@example.com" in m.to for m in mail.outbox)
