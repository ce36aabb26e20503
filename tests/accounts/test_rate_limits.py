"""Login rate limits behind a load balancer and across processes (issue 11,
defect 10): behind a proxy every request came from the proxy's address, so ten
failed logins by anyone refused everyone's correct password."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, SeekerFactory

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.2"  # the load balancer: REMOTE_ADDR of every request
ATTACKER = "203.0.113.9"
SOMEONE_ELSE = "198.51.100.4"


def _login(client, email: str, password: str, *, client_ip: str):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_ip,
    )


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_behind_a_proxy_one_clients_failures_do_not_lock_out_another(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    victim, other = SeekerFactory(), SeekerFactory()
    for _ in range(10):
        _login(client, victim.email, "wrong", client_ip=ATTACKER)
    # The attacker's own address is now limited, whatever account it tries ...
    _login(client, other.email, PASSWORD, client_ip=ATTACKER)
    assert not _signed_in(client)
    # ... but another client behind the same proxy signs in.
    response = _login(client, other.email, PASSWORD, client_ip=SOMEONE_ELSE)
    assert response.status_code == 302
    assert _signed_in(client)


@pytest.mark.django_db
def test_without_the_proxy_count_everyone_shares_the_proxys_address(client, settings):
    """Why the setting matters: the README's deployment before it was set."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    victim, other = SeekerFactory(), SeekerFactory()
    for _ in range(10):
        _login(client, victim.email, "wrong", client_ip=ATTACKER)
    _login(client, other.email, PASSWORD, client_ip=SOMEONE_ELSE)
    assert not _signed_in(client)


@pytest.mark.django_db
def test_the_per_account_limit_still_holds_from_many_addresses(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    victim = SeekerFactory()
    for i in range(5):
        _login(client, victim.email, "wrong", client_ip=f"203.0.113.{i + 1}")
    response = _login(client, victim.email, PASSWORD, client_ip=SOMEONE_ELSE)
    assert "Too many failed login attempts" in response.text
    assert not _signed_in(client)


@pytest.mark.django_db
def test_a_short_forwarded_for_header_is_no_server_error(client, settings):
    """allauth raises ImproperlyConfigured when the header has fewer hops than
    the trusted count (a request that bypassed a proxy): a 500 before."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    user = SeekerFactory()
    response = _login(client, user.email, PASSWORD, client_ip=ATTACKER)
    assert response.status_code == 302


def test_the_proxy_settings_come_from_the_environment():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, "
            "settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "ALLAUTH_TRUSTED_PROXY_COUNT": "2",
            "ALLAUTH_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
        },
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert out.split() == ["2", "X-Real-IP"]


# Another web process (its own memory) tries the right passwords.
LOGIN_IN_ANOTHER_PROCESS = """
from django.test import Client
for email in {emails!r}:
    client = Client()
    client.post("/accounts/login/", {{"login": email, "password": "{password}"}})
    print(email, "signed in" if "_auth_user_id" in client.session else "refused")
"""


def _with_a_real_hasher(user):
    """The other process has the production hashers, not the suite's fast one."""
    from django.contrib.auth.hashers import make_password

    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    return user


@pytest.mark.django_db(transaction=True)
def test_the_per_account_limit_holds_across_processes(client, settings):
    """Without Redis the limits were in each process's memory: five failures on
    one gunicorn worker left the next worker counting from zero."""
    from tests.pipeline.conftest import shared_database_url

    settings.PASSWORD_HASHERS = [
        *settings.PASSWORD_HASHERS,
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    victim = _with_a_real_hasher(SeekerFactory())
    control = _with_a_real_hasher(SeekerFactory())
    for _ in range(5):
        client.post(
            reverse("account_login"), {"login": victim.email, "password": "wrong"}
        )
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            LOGIN_IN_ANOTHER_PROCESS.format(
                emails=[victim.email, control.email], password=PASSWORD
            ),
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": shared_database_url(),
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_SECURE": "0",
            # The refusal renders the login page; no collectstatic in tests.
            "DJANGO_STATICFILES_STORAGE": (
                "django.contrib.staticfiles.storage.StaticFilesStorage"
            ),
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-2:] == [
        f"{victim.email} refused",
        f"{control.email} signed in",  # the process can sign anyone in
    ]
