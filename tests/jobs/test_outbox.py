"""The email outbox: written with the change, sent once, retried, swept later.

A broker failure is simulated by making the send task's `apply_async` raise
kombu's OperationalError, as publishing does when Redis is unreachable.
"""

import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from jobs.models import ApplicationEvent, Invitation, OutboxEmail, OutboxStatus, Stage
from jobs.services import notifications
from jobs.tasks import send_due_emails_task, send_outbox_email_task
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OutboxEmailFactory,
    RoleFactory,
    SeekerFactory,
)

pytestmark = pytest.mark.django_db

BROKER_DOWN = mock.patch.object(
    send_outbox_email_task,
    "apply_async",
    side_effect=OperationalError("Error 111 connecting to redis. Connection refused."),
)


def _later(seconds: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=seconds)


def _notify(**overrides) -> OutboxEmail:
    return notifications.notify(
        **{
            "template": "jobs/email/role_expiring.txt",
            "subject": "Closing soon",
            "recipients": ["owner@example.com"],
            "context": {"role": RoleFactory.build(pk=1, title="Closing role")},
            **overrides,
        }
    )


def _move(client, application, stage="interview"):
    return client.post(
        reverse("jobs:application_detail", args=[application.pk]),
        {"stage": stage, "message": "See you Tuesday"},
    )


def test_the_row_is_written_in_the_callers_transaction_and_rolls_back_with_it(
    django_capture_on_commit_callbacks,
):
    def change_that_fails():
        with transaction.atomic():
            _notify()
            assert OutboxEmail.objects.count() == 1  # visible inside
            raise RuntimeError("the change fails after the email was written")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        change_that_fails()
    assert OutboxEmail.objects.count() == 0
    assert callbacks == []  # nothing queued for a change that did not happen
    assert mail.outbox == []


def test_a_stage_change_writes_one_row_and_sends_it_once_at_commit(
    client, django_capture_on_commit_callbacks
):
    membership = MembershipFactory()
    application = ApplicationFactory(role__company=membership.company)
    client.force_login(membership.user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert _move(client, application).status_code == 302
        row = OutboxEmail.objects.get()
        assert row.status == OutboxStatus.PENDING
        assert row.recipients == [application.candidate.email]
        assert "Interview" in row.subject
        assert "See you Tuesday" in row.body  # rendered when written
    assert mail.outbox == []  # not before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 1)
    assert row.sent_at is not None

    # A redelivered task and a later sweep send nothing more.
    assert send_outbox_email_task.delay(row.pk).get() is False
    assert notifications.sweep_outbox(now=_later(3600)) == 0
    assert len(mail.outbox) == 1


def test_broker_down_during_a_stage_change_is_no_error_and_the_sweep_sends_it(
    client, django_capture_on_commit_callbacks, settings
):
    settings.OUTBOX_GRACE_SECONDS = 60
    membership = MembershipFactory()
    application = ApplicationFactory(role__company=membership.company)
    client.force_login(membership.user)
    with BROKER_DOWN, django_capture_on_commit_callbacks(execute=True):
        response = _move(client, application)
    assert response.status_code == 302  # the change is saved, the user told so
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW
    row = OutboxEmail.objects.get()
    assert row.status == OutboxStatus.PENDING
    assert mail.outbox == []

    # Within the grace period the sweep leaves it to its own task.
    assert notifications.sweep_outbox(now=_later(10)) == 0
    assert notifications.sweep_outbox(now=_later(61)) == 1
    assert mail.outbox[0].to == [application.candidate.email]
    assert notifications.sweep_outbox(now=_later(120)) == 0
    assert len(mail.outbox) == 1


def test_broker_down_during_a_team_invite_keeps_the_invitation_email(
    client, django_capture_on_commit_callbacks, settings
):
    settings.OUTBOX_GRACE_SECONDS = 0
    membership = MembershipFactory()
    client.force_login(membership.user)
    with BROKER_DOWN, django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("jobs:team_invite"), {"email": "new.recruiter@example.com"}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert mail.outbox == []
    assert send_due_emails_task.delay().get() == 1  # what beat sends every minute
    assert mail.outbox[0].to == ["new.recruiter@example.com"]
    assert invitation.token in mail.outbox[0].body


def test_broker_down_is_logged_not_raised(caplog, django_capture_on_commit_callbacks):
    with BROKER_DOWN, django_capture_on_commit_callbacks(execute=True):
        row = _notify()
    assert "broker unavailable" in caplog.text
    assert OutboxEmail.objects.get(pk=row.pk).status == OutboxStatus.PENDING


def test_a_failed_send_is_retried_with_backoff_then_sent(settings):
    settings.OUTBOX_GRACE_SECONDS = 0
    row = OutboxEmailFactory()
    with mock.patch(
        "jobs.services.notifications.send_mail",
        side_effect=smtplib.SMTPServerDisconnected("gone"),
    ):
        assert notifications.deliver(email_id=row.pk) is False
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)
    assert "gone" in row.last_error
    assert row.next_attempt_at >= _later(55)  # one minute after the first failure
    assert notifications.sweep_outbox(now=_later(30)) == 0  # not yet
    assert mail.outbox == []
    assert notifications.sweep_outbox(now=_later(61)) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 2)
    assert len(mail.outbox) == 1


