"""Queueing Celery tasks without ever failing the user's request.

A user action (a stage change, an invitation, a profile save) has already been
committed when its follow-up task is queued. If the broker is down at that
moment, raising would answer 500 for work that was in fact saved. Every such task
has a safety net that finds the work later (the outbox sweep for emails, the
screening sweep for screenings, the periodic match refresh), so a broker error
is logged and swallowed here. Use these helpers instead of `delay_on_commit`.
"""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

# What publishing raises when Redis is unreachable: kombu wraps most errors in
# OperationalError; a socket failing mid-publish can surface as OSError.
BROKER_ERRORS = (BrokerError, ConnectionError, OSError, TimeoutError)


def enqueue(task, *args, countdown: int | None = None, **kwargs) -> bool:
    """Queue `task(*args, **kwargs)` now (to run `countdown` seconds later, if
    given); False (logged) when the broker is down."""
    try:
        task.apply_async(args=args, kwargs=kwargs, countdown=countdown)
    except BROKER_ERRORS:
        logger.warning(
            "Could not queue %s%r: broker unavailable; a sweep will catch up",
            task.name,
            args,
            exc_info=True,
        )
        return False
    except Exception:
        if not task.app.conf.task_always_eager:
            raise
        # Eager (no Redis): the task ran here, after the user's change committed.
        # A worker's failure would not reach the user either; log it as one.
        logger.exception("Task %s%r failed", task.name, args)
        return False
    return True


def enqueue_on_commit(
    task, *args, using: str | None = None, countdown: int | None = None, **kwargs
) -> None:
    """Queue the task once the current transaction commits (at once outside one).

    Nothing is queued if the transaction rolls back, and a broker error after
    the commit is logged, never raised to the user.
    """

    def send() -> None:
        enqueue(task, *args, countdown=countdown, **kwargs)

    # Named after the task, for logs and for tests that inspect the callbacks.
    send.__qualname__ = f"enqueue_on_commit[{task.name}]"
    transaction.on_commit(send, using=using)
