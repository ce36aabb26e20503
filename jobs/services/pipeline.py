"""Queueing screenings: on a profile change, in sweeps and re-screens, and emails."""

import logging
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import CandidateProfile
from jobs.models import OutcomeChoices, ScreeningChange, ScreeningRun
from jobs.selectors.screening import FLAGGED, pending_profiles
from jobs.services import notifications
from jobs.services.queueing import enqueue_on_commit
from jobs.services.screening import start_run
from jobs.tasks import screen_candidates_task

logger = logging.getLogger(__name__)


def _chunks(ids: list[int], size: int):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def enqueue_screening(profile_id: int) -> None:
    """After the transaction commits, queue one candidate's screening.

    If the broker is down the profile is still saved: the error is logged and
    the next sweep finds the candidate (its profile is newer than its verdict).
    """

    enqueue_on_commit(screen_candidates_task, [profile_id])


def queue_rescreen(
    *,
    kind: ScreeningRun.Kind,
    profile_ids: list[int] | None = None,
    user=None,
) -> ScreeningRun:
    """Queue chunks of screenings and return the run that tracks their progress.

    Kind ALL re-screens everyone, STALE and SWEEP only pending candidates,
    SELECTED the given ids. (A kind's plain value is accepted and checked: an
    unknown one raises ValueError.)
    """
    kind = ScreeningRun.Kind(kind)

    if profile_ids is None:
        queryset = (
            CandidateProfile.objects.all()
            if kind == ScreeningRun.Kind.ALL
            else pending_profiles()
        )
        profile_ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    chunks = list(_chunks(profile_ids, settings.SCREENING_CHUNK_SIZE))
    run = start_run(
        kind=kind,
        profile_ids=profile_ids,
        user=user,
        chunk_sizes=[len(chunk) for chunk in chunks],
    )
    if not profile_ids:
        # Recorded anyway, so "last sweep" shows that the sweep ran.
        ScreeningRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
        run.refresh_from_db()
        return run
    for index, chunk in enumerate(chunks):
        # A chunk the broker refused is still pending: the next sweep queues it.
        enqueue_on_commit(screen_candidates_task, chunk, run_id=run.pk, chunk=index)
    return run


def send_outlook_emails() -> int:
    """Email each candidate whose outlook became likely or possible, batched.

    One email covers all of a candidate's unsent changes, and nobody gets more
    than one a day: changes for someone emailed in the last 24 hours wait.
    Returns how many emails were sent.
    """
    now = timezone.now()
    recently_emailed = set(
        ScreeningChange.objects.filter(
            notified_at__gte=now - timedelta(days=1)
        ).values_list("profile_id", flat=True)
    )
    due = (
        ScreeningChange.objects.filter(notified_at__isnull=True)
        .exclude(profile_id__in=recently_emailed)
        .select_related("profile__user", "profile__screening")
        .order_by("profile_id", "changed_at")
    )
    by_profile: dict[int, list[ScreeningChange]] = defaultdict(list)
    for change in due:
        by_profile[change.profile_id].append(change)
    sent = 0
    for changes in by_profile.values():
        profile = changes[0].profile
        current = getattr(profile, "screening", None)
        ids = [c.pk for c in changes]
        # Only a current flagged outlook is news; other changes are just marked seen.
        email = None
        # The email and the "notified" marks commit together.
        with transaction.atomic():
            if current is not None and current.outcome in FLAGGED:
                email = notifications.outlook_changed(
                    profile=profile, outcome=OutcomeChoices(current.outcome).label
                )
            ScreeningChange.objects.filter(pk__in=ids).update(notified_at=now)
        if email is not None:
            notifications.deliver(email_id=email.pk)
            sent += 1
    return sent
