"""Sign-up, verification and landing pages through the real allauth forms."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import AccountType, User
from tests.factories import PASSWORD, EmployerFactory, SeekerFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _sign_up(client, email, account_type):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "account_type": account_type,
        },
    )


def _confirm_link(message) -> str:
    return re.search(
        r"https?://[^/]+(/accounts/confirm-email/[^\s]+)", message.body
    ).group(1)


@pytest.mark.parametrize(
    ("account_type", "landing"),
    [
        (AccountType.SEEKER, "accounts:profile"),
        (AccountType.EMPLOYER, "jobs:employer_dashboard"),
    ],
)
def test_sign_up_needs_verification_then_lands_by_account_type(
    client, account_type, landing, django_capture_on_commit_callbacks
):
    # Account emails go through the outbox: sent when the sign-up commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(client, "new@example.com", account_type)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new@example.com")
    assert user.account_type == account_type
    # Not logged in before verification, and login is refused until then.
    assert client.get(reverse("accounts:profile")).status_code == 302
    response = client.post(
        reverse("account_login"), {"login": "new@example.com", "password": PASSWORD}
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    assert mail.outbox, "sign-up sends a confirmation email"
    link = _confirm_link(mail.outbox[0])
    client.get(link)
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == reverse(landing)
    assert client.get(reverse(landing)).status_code == 200


def test_sign_up_without_account_type_keeps_input_and_shows_error(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "keep@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["account_type"]
    assert 'value="keep@example.com"' in response.content.decode()
    assert not User.objects.filter(email="keep@example.com").exists()


def test_sign_up_rejects_unknown_account_type(client):
    response = _sign_up(client, "admin@example.com", "staff")
    assert response.status_code == 200
    assert not User.objects.exists()


def test_sign_up_page_asks_the_one_question(client):
    body = client.get(reverse("account_signup")).content.decode()
    assert "looking for work in China" in body
    assert "hiring" in body


@pytest.mark.parametrize(
    ("factory", "landing"),
    [
        (SeekerFactory, "/profile/"),
        (EmployerFactory, "/employer/"),
        (StaffFactory, "/admin/"),
    ],
)
def test_login_lands_on_the_page_for_the_role(client, factory, landing):
    user = factory()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == landing


def test_seeker_is_refused_on_employer_pages(client):
    client.force_login(SeekerFactory())
    assert client.get(reverse("jobs:employer_dashboard")).status_code == 403


def test_employer_is_refused_on_seeker_pages(client):
    client.force_login(EmployerFactory())
    assert client.get(reverse("accounts:profile")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("jobs:employer_dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_password_reset_sends_mail(client, django_capture_on_commit_callbacks):
    user = SeekerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.parametrize("factory", [SeekerFactory, EmployerFactory])
def test_mfa_totp_setup_is_available_to_every_user(client, factory):
    user = factory()
    client.force_login(user)
    # Setting up an authenticator asks for the password again first.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert response.context["form"].secret  # a TOTP secret to scan
    assert client.get(reverse("mfa_index")).status_code == 200


def test_failed_logins_are_rate_limited(client):
    user = SeekerFactory()
    for _ in range(5):
        client.post(
            reverse("account_login"), {"login": user.email, "password": "wrong"}
        )
    # Even the right password is refused once the limit is reached.
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
