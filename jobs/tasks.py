"""Celery tasks: thin wrappers that take ids and call the screening services.

Every task is idempotent, so late acknowledgement (settings) is safe: a task
redelivered after its worker died does the same work again, no more.
"""

import logging
import time

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.conf import settings
from django.db import DatabaseError
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

# Database and broker hiccups are worth retrying; anything else is a bug to see.
RETRY = {
    "autoretry_for": (DatabaseError, BrokerError, ConnectionError),
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 10,
}


@shared_task(base=DjangoTask, **RETRY)
def screen_candidates_task(profile_ids: list[int], run_id: int | None = None) -> dict:
    """Screen a chunk of candidates; count them towards a run's progress."""
    from jobs.screenings import record_progress, screen_candidates

    if settings.SCREENING_TEST_DELAY:
        time.sleep(settings.SCREENING_TEST_DELAY * len(profile_ids))
    report = screen_candidates(profile_ids=profile_ids)
    if run_id is not None:
        record_progress(run_id=run_id, count=len(profile_ids))
    return {"screened": report.screened, "unchanged": report.unchanged}


@shared_task(base=DjangoTask, **RETRY)
def sweep_task() -> int:
    """Beat: queue everyone never screened, screened under older rules, or stale."""
    from jobs.pipeline import queue_rescreen

    return queue_rescreen(kind="sweep").total


@shared_task(base=DjangoTask, **RETRY)
def send_outlook_emails_task() -> int:
    """Beat: tell candidates whose outlook became likely or possible (daily at most)."""
    from jobs.pipeline import send_outlook_emails

    return send_outlook_emails()
