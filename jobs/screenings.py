"""Stored screenings: screen candidates in bulk, find who is pending, report totals.

The rules themselves are the pure engine in `jobs/engines/screening/`; this module only
reads profiles, calls the engine and writes verdicts, in a constant number of
queries per batch whatever its size.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from accounts.models import CandidateProfile, Education, Position
from jobs.candidates import candidate_facts
from jobs.engines.screening.engine import facts_fingerprint, screen
from jobs.engines.screening.jsonl import result_to_json
from jobs.models import (
    OutcomeChoices,
    Screening,
    ScreeningChange,
    ScreeningRun,
    ScreeningRunChunk,
)
from jobs.rules import current_rules

if TYPE_CHECKING:
    from jobs.engines.screening.facts import Offer

logger = logging.getLogger(__name__)

FLAGGED = {OutcomeChoices.LIKELY, OutcomeChoices.POSSIBLE}

# The columns `candidate_facts` reads: a chunk loads nothing else.
PROFILE_FIELDS = (
    "id",
    "date_of_birth",
    "nationality",
    "hsk_level",
    "former_chinese_national",
    "fortune500_experience",
    "patents",
    "years_working_in_china",
    "talent_programme",
    "major_award",
)
EDUCATION_FIELDS = (
    "id",
    "profile_id",
    "level",
    "field",
    "discipline_code",
    "institution",
    "expected",
    "conferred_date",
    "taught_in_chinese",
)
POSITION_FIELDS = (
    "id",
    "profile_id",
    "title",
    "kind",
    "organisation",
    "field",
    "start_date",
    "end_date",
)


@dataclass(frozen=True)
class ScreenReport:
    screened: int  # verdicts computed and written
    unchanged: int  # facts and rules as before: nothing recomputed
    missing: int  # ids with no profile (deleted since they were queued)
    changed_outcome: int  # history rows written


def screen_candidates(*, profile_ids: list[int], force: bool = False) -> ScreenReport:
    """Screen these candidates and store one current verdict each.

    Idempotent: a candidate whose facts and rules version match the stored verdict
    is only marked as checked (unless `force`). Safe to run twice at once: the
    verdict is one row per profile (upserted) and a change is recorded once.
    Queries: a fixed number per call, not per candidate.
    """
    rules = current_rules()
    now = timezone.now()
    as_of = timezone.localdate()
    # Only the columns the rules read (a field missing here would cost a query per
    # profile, which test_screening_a_chunk_takes_a_constant_number_of_queries
    # catches). In pk order, so two workers upserting the same rows lock them in
    # the same order.
    profiles = list(
        CandidateProfile.objects.filter(pk__in=profile_ids)
        .only(*PROFILE_FIELDS)
        .order_by("pk")
        .prefetch_related(
            Prefetch(
                "education",
                queryset=Education.objects.only(*EDUCATION_FIELDS),
                to_attr="screening_education",
            ),
            Prefetch(
                "positions",
                queryset=Position.objects.only(*POSITION_FIELDS),
                to_attr="screening_positions",
            ),
        )
    )
    # The stored verdicts without their `result` documents: only compared here.
    existing = {
        s.profile_id: s
        for s in Screening.objects.filter(profile_id__in=profile_ids).only(
            "profile_id", "outcome", "rules_version", "facts_hash", "outcome_since"
        )
    }

    verdicts: list[Screening] = []
    changes: list[ScreeningChange] = []
    unchanged: list[int] = []
    for profile in profiles:
        facts = candidate_facts(
            profile,
            as_of=as_of,
            education=profile.screening_education,
            positions=profile.screening_positions,
        )
        # Age moves with the date, so the as-of year and day are part of the facts.
        fingerprint = f"{facts_fingerprint(facts)}:{as_of.isoformat()}"
        before = existing.get(profile.pk)
        if (
            not force
            and before is not None
            and before.facts_hash == fingerprint
            and before.rules_version == rules.version
        ):
            unchanged.append(profile.pk)
            continue
        result = screen(
            facts, config=rules.config, institutions=rules.institutions, as_of=as_of
        )
        outcome = str(result.k_visa.outcome)
        outcome_changed = before is None or before.outcome != outcome
        verdicts.append(
            Screening(
                profile_id=profile.pk,
                outcome=outcome,
                result=result_to_json(str(profile.pk), result, extended=True),
                # A route that is not needed holds nothing back.
                failed_rules=[r.rule for r in result.k_visa.holding_back()],
                rules_version=rules.version,
                facts_hash=fingerprint,
                screened_at=now,
                checked_at=now,
                outcome_since=now if outcome_changed else before.outcome_since,
            )
        )
        if outcome_changed:
            changes.append(
                ScreeningChange(
                    profile_id=profile.pk,
                    from_outcome=before.outcome if before else "",
                    to_outcome=outcome,
                    rules_version=rules.version,
                    facts_hash=fingerprint,
                    changed_at=now,
                )
            )
    with transaction.atomic():
        Screening.objects.bulk_create(
            verdicts,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["profile"],
            update_fields=[
                "outcome",
                "result",
                "failed_rules",
                "rules_version",
                "facts_hash",
                "screened_at",
                "checked_at",
                "outcome_since",
            ],
        )
        ScreeningChange.objects.bulk_create(
            changes, batch_size=500, ignore_conflicts=True
        )
        if unchanged:
            Screening.objects.filter(profile_id__in=unchanged).update(checked_at=now)
    return ScreenReport(
        screened=len(verdicts),
        unchanged=len(unchanged),
        missing=len(set(profile_ids) - {p.pk for p in profiles}),
        changed_outcome=len(changes),
    )


def max_verdict_age() -> timedelta:
    return timedelta(hours=settings.SCREENING_MAX_AGE_HOURS)


def pending_profiles(*, rules_version: str | None = None):
    """Candidates whose verdict is missing, made under other rules, old, or older
    than the last change to their profile (a change whose task was lost)."""
    version = rules_version or current_rules().version
    cutoff = timezone.now() - max_verdict_age()
    return CandidateProfile.objects.filter(
        Q(screening__isnull=True)
        | ~Q(screening__rules_version=version)
        | Q(screening__checked_at__lt=cutoff)
        | Q(updated_at__gt=F("screening__checked_at"))
    )


def start_run(
    *, kind: str, profile_ids: list[int], user=None, chunk_sizes: list[int] = ()
) -> ScreeningRun:
    """Record a run and the chunks it will queue (their sizes, in order)."""
    with transaction.atomic():
        run = ScreeningRun.objects.create(
            kind=kind,
            total=len(profile_ids),
            rules_version=current_rules().version,
            started_by=user if user is not None and user.is_authenticated else None,
        )
        ScreeningRunChunk.objects.bulk_create(
            ScreeningRunChunk(run=run, index=index, size=size)
            for index, size in enumerate(chunk_sizes)
        )
    return run


def record_progress(*, run_id: int, count: int, chunk: int | None = None) -> None:
    """Count a finished chunk towards its run; close the run when all are done.

    A chunk is counted once: the first time its row is marked done. A chunk
    redelivered after its worker was killed runs again (late acknowledgement)
    but finds its row done and adds nothing, so "done" never passes "total".
    `chunk=None` is a message queued before chunks were recorded: counted as is.
    """
    with transaction.atomic():
        if chunk is not None:
            first_time = ScreeningRunChunk.objects.filter(
                run_id=run_id, index=chunk, done_at__isnull=True
            ).update(done_at=timezone.now())
            if not first_time:
                return
        ScreeningRun.objects.filter(pk=run_id).update(done=F("done") + count)
        ScreeningRun.objects.filter(
            pk=run_id, finished_at__isnull=True, done__gte=F("total")
        ).update(finished_at=timezone.now())


def screening_totals() -> dict:
    """Totals for `screening_status`, the admin and the staff dashboard."""
    version = current_rules().version
    candidates = CandidateProfile.objects.count()
    by_outcome = dict(
        Screening.objects.values_list("outcome").annotate(n=Count("pk")).order_by()
    )
    last_sweep = (
        ScreeningRun.objects.filter(kind=ScreeningRun.Kind.SWEEP)
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    running = (
        ScreeningRun.objects.filter(finished_at__isnull=True)
        .order_by("-started_at")
        .first()
    )
    return {
        "candidates": candidates,
        "screened": sum(by_outcome.values()),
        "pending": pending_profiles(rules_version=version).count(),
        "by_outcome": {
            choice.value: by_outcome.get(choice.value, 0) for choice in OutcomeChoices
        },
        "rules_version": version,
        "last_sweep": last_sweep.isoformat() if last_sweep else None,
        "running": (
            {
                "id": running.pk,
                "kind": running.kind,
                "done": running.done,
                "total": running.total,
                "percent": running.progress_percent,
            }
            if running
            else None
        ),
    }


def role_offer(role) -> "Offer":
    """A role's terms as the work-permit rules read them (the guaranteed base pay)."""
    from jobs.engines.screening.facts import Offer

    return Offer(
        salary_cny_annual=role.salary_min,
        city=role.city,
        months_per_year_in_china=role.months_in_china,
        inviting_unit=role.sponsors_work_permit,
    )


def work_permit_estimate(
    *, profile: CandidateProfile, offer, rules=None, as_of=None
) -> dict:
    """The work-permit (and R-visa) estimate for one offer or role, for one candidate.

    Pages that estimate many rows pass `rules` and `as_of` once; the profile's
    education and positions should be prefetched.
    """
    rules = rules or current_rules()
    as_of = as_of or timezone.localdate()
    facts = candidate_facts(profile, as_of=as_of)
    result = screen(
        facts,
        config=rules.config,
        institutions=rules.institutions,
        as_of=as_of,
        offer=offer,
    )
    return result_to_json(str(profile.pk), result, extended=True)


def screening_for(profile: CandidateProfile) -> Screening:
    """The stored verdict, screening the candidate now if none is stored yet."""
    screening = Screening.objects.filter(profile=profile).first()
    if screening is None:
        screen_candidates(profile_ids=[profile.pk])
        screening = Screening.objects.get(profile=profile)
    return screening
