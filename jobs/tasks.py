"""Celery tasks: thin wrappers that take ids and call the services.

Task names (`jobs.tasks.<function>`) are what beat and queued messages carry:
never rename one. Tasks import the services inside their bodies (the services
import this module at their top, to queue), and queue follow-up work through
`jobs.services.queueing`, the one broker-safe way to enqueue.

Every task is idempotent, so late acknowledgement (settings) is safe: a task
redelivered after its worker died does the same work again, no more.
"""

import logging
import time
from collections.abc import Callable

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.conf import settings
from django.db import DatabaseError
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)


def retrying_task[**P, R](fun: Callable[P, R]) -> DjangoTask[P, R]:
    """`shared_task(base=DjangoTask)` with the one retry policy of every task.

    Celery names the task from `fun`'s module and name, so every task is still
    `jobs.tasks.<function>`. Spelling the options out as keywords (rather than a
    `**dict`) lets mypy pick celery-types' `base=` overload, and the return type
    keeps each task's signature for `delay_on_commit` and `enqueue` callers.
    """
    # Database and broker hiccups are worth retrying; anything else is a bug to see.
    return shared_task(
        base=DjangoTask,
        autoretry_for=(DatabaseError, BrokerError, ConnectionError),
        retry_backoff=2,
        retry_backoff_max=300,
        retry_jitter=True,
        max_retries=10,
    )(fun)


@retrying_task
def screen_candidates_task(
    profile_ids: list[int], run_id: int | None = None, chunk: int | None = None
) -> dict:
    """Screen a chunk of candidates; count chunk number `chunk` of a run as done."""
    from jobs.services.screening import record_progress, screen_candidates

    if settings.SCREENING_TEST_DELAY:
        time.sleep(settings.SCREENING_TEST_DELAY * len(profile_ids))
    from jobs.services.matching import rebuild_cards
    from jobs.services.queueing import enqueue_on_commit

    report = screen_candidates(profile_ids=profile_ids)
    # Skills, cities and salary are not screening facts but matching reads them:
    # the card is rebuilt whether or not the verdict changed, and only the
    # candidates whose card changed are matched again (matching reads nothing
    # else of theirs), so a sweep that changes nothing queues no matching.
    changed = rebuild_cards(profile_ids=profile_ids).changed_ids
    if changed:
        enqueue_on_commit(refresh_candidate_matches_task, changed)
    if run_id is not None:
        record_progress(run_id=run_id, count=len(profile_ids), chunk=chunk)
    return {"screened": report.screened, "unchanged": report.unchanged}


@retrying_task
def sweep_task() -> int:
    """Beat: queue everyone never screened, screened under older rules, or stale."""
    from jobs.models import ScreeningRun
    from jobs.services.pipeline import queue_rescreen

    return queue_rescreen(kind=ScreeningRun.Kind.SWEEP).total


@retrying_task
def send_outlook_emails_task() -> int:
    """Beat: tell candidates whose outlook became likely or possible (daily at most)."""
    from jobs.services.pipeline import send_outlook_emails

    return send_outlook_emails()


# --- Emails ------------------------------------------------------------------------
# Every email goes through `jobs.services.notifications` (the outbox). The per-message tasks
# below are kept by name for messages already queued and beat schedules: each
# looks its row up and writes the outbox email (a row deleted meanwhile means
# there is nothing to send).


@retrying_task
def send_outbox_email_task(email_id: int) -> bool:
    """Send one outbox row (queued on commit); a no-op if it was sent already."""
    from jobs.services.notifications import deliver

    return deliver(email_id=email_id)


@retrying_task
def send_due_emails_task() -> int:
    """Beat: send outbox rows still pending (broker was down, or sending failed)."""
    from jobs.services.notifications import sweep_outbox

    return sweep_outbox()


def _written(email) -> int:
    """How many outbox rows a builder wrote (a team email: one per language)."""
    if isinstance(email, list):
        return len(email)
    return 0 if email is None else 1


@retrying_task
def send_role_rejected_email_task(role_id: int) -> int:
    """Tell the role's author and the company owners why staff sent it back."""
    from jobs.models import Role
    from jobs.services import notifications

    role = Role.objects.select_related("company").filter(pk=role_id).first()
    return _written(role and notifications.role_rejected(role=role))


@retrying_task
def send_company_rejected_email_task(company_id: int) -> int:
    from jobs.models import Company
    from jobs.services import notifications

    company = Company.objects.filter(pk=company_id).first()
    return _written(company and notifications.company_rejected(company=company))


