"""Staff reach the admin only after signing in with a TOTP code."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from tests.factories import PASSWORD, StaffFactory
from tests.totp import totp_code

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _require_mfa(settings):
    settings.ADMIN_REQUIRE_MFA = True


def _password_login(client, user):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )


def test_staff_without_an_authenticator_is_sent_to_set_one_up(client):
    staff = StaffFactory()
    _password_login(client, staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_signing_in_with_totp_reaches_the_admin(client):
    staff = StaffFactory()
    TOTP.activate(staff, SECRET)
    response = _password_login(client, staff)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302  # not signed in yet
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)})
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_wrong_code_does_not_open_the_admin(client):
    staff = StaffFactory()
    TOTP.activate(staff, SECRET)
    _password_login(client, staff)
    wrong = "000000" if totp_code(SECRET) != "000000" else "111111"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_session_without_mfa_must_confirm_a_code(client):
    staff = StaffFactory()
    TOTP.activate(staff, SECRET)
    client.force_login(staff)  # e.g. signed in before turning MFA on
    response = client.get(reverse("admin:jobs_screening_changelist"))
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    response = client.post(response["Location"], {"code": totp_code(SECRET)})
    assert client.get(reverse("admin:jobs_screening_changelist")).status_code == 200


def test_non_staff_pages_do_not_need_mfa(client):
    staff = StaffFactory()
    _password_login(client, staff)
    assert client.get(reverse("home")).status_code == 200
