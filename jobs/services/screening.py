"""Stored screenings: screen candidates in bulk, record re-screen runs and progress.

The rules themselves are the pure engine in `jobs/engines/screening/`; this module only
reads profiles, calls the engine and writes verdicts, in a constant number of
queries per batch whatever its size.
"""

import json
import logging
from collections import namedtuple
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import CandidateProfile, Education, Position
from accounts.selectors import rows_by_profile
from jobs.engines.screening.engine import facts_fingerprint, screen
from jobs.engines.screening.jsonl import result_to_json
from jobs.models import (
    Screening,
    ScreeningChange,
    ScreeningRun,
    ScreeningRunChunk,
)
from jobs.selectors.engine_inputs import candidate_facts
from jobs.selectors.rules import current_rules
from jobs.services.page_versions import touch_profiles

logger = logging.getLogger(__name__)


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


# A chunk's degrees and positions as plain rows (accounts.selectors.rows_by_profile)
# with the models' field names, which is all candidate_facts reads; measured, the
# gain over model instances on a computed chunk is within the noise.
_EducationRow = namedtuple("_EducationRow", EDUCATION_FIELDS)  # type: ignore[misc]
_PositionRow = namedtuple("_PositionRow", POSITION_FIELDS)  # type: ignore[misc]


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
    )
    found = [profile.pk for profile in profiles]
    education = rows_by_profile(
        Education, profile_ids=found, fields=EDUCATION_FIELDS, row=_EducationRow
    )
    positions = rows_by_profile(
        Position, profile_ids=found, fields=POSITION_FIELDS, row=_PositionRow
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
            education=education[profile.pk],
            positions=positions[profile.pk],
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
                outcome_since=(
                    before.outcome_since
                    if before is not None and not outcome_changed
                    else now
                ),
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
        upsert_verdicts(verdicts=verdicts)
        ScreeningChange.objects.bulk_create(
            changes, batch_size=500, ignore_conflicts=True
        )
        if unchanged:
            Screening.objects.filter(profile_id__in=unchanged).update(checked_at=now)
        # The signed-in pages that show these verdicts (jobs/web/page_cache.py).
        touch_profiles(profile_ids=[v.profile_id for v in verdicts])
    return ScreenReport(
        screened=len(verdicts),
        unchanged=len(unchanged),
        missing=len(set(profile_ids) - {p.pk for p in profiles}),
        changed_outcome=len(changes),
    )


# What an upsert writes of a verdict, besides its profile.
_VERDICT_FIELDS = (
    "outcome",
    "result",
    "failed_rules",
    "rules_version",
    "facts_hash",
    "screened_at",
    "checked_at",
    "outcome_since",
)
_WRITE_BATCH = 500


def upsert_verdicts(*, verdicts: list[Screening]) -> None:
    """Store these verdicts, one row per profile: inserted, or the stored one's
    `_VERDICT_FIELDS` replaced. In profile order, so two workers writing the same
    rows lock them in the same order.

    On PostgreSQL one INSERT … SELECT FROM jsonb_to_recordset(…) … ON CONFLICT per
    `_WRITE_BATCH` verdicts, the rows sent as one JSON text that `json.dumps`
    encodes in C (the record's column types are the model fields' own). Django's
    `bulk_create` sends each column as an array, which psycopg builds in Python,
    escaping every result document (about 2 KB) with a regular expression: 83 ms
    of the 236 ms of CPU a computed chunk of 500 took. Elsewhere `bulk_create`."""
    ordered = sorted(verdicts, key=lambda verdict: verdict.profile_id)
    if connection.vendor != "postgresql":
        Screening.objects.bulk_create(
            ordered,
            batch_size=_WRITE_BATCH,
            update_conflicts=True,
            unique_fields=["profile"],
            update_fields=list(_VERDICT_FIELDS),
        )
        return
    concrete = {field.name: field for field in Screening._meta.concrete_fields}
    replaced = [concrete[name] for name in _VERDICT_FIELDS]
    written = [concrete["profile"], *replaced]
    columns = ", ".join(str(field.column) for field in written)
    record = ", ".join(f"{f.column} {f.db_type(connection)}" for f in written)
    updates = ", ".join(f"{f.column} = excluded.{f.column}" for f in replaced)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(Screening._meta.db_table)} "
        f"({columns}) SELECT {columns} FROM jsonb_to_recordset(%s::jsonb) "
        f"AS t({record}) ORDER BY profile_id "
        f"ON CONFLICT (profile_id) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), _WRITE_BATCH):
            rows = [
                {f.column: getattr(verdict, f.attname) for f in written}
                for verdict in ordered[start : start + _WRITE_BATCH]
            ]
            cursor.execute(sql, [json.dumps(rows, default=_timestamp)])


def _timestamp(value: object) -> str:
    """A verdict's datetimes in the JSON text, to the microsecond (Django's JSON
    encoder keeps milliseconds only)."""
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def start_run(
    *,
    kind: ScreeningRun.Kind,
    profile_ids: list[int],
    user=None,
    chunk_sizes: Sequence[int] = (),
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


def screening_for(profile: CandidateProfile) -> Screening:
    """The stored verdict, screening the candidate now if none is stored yet."""
    screening = Screening.objects.filter(profile=profile).first()
    if screening is None:
        screen_candidates(profile_ids=[profile.pk])
        screening = Screening.objects.get(profile=profile)
    return screening
