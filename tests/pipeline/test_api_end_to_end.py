"""The README's API session, end to end, with real processes: a gunicorn server,
a Celery worker on Redis, and the local webhook receiver (tools/webhook_receiver.py).

As an owner would: sign in over HTTP, create a key on the team page (shown once),
register a webhook endpoint on the local receiver, post a role with the key (the
company's roles publish at once: ROLES_AUTO_APPROVE_VERIFIED), a seeker applies,
the key reads the role's applications, and the receiver gets `role.published`
and `application.created`, each with a valid signature, sent by the worker.
"""

import http.cookiejar
import json
import re
import subprocess
import sys
import threading
import urllib.parse
import urllib.request

import pytest

from jobs.models import Application, WebhookDelivery
from tests.factories import CandidateProfileFactory, MembershipFactory
from tests.pipeline.conftest import ROOT, free_port, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-9"
SET_PASSWORD = """
from accounts.models import User
user = User.objects.get(pk={user})
user.set_password("{password}")
user.save()
"""
APPLY = """
from accounts.models import User
from jobs.models import Role
from jobs.services.applications import apply_to_role
apply_to_role(role=Role.objects.get(pk={role}), user=User.objects.get(pk={user}), cover_note="Hello")
print("applied")
"""


class Browser:
    """urllib with a cookie jar: a person's session, CSRF token and all."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, fields: list[tuple[str, str]]) -> str:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        data = urllib.parse.urlencode(
            [("csrfmiddlewaretoken", token), *fields]
        ).encode()
        request = urllib.request.Request(
            self.base + path, data=data, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()


def _api(base: str, method: str, path: str, key: str, body: dict | None = None):
    request = urllib.request.Request(
        base + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.loads(response.read())


@pytest.fixture
def server(pipeline, tmp_path):
    port = free_port()
    env = pipeline.env(
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        WEBHOOKS_ALLOW_LOCAL="1",
        ROLES_AUTO_APPROVE_VERIFIED="1",
        DJANGO_STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).read()
            return True
        except OSError:
            return False

    try:
        wait_for(
            up, "gunicorn", details=lambda: (tmp_path / "gunicorn.log").read_text()
        )
        yield base
    finally:
        process.kill()
        process.wait(timeout=10)
        log.close()


def test_a_key_posts_a_role_reads_applications_and_a_signed_webhook_arrives(
    pipeline, server, tmp_path
):
    (worker,) = pipeline.start_workers(
        "w1", WEBHOOKS_ALLOW_LOCAL="1", ROLES_AUTO_APPROVE_VERIFIED="1"
    )
    owner = MembershipFactory().user
    # Hashed by the server's own hashers (the suite's are fast MD5 only).
    pipeline.manage(
        "shell", "-c", SET_PASSWORD.format(user=owner.pk, password=PASSWORD)
    )
    seeker = CandidateProfileFactory().user

    # The owner signs in and creates a key on the team page: shown once.
    browser = Browser(server)
    browser.get("/accounts/login/")
    browser.post("/accounts/login/", [("login", owner.email), ("password", PASSWORD)])
    page = browser.post(
        "/employer/team/api-keys/",
        [
            ("name", "ATS"),
            ("scopes", "roles:write"),
            ("scopes", "roles:read"),
            ("scopes", "applications:read"),
        ],
    )
    found = re.search(r"ktp_[0-9a-f]{8}_[A-Za-z0-9_-]+", page)
    assert found, page[:3000]
    key = found[0]
    assert key not in browser.get("/employer/team/")

    # A webhook endpoint on the local receiver, and its signing secret.
    port = str(free_port())
    page = browser.post(
        "/employer/webhooks/new/",
        [
            ("url", f"http://127.0.0.1:{port}/"),
            ("events", "role.published"),
            ("events", "application.created"),
        ],
    )
    secret = re.search(r"whsec_[A-Za-z0-9_-]+", page)[0]
    receiver = subprocess.Popen(
        [
            sys.executable,
            "tools/webhook_receiver.py",
            "--secret",
            secret,
            "--port",
            port,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert "listening" in receiver.stdout.readline()
        status, role = _api(
            server,
            "POST",
            "/api/v1/roles/",
            key,
            {
                "title": "Perception engineer",
                "title_zh": "感知算法工程师",
                "description": "Cameras and lidar.",
                "salary_min": 300000,
                "salary_max": 500000,
                "city": "北京",
                "submit": True,
            },
        )
        assert (status, role["status"]["code"]) == (201, "published")
        assert "applied" in pipeline.manage(
            "shell", "-c", APPLY.format(role=role["id"], user=seeker.pk)
        )
        status, applications = _api(
            server, "GET", f"/api/v1/roles/{role['id']}/applications/", key
        )
        assert status == 200
        assert [a["id"] for a in applications["results"]] == list(
            Application.objects.filter(role_id=role["id"]).values_list("pk", flat=True)
        )

        lines: list[str] = []
        reader = threading.Thread(
            target=lambda: lines.extend(line.strip() for line in receiver.stdout),
            daemon=True,
        )
        reader.start()
        pipeline.wait_for(lambda: len(lines) >= 2, "two webhook deliveries")
        assert len(lines) == 2, pipeline.details()
        assert all(line.startswith("signature ok") for line in lines), lines
        events = sorted(line.split()[2] for line in lines)
        assert events == ["application.created", "role.published"]
        assert "send_webhook_task[" in worker.output()  # sent by the worker, not inline
        assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {
            "delivered"
        }
    finally:
        receiver.kill()
        receiver.wait(timeout=10)
