"""The demo staff account signs in to the admin with the printed TOTP key."""

import time
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.urls import reverse

from jobs.demo.builders import DEMO_PASSWORD, DEMO_TOTP_SECRET
from tests.totp import totp_code

pytestmark = pytest.mark.django_db

STAFF = "staff@demo.k-talent.test"


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--candidates", "0", "--employers", "0", stdout=out)
    return out.getvalue()


def test_seed_demo_prints_the_key_and_is_idempotent():
    output = _seed()
    assert DEMO_TOTP_SECRET in output
    assert "otpauth://totp/" in output
    _seed()
    assert Authenticator.objects.filter(user__email=STAFF, type="totp").count() == 1


def test_demo_totp_prints_the_current_code():
    _seed()
    out = StringIO()
    call_command("demo_totp", stdout=out, stderr=StringIO())
    now = time.time()
    assert out.getvalue().strip() in {
        totp_code(DEMO_TOTP_SECRET, at=now - 30),
        totp_code(DEMO_TOTP_SECRET, at=now),
    }


@pytest.mark.parametrize(
    "email", ["admin@example.com", "staff@demo.k-talent.test.evil"]
)
def test_demo_totp_refuses_other_accounts(email):
    with pytest.raises(CommandError, match="Only demo accounts"):
        call_command("demo_totp", email)


def test_demo_staff_reaches_the_admin_with_the_code(client, settings):
    settings.ADMIN_REQUIRE_MFA = True
    _seed()
    response = client.post(
        reverse("account_login"), {"login": STAFF, "password": DEMO_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    out = StringIO()
    call_command("demo_totp", stdout=out, stderr=StringIO())
    response = client.post(
        reverse("mfa_authenticate"), {"code": out.getvalue().strip()}
    )
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200
