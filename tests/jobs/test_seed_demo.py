"""`seed_demo` creates working demo logins and is idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from jobs.demo.builders import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_prints_logins_and_is_idempotent():
    output = _seed("--candidates", "4", "--employers", "2")
    assert "seeker@demo.k-talent.test" in output
    assert "employer@demo.k-talent.test" in output
    assert "staff@demo.k-talent.test" in output
    first_count = User.objects.count()
    assert first_count == 3 + 4 + 2

    _seed("--candidates", "4", "--employers", "2")
    assert User.objects.count() == first_count
    _seed("--candidates", "6", "--employers", "2")
    assert User.objects.count() == first_count + 2


@pytest.mark.parametrize(
    ("email", "landing"),
    [
        ("seeker@demo.k-talent.test", "/profile/"),
        ("employer@demo.k-talent.test", "/employer/"),
        # staff have a TOTP authenticator: the code comes next (tests/admin/test_demo_totp.py)
        ("staff@demo.k-talent.test", "/accounts/2fa/authenticate/"),
    ],
)
def test_demo_logins_work(client, email, landing):
    _seed("--candidates", "0", "--employers", "0")
    response = client.post(
        reverse("account_login"), {"login": email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == landing


def test_seed_demo_rejects_negative_sizes():
    with pytest.raises(SystemExit):
        call_command(
            "seed_demo", "--candidates", "-1", stdout=StringIO(), stderr=StringIO()
        )


def test_seeded_seekers_have_varied_realistic_profiles():
    from accounts.models import CandidateProfile, Education

    _seed("--candidates", "60", "--employers", "0")
    profiles = CandidateProfile.objects.all()
    assert profiles.count() == 61  # the demo seeker and 60 candidates
    assert Education.objects.values("profile").distinct().count() == 61
    assert profiles.values("nationality").distinct().count() >= 10
    assert profiles.filter(date_of_birth__isnull=True).exists()  # some facts missing
    assert Education.objects.values("field").distinct().count() >= 8
    assert Education.objects.filter(expected=True).exists()
    assert Education.objects.filter(
        institution="Westbrook Polytechnic College"
    ).exists() or (Education.objects.values("institution").distinct().count() >= 15)
