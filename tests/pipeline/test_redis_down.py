"""The site with Redis stopped, on a real redis-server (issue 11, defect 5).

Each request runs in a `manage.py shell` process whose REDIS_URL points at the
test's Redis after it was stopped: the broker and the search cache (REDIS_URL's
next database) are both down, as in production. Search and login answer; a
stage change and a team invite are saved with no error and their emails wait in
the outbox, to be sent by the sweep once Redis is back (a real worker, fed by
the task beat sends every minute).
"""

import pytest
from django.contrib.auth.hashers import make_password

from jobs.models import Application, Invitation, OutboxEmail, OutboxStatus, Stage
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    MembershipFactory,
    RoleFactory,
    SeekerFactory,
)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

# Environment for the web process: the test client, plain static files.
WEB = {
    "DJANGO_ALLOWED_HOSTS": "testserver",
    "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
}

SEARCH_AND_LOGIN = """
from django.test import Client

client = Client(raise_request_exception=False)
for _ in range(2):  # a miss, then what would have been a hit
    response = client.get("/roles/", {{"q": "robotics"}})
    print("search", response.status_code, "Robotics engineer" in response.text)
response = client.post(
    "/accounts/login/", {{"login": "{email}", "password": "{password}"}}
)
print("login", response.status_code, "_auth_user_id" in client.session)
"""

AS_USER = """
from django.test import Client
from accounts.models import User

client = Client(raise_request_exception=False)
client.force_login(User.objects.get(pk={user_id}))
response = client.post("{url}", {data!r})
print("status", response.status_code)
"""


def _sent_by_the_sweep(pipeline, email: OutboxEmail) -> str:
    """Bring Redis back, let a worker run beat's outbox sweep; the worker's log."""
    pipeline.redis.start()  # same URL
    (worker,) = pipeline.start_workers("w1", OUTBOX_GRACE_SECONDS="0")
    pipeline.send("jobs.tasks.send_due_emails_task")  # what beat sends each minute

    def sent() -> bool:
        email.refresh_from_db()
        return email.status == OutboxStatus.SENT

    pipeline.wait_for(sent, "the outbox sweep to send the email")
    assert email.attempts == 1  # sent once
    return worker.output()  # the console mailer writes there


def test_search_and_login_answer_while_redis_is_down(pipeline, settings):
    RoleFactory(title="Robotics engineer")
    seeker = SeekerFactory()
    # The web process has the production hashers, not the suite's fast one.
    settings.PASSWORD_HASHERS = [
        *settings.PASSWORD_HASHERS,
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    seeker.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    seeker.save(update_fields=["password"])

    pipeline.redis.stop()
    out = pipeline.manage(
        "shell",
        "-c",
        SEARCH_AND_LOGIN.format(email=seeker.email, password=PASSWORD),
        **WEB,
    )
    assert out.splitlines()[-3:] == [
        "search 200 True",
        "search 200 True",
        "login 302 True",
    ], out


def test_a_stage_change_while_redis_is_down_is_emailed_once_it_is_back(pipeline):
    membership = MembershipFactory()
    application = ApplicationFactory(role__company=membership.company)
    url = f"/employer/applications/{application.pk}/"

    pipeline.redis.stop()
    out = pipeline.manage(
        "shell",
        "-c",
        AS_USER.format(
            user_id=membership.user_id,
            url=url,
            data={"stage": "interview", "message": "Tuesday at ten?"},
        ),
        **WEB,
    )
    assert "status 302" in out, out  # saved, and the employer is told so
    assert Application.objects.get(pk=application.pk).stage == Stage.INTERVIEW
    email = OutboxEmail.objects.get()
    assert email.status == OutboxStatus.PENDING  # kept, not lost
    assert email.recipients == [application.candidate.email]

    log = _sent_by_the_sweep(pipeline, email)
    assert application.candidate.email in log
    assert "Tuesday at ten?" in log


def test_a_team_invite_while_redis_is_down_is_emailed_once_it_is_back(pipeline):
    membership = MembershipFactory()

    pipeline.redis.stop()
    out = pipeline.manage(
        "shell",
        "-c",
        AS_USER.format(
            user_id=membership.user_id,
            url="/employer/team/invite/",
            data={"email": "new.recruiter@example.com"},
        ),
        **WEB,
    )
    assert "status 302" in out, out
    invitation = Invitation.objects.get()
    email = OutboxEmail.objects.get()
    assert email.status == OutboxStatus.PENDING

    log = _sent_by_the_sweep(pipeline, email)
    assert "new.recruiter@example.com" in log
    assert invitation.token in log  # the link to join
