"""The notifications service: every email the portal sends goes through here.

`notify()` renders the message (in the given language, the site's by default)
and writes it to the outbox (`OutboxEmail`) inside the caller's transaction,
then queues `send_outbox_email_task` once that transaction commits. So:

- a change that rolls back sends nothing (the row rolls back with it);
- a broker that is down loses nothing: the queueing error is logged
  (`jobs.services.queueing`) and beat's `send_due_emails_task` sends every row still
  pending after `OUTBOX_GRACE_SECONDS`;
- a row is sent at most once by concurrent senders: each claims it first
  (pending → sending, one conditional UPDATE). A failed send is retried by the
  sweep with exponential backoff and, after `OUTBOX_MAX_ATTEMPTS`, marked failed
  and logged as an error. (A sender that dies between sending and marking the
  row sent leaves it "sending"; the sweep retries it after
  `OUTBOX_CLAIM_TIMEOUT_SECONDS`, so a crash there can repeat one message rather
  than lose it.)

The message builders below (one per kind of email) are what services and the
email tasks call. Each writes to people in their own language
(`notify_each`): the one the account chose (`User.language`), else the
builder's fallback (the inviter's, for an invitation), else the site's. A team
email to people who chose different languages is one outbox row per language.
"""

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.selectors import languages_of
from jobs.models import OutboxEmail, OutboxStatus, Stage
from jobs.selectors.companies import team_emails
from jobs.selectors.outbox import addressed_to
from jobs.selectors.webhooks import owner_emails
from jobs.services.queueing import enqueue_on_commit
from jobs.tasks import send_outbox_email_task
from portal.formatting import long_date

logger = logging.getLogger(__name__)


def notify(
    *,
    template: str,
    subject,
    recipients: Iterable[str],
    context: dict,
    language: str | None = None,
    subject_params: dict | None = None,
    queue: bool = True,
) -> OutboxEmail | None:
    """Write one email to the outbox and queue its sending on commit.

    `subject` is a (lazy) translatable string, `%`-formatted with
    `subject_params`; it and the `template` are rendered now, under `language`
    (default: the site's `LANGUAGE_CODE`), not in whatever language the request
    that caused the email happens to use. With `queue=False` the caller sends the
    row itself (`deliver`), as the beat tasks do. Returns None when there is
    nobody to send to.
    """
    if not any(recipients := list(recipients)):
        return None
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        text = str(subject) % subject_params if subject_params else str(subject)
        body = render_to_string(
            template, {**context, "site_url": settings.SITE_URL.rstrip("/")}
        )
    return notify_rendered(
        template=template,
        subject=text,
        body=body,
        recipients=recipients,
        language=language,
        queue=queue,
    )


def notify_each(
    *,
    template: str,
    subject,
    recipients: Iterable[str],
    context: dict,
    fallback_language: str = "",
    subject_params: dict | None = None,
    queue: bool = True,
) -> list[OutboxEmail]:
    """`notify` once per language among the recipients, each in their own.

    An address whose account chose no language (or has no account) gets
    `fallback_language`, else the site's. Rows come in the order of each
    language's first recipient; none when there is nobody to send to.
    """
    chosen = languages_of(recipients := [r for r in recipients if r])
    fallback = fallback_language or settings.LANGUAGE_CODE
    groups: dict[str, list[str]] = {}
    for address in recipients:
        language = chosen.get(address.lower()) or fallback
        groups.setdefault(language, []).append(address)
    rows = (
        notify(
            template=template,
            subject=subject,
            recipients=addresses,
            context=context,
            language=language,
            subject_params=subject_params,
            queue=queue,
        )
        for language, addresses in groups.items()
    )
    return [row for row in rows if row is not None]


