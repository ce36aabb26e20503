"""Screening reads: who is pending, the totals for staff, a work-permit estimate."""

from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from accounts.models import CandidateProfile
from jobs.engines.screening.engine import (
    estimate_work_permit,
    facts_fingerprint,
    screen,
)
from jobs.engines.screening.facts import Offer
from jobs.engines.screening.jsonl import result_to_json, work_permit_to_json
from jobs.models import (
    OutcomeChoices,
    Screening,
    ScreeningRun,
    VisaCheckTally,
)
from jobs.selectors.engine_inputs import answers_facts, candidate_facts
from jobs.selectors.rules import current_rules
from portal.formatting import iso_timestamp

FLAGGED = {OutcomeChoices.LIKELY, OutcomeChoices.POSSIBLE}


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
        "last_sweep": iso_timestamp(last_sweep) if last_sweep else None,
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


# How long an estimate is kept unused. Its key changes with everything it
# depends on, so this bounds only the memory, never how stale it can be.
ESTIMATE_CACHE_SECONDS = 24 * 3600


def work_permits(
    *, pairs: Sequence[tuple[CandidateProfile, Offer]], rules=None, as_of=None
) -> list[dict]:
    """The work-permit estimate (the extended `work_permit` shape) of each
    (profile, offer) pair, in order; computed once and cached.

    The key is the candidate's facts with the offer (`facts_fingerprint`), the
    rules version and the date: a change to the profile (its degrees, posts,
    HSK …), the role's pay, city or sponsorship, or the rules gives a new key,
    so the next page shows it. Only the work permit is estimated (never the K
    visa: its verdict is the stored `Screening`). The profiles' education and
    positions should be prefetched; one cache round trip for all the pairs.
    """
    if not pairs:
        return []
    rules = rules or current_rules()
    as_of = as_of or timezone.localdate()
    cache = caches["pages"]
    prefix = f"wp:{rules.version}:{as_of.isoformat()}:"
    facts = [candidate_facts(profile, as_of=as_of) for profile, _offer in pairs]
    keys = [
        prefix + facts_fingerprint(candidate, offer)
        for candidate, (_profile, offer) in zip(facts, pairs, strict=True)
    ]
    found = cache.get_many(keys)
    missing = {}
    for key, candidate, (_profile, offer) in zip(keys, facts, pairs, strict=True):
        if key not in found and key not in missing:
            missing[key] = work_permit_to_json(
                estimate_work_permit(
                    candidate,
                    config=rules.config,
                    institutions=rules.institutions,
                    as_of=as_of,
                    offer=offer,
                )
            )
    if missing:
        cache.set_many(missing, ESTIMATE_CACHE_SECONDS)
    return [found.get(key) or missing[key] for key in keys]


def check_outlook(*, answers: dict, as_of=None) -> dict:
    """The K-visa answer for the public check's answers (nothing read or written
    about a person): the same engine and result shape as a stored verdict."""
    rules = current_rules()
    candidate, _as_of = answers_facts(answers)
    as_of = as_of or timezone.localdate()
    result = screen(
        candidate, config=rules.config, institutions=rules.institutions, as_of=as_of
    )
    return result_to_json("check", result, extended=True)


def check_tallies(*, days: int = 30) -> dict:
    """The public check's counts for staff: by outcome over the last `days` days,
    and today's total (anonymous counts; nothing else is kept)."""
    today = timezone.localdate()
    rows = (
        VisaCheckTally.objects.filter(day__gt=today - timedelta(days=days))
        .values_list("outcome")
        .annotate(n=Sum("count"))
        .order_by()
    )
    by_outcome = dict(rows)
    return {
        "days": days,
        "total": sum(by_outcome.values()),
        "today": VisaCheckTally.objects.filter(day=today).aggregate(n=Sum("count"))["n"]
        or 0,
        "by_outcome": {c.value: by_outcome.get(c.value, 0) for c in OutcomeChoices},
    }