@retrying_task
def send_invitation_email_task(invitation_id: int) -> int:
    from jobs.models import Invitation
    from jobs.services import notifications

    invitation = (
        Invitation.objects.select_related("company", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    return _written(invitation and notifications.team_invitation(invitation=invitation))


@retrying_task
def send_stage_email_task(event_id: int) -> int:
    """Tell the candidate their application moved to a new stage."""
    from jobs.models import ApplicationEvent
    from jobs.services import notifications

    event = (
        ApplicationEvent.objects.select_related(
            "application__role__company", "application__candidate"
        )
        .filter(pk=event_id)
        .first()
    )
    return _written(event and notifications.stage_changed(event=event))


@retrying_task
def send_expiry_warning_task(role_id: int) -> int:
    from jobs.models import Role
    from jobs.services import notifications

    role = Role.objects.select_related("company").filter(pk=role_id).first()
    return _written(role and notifications.role_expiring(role=role))


@retrying_task
def expire_roles_task() -> int:
    """Beat: expire published roles past their validity date (range query)."""
    from django.utils import timezone

    from jobs.services.roles import expire_roles

    return expire_roles(today=timezone.localdate())


@retrying_task
def warn_expiring_roles_task() -> int:
    """Beat: warn companies three days before a role expires, once per role."""
    from django.utils import timezone

    from jobs.services.roles import warn_expiring_roles

    return warn_expiring_roles(today=timezone.localdate())


@retrying_task
def send_saved_search_emails_task() -> int:
    """Beat (daily): new public roles for each saved search."""
    from jobs.services.saved import send_saved_search_emails

    return send_saved_search_emails()


@retrying_task
def refresh_candidate_matches_task(profile_ids: list[int]) -> None:
    """Merge a batch of candidates into the open roles' best lists, and theirs; a
    batch over MATCH_SHARD_SIZE is split into tasks by id range instead."""
    from jobs.services.matching import (
        queue_candidate_matches,
        refresh_candidate_matches,
    )

    if len(profile_ids) > settings.MATCH_SHARD_SIZE:
        queue_candidate_matches(profile_ids=profile_ids)
        return
    refresh_candidate_matches(profile_ids=profile_ids)


@retrying_task
def refresh_role_matches_task(role_id: int, for_candidates: bool = False) -> int:
    """Recompute one role's best candidates in full (and, for a role just
    published or edited, merge it into the candidates' own best roles)."""
    from jobs.services.matching import refresh_role_matches

    return refresh_role_matches(role_id=role_id, for_candidates=for_candidates)


@retrying_task
def refresh_stale_role_matches_task(all_roles: bool = False) -> int:
    """Beat: queue a full refresh of every open role changed since its last one
    (or of all open roles, nightly, which also trims the incremental lists and
    deletes the rows whose role or profile is gone)."""
    from jobs.models import Role
    from jobs.services.matching import delete_orphan_matches, roles_needing_refresh
    from jobs.services.queueing import enqueue

    if all_roles:
        delete_orphan_matches()
    role_ids = (
        list(Role.objects.public().values_list("pk", flat=True))
        if all_roles
        else roles_needing_refresh()
    )
    for role_id in role_ids:
        # Broker down: logged; the roles stay stale and the next beat finds them.
        enqueue(refresh_role_matches_task, role_id)
    return len(role_ids)


@retrying_task
def send_apply_invitation_email_task(invitation_id: int) -> int:
    """Email a candidate an employer's invitation to apply."""
    from jobs.models import ApplyInvitation
    from jobs.services import notifications

    invitation = (
        ApplyInvitation.objects.select_related("role__company", "profile__user")
        .filter(pk=invitation_id)
        .first()
    )
    return _written(
        invitation and notifications.apply_invitation(invitation=invitation)
    )


@retrying_task
def notify_unread_messages_task(conversation_id: int) -> int:
    """A while after a message: one email per side about what it has not read."""
    from jobs.services.messages import notify_unread_messages

    return notify_unread_messages(conversation_id=conversation_id)


@retrying_task
def notify_all_unread_messages_task() -> int:
    """Beat: the threads whose email task was lost (broker down), emailed now."""
    from jobs.services.messages import notify_all_unread_messages

    return notify_all_unread_messages()


@retrying_task
def send_webhook_task(delivery_id: int) -> bool:
    """Send one webhook delivery (queued on commit); a no-op once delivered,
    while another worker sends it, or before its next attempt is due."""
    from jobs.models import WebhookDelivery
    from jobs.services.webhooks import deliver

    delivery = WebhookDelivery.objects.filter(pk=delivery_id).first()
    return delivery is not None and deliver(delivery=delivery)


@retrying_task
def send_due_webhooks_task() -> int:
    """Beat: queue webhook deliveries whose attempt is overdue (task lost)."""
    from jobs.services.webhooks import sweep_deliveries

    return sweep_deliveries()