def test_after_the_last_attempt_the_row_is_marked_failed_and_logged(settings, caplog):
    settings.OUTBOX_GRACE_SECONDS = 0
    settings.OUTBOX_MAX_ATTEMPTS = 3
    row = OutboxEmailFactory()
    with mock.patch(
        "jobs.services.notifications.send_mail",
        side_effect=smtplib.SMTPException("refused"),
    ):
        notifications.deliver(email_id=row.pk)
        for hours in (1, 2, 3):  # past every backoff
            notifications.sweep_outbox(now=_later(hours * 3600))
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 3)
    assert "giving up" in caplog.text
    notifications.sweep_outbox(now=_later(10 * 3600))
    row.refresh_from_db()
    assert row.attempts == 3  # never tried again
    assert mail.outbox == []


def test_a_row_claimed_by_a_sender_that_died_is_retried_later(settings):
    settings.OUTBOX_GRACE_SECONDS = 0
    row = OutboxEmailFactory(
        status=OutboxStatus.SENDING, claimed_at=timezone.now(), attempts=1
    )
    # A sender is (maybe) still at work: nobody else sends it.
    assert notifications.sweep_outbox(now=_later(60)) == 0
    assert notifications.deliver(email_id=row.pk) is False
    # Past the claim timeout, the sweep takes it back.
    later = _later(settings.OUTBOX_CLAIM_TIMEOUT_SECONDS + 1)
    assert notifications.sweep_outbox(now=later) == 1
    assert len(mail.outbox) == 1


def test_sent_rows_are_deleted_after_the_keep_period(settings):
    settings.OUTBOX_KEEP_DAYS = 30
    old = OutboxEmailFactory(
        status=OutboxStatus.SENT, sent_at=timezone.now() - datetime.timedelta(days=31)
    )
    recent = OutboxEmailFactory(status=OutboxStatus.SENT, sent_at=timezone.now())
    notifications.sweep_outbox()
    assert list(OutboxEmail.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk


def test_the_email_is_rendered_in_the_site_language_not_the_requests(settings):
    seen = []
    real = notifications.render_to_string

    def spy(*args, **kwargs):
        seen.append(translation.get_language())
        return real(*args, **kwargs)

    with mock.patch("jobs.services.notifications.render_to_string", spy):
        with translation.override("zh-hans"):  # the employer's language
            default = _notify()
        chinese = _notify(language="zh-hans")
    assert seen == [settings.LANGUAGE_CODE, "zh-hans"]
    assert (default.language, chinese.language) == (settings.LANGUAGE_CODE, "zh-hans")


def test_nobody_to_tell_writes_nothing():
    assert _notify(recipients=["", ""]) is None
    assert OutboxEmail.objects.count() == 0


def test_a_subject_cannot_break_the_header():
    row = _notify(subject="Line one\r\nBcc: victim@example.com")
    assert row.subject == "Line one Bcc: victim@example.com"


def test_old_email_tasks_still_send_through_the_outbox(
    django_capture_on_commit_callbacks,
):
    """Tasks queued before this release (by name) still deliver their email."""
    from jobs.tasks import send_stage_email_task

    application = ApplicationFactory(candidate=SeekerFactory())
    event = ApplicationEvent.objects.create(
        application=application, from_stage="applied", to_stage="offer"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_stage_email_task.delay(event.pk).get() == 1
    assert OutboxEmail.objects.get().status == OutboxStatus.SENT
    assert mail.outbox[0].to == [application.candidate.email]


def test_account_emails_go_through_the_outbox_too(
    client, django_capture_on_commit_callbacks
):
    """allauth's password reset: kept when the broker is down, sent by the sweep."""
    user = SeekerFactory()
    with BROKER_DOWN, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    row = OutboxEmail.objects.get()
    assert row.template == "account/email/password_reset_key"
    assert mail.outbox == []
    assert notifications.sweep_outbox(now=_later(3600)) == 1
    assert mail.outbox[0].to == [user.email]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