class _Date:
    """A date in a subject, formatted when the subject is: in the reader's language."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __str__(self) -> str:
        return long_date(self.day)


def _first(rows: list[OutboxEmail]) -> OutboxEmail | None:
    """The row of a one-recipient email (None when there was nobody)."""
    return rows[0] if rows else None


def notify_rendered(
    *,
    template: str,
    subject: str,
    body: str,
    recipients: Iterable[str],
    language: str,
    queue: bool = True,
) -> OutboxEmail | None:
    """`notify` for a message rendered elsewhere (allauth's account emails)."""
    to = list(dict.fromkeys(r for r in recipients if r))
    if not to:
        return None
    email = OutboxEmail.objects.create(
        template=template,
        language=language,
        # A header cannot hold a line break (Django refuses to send it).
        subject=" ".join(str(subject).split()),
        body=body,
        recipients=to,
    )
    if queue:
        enqueue_on_commit(send_outbox_email_task, email.pk)
    return email


def _retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, … minutes after the 1st, 2nd, 3rd … failure, at most an hour."""
    return timedelta(seconds=min(3600, 60 * 2 ** max(0, attempts - 1)))


def deliver(*, email_id: int) -> bool:
    """Send one outbox row if it is still pending; True when this call sent it."""
    claimed = OutboxEmail.objects.filter(
        pk=email_id, status=OutboxStatus.PENDING
    ).update(
        status=OutboxStatus.SENDING,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return False  # sent, being sent, failed for good, or gone
    email = OutboxEmail.objects.get(pk=email_id)
    try:
        send_mail(email.subject, email.body, None, email.recipients)
    except Exception as error:  # SMTP down, refused, timed out: retried later
        _record_failure(email, error)
        return False
    OutboxEmail.objects.filter(pk=email_id).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def _record_failure(email: OutboxEmail, error: Exception) -> None:
    now = timezone.now()
    failed = email.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    OutboxEmail.objects.filter(pk=email.pk).update(
        status=OutboxStatus.FAILED if failed else OutboxStatus.PENDING,
        next_attempt_at=now + _retry_delay(email.attempts),
        last_error=repr(error)[:2000],
    )
    if failed:
        logger.error(
            "Outbox email %s failed %s times; giving up: %r",
            email.pk,
            email.attempts,
            error,
        )
    else:
        logger.warning(
            "Outbox email %s not sent (attempt %s), retrying later: %r",
            email.pk,
            email.attempts,
            error,
        )


def sweep_outbox(*, now: datetime | None = None, limit: int = 500) -> int:
    """Beat: send what the on-commit task did not (broker down, send failed).

    Rows younger than `OUTBOX_GRACE_SECONDS` are left to their own task. Returns
    how many emails this sweep sent.
    """
    now = now or timezone.now()
    stale = OutboxEmail.objects.filter(
        status=OutboxStatus.SENDING,
        claimed_at__lt=now - timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT_SECONDS),
    ).update(status=OutboxStatus.PENDING)
    if stale:
        logger.warning("Outbox: %s emails claimed long ago are retried", stale)
    due = OutboxEmail.objects.filter(
        status=OutboxStatus.PENDING,
        created_at__lte=now - timedelta(seconds=settings.OUTBOX_GRACE_SECONDS),
        next_attempt_at__lte=now,
    ).order_by("pk")
    sent = sum(
        deliver(email_id=pk) for pk in list(due.values_list("pk", flat=True)[:limit])
    )
    # Sent mail is kept a while for support, not for ever (it holds personal data).
    OutboxEmail.objects.filter(
        status=OutboxStatus.SENT,
        sent_at__lt=now - timedelta(days=settings.OUTBOX_KEEP_DAYS),
    ).delete()
    return sent


# --- The portal's emails ----------------------------------------------------------


def forget_recipient(*, email: str) -> int:
    """A deleted account's address leaves the outbox: rows only to it are deleted,
    shared ones (a team email) lose it. Returns how many rows were touched."""
    if not email:
        return 0
    touched = 0
    wanted = email.casefold()
    for row in addressed_to(email):
        rest = [r for r in row.recipients if r.casefold() != wanted]
        if rest:
            OutboxEmail.objects.filter(pk=row.pk).update(recipients=rest)
        else:
            OutboxEmail.objects.filter(pk=row.pk).delete()
        touched += 1
    return touched


def role_rejected(*, role) -> list[OutboxEmail]:
    """Tell the company's team why staff sent the role back."""

    if not role.rejection_reason:
        return []
    return notify_each(
        template="jobs/email/role_rejected.txt",
        subject=_("Your role “%(title)s” needs changes"),
        subject_params={"title": role.title},
        recipients=team_emails(role.company),
        context={"role": role},
    )


def company_rejected(*, company) -> list[OutboxEmail]:

    if not company.rejection_reason:
        return []
    return notify_each(
        template="jobs/email/company_rejected.txt",
        subject=_("Your company page needs changes before verification"),
        recipients=team_emails(company),
        context={"company": company},
    )


def team_invitation(*, invitation) -> OutboxEmail | None:
    if invitation.accepted_at is not None:
        return None
    # The invitee may have no account yet: they get the inviter's language.
    inviter = invitation.invited_by
    return _first(
        notify_each(
            template="jobs/email/invitation.txt",
            subject=_("Join %(company)s on K-Talent Portal"),
            subject_params={"company": invitation.company.name},
            recipients=[invitation.email],
            context={"invitation": invitation},
            fallback_language=inviter.preferred_language if inviter else "",
        )
    )


def stage_changed(*, event) -> OutboxEmail | None:
    """Tell the candidate their application moved to a new stage."""

    application = event.application
    if application.candidate is None:
        return None
    role = application.role
    return _first(
        notify_each(
            template="jobs/email/stage_changed.txt",
            subject=_("Your application for %(title)s: %(stage)s"),
            # The label stays lazy: translated in the email's language, not the
            # employer's.
            subject_params={"title": role.title, "stage": Stage(event.to_stage).label},
            recipients=[application.candidate.email],
            context={"event": event, "role": role},
        )
    )


def role_expiring(*, role) -> list[OutboxEmail]:

    return notify_each(
        template="jobs/email/role_expiring.txt",
        subject=_("Your role “%(title)s” closes on %(date)s"),
        # The date is formatted in each reader's language (`_Date`).
        subject_params={"title": role.title, "date": _Date(role.valid_until)},
        recipients=team_emails(role.company),
        context={"role": role},
    )


def apply_invitation(*, invitation) -> OutboxEmail | None:
    """An employer's invitation to apply, to the candidate."""
    return _first(
        notify_each(
            template="jobs/email/apply_invitation.txt",
            subject=_("%(company)s invites you to apply"),
            subject_params={"company": invitation.role.company.name},
            recipients=[invitation.profile.user.email],
            context={"invitation": invitation},
        )
    )


def outlook_changed(*, profile, outcome) -> OutboxEmail | None:
    """The candidate's K-visa outlook became likely or possible (beat sends it)."""
    return _first(
        notify_each(
            template="jobs/email/outlook_changed.txt",
            subject=_("Your K-visa outlook changed"),
            recipients=[profile.user.email],
            context={"profile": profile, "outcome": outcome},
            queue=False,
        )
    )


def saved_search_roles(*, saved, roles) -> OutboxEmail | None:
    """New public roles for a saved search (beat sends it)."""
    return _first(
        notify_each(
            template="jobs/email/saved_search.txt",
            subject=_("New roles for your search “%(name)s”"),
            subject_params={"name": saved.name},
            recipients=[saved.user.email],
            context={"saved": saved, "roles": roles},
            queue=False,
        )
    )


def unread_messages(
    *, conversation, to_candidate: bool, messages, recipients: list[str]
) -> list[OutboxEmail]:
    """New messages in a conversation, to the candidate or to the company's team."""
    role = conversation.role
    return notify_each(
        template="jobs/email/unread_messages.txt",
        subject=_("New messages about %(title)s")
        if to_candidate
        else _("New messages from a candidate about %(title)s"),
        subject_params={"title": role.title},
        recipients=recipients,
        context={
            "role": role,
            "messages": messages,
            "to_candidate": to_candidate,
            "conversation": conversation,
        },
    )


def webhook_disabled(*, endpoint) -> list[OutboxEmail]:
    """A webhook endpoint failed for a day and was turned off: tell the owners."""
    return notify_each(
        template="jobs/email/webhook_disabled.txt",
        subject=_("Your webhook endpoint was turned off"),
        recipients=owner_emails(company_id=endpoint.company_id),
        context={"endpoint": endpoint},
    )
