"""`upsert_verdicts`: what it stores is what it was given, on either database
(on PostgreSQL the rows travel as one JSON text through jsonb_to_recordset)."""

import datetime

import pytest

from jobs.models import Screening
from jobs.services.screening import upsert_verdicts
from tests.factories import CandidateProfileFactory

pytestmark = pytest.mark.django_db

# Every column of a verdict but its id and profile, read off the model (not the
# service's own list): a field the upsert left out would fail here.
_FIELDS = tuple(
    field.attname
    for field in Screening._meta.concrete_fields
    if field.name not in ("id", "profile")
)


def _verdict(profile, *, outcome, note, at):
    return Screening(
        profile_id=profile.pk,
        outcome=outcome,
        # Chinese, quotes, a backslash and an emoji: what the JSON text must carry.
        result={
            "k_visa": {"outcome": outcome, "notes": [note, 'say "hi" \\ 🙂']},
            "score": 72.5,
            "nothing": None,
        },
        failed_rules=["K-AGE", "K-DEGREE"] if outcome != "likely" else [],
        rules_version="2026.12-测试",
        facts_hash=f"hash-{note}",
        screened_at=at,
        checked_at=at + datetime.timedelta(microseconds=1),
        outcome_since=at - datetime.timedelta(days=3, microseconds=7),
    )


def _stored(profile) -> dict:
    screening = Screening.objects.get(profile=profile)
    return {name: getattr(screening, name) for name in _FIELDS}


def _given(verdict) -> dict:
    return {name: getattr(verdict, name) for name in _FIELDS}


def test_verdicts_are_stored_as_given_then_replaced_in_place():
    first, second = CandidateProfileFactory(), CandidateProfileFactory()
    at = datetime.datetime(2026, 12, 4, 11, 30, 5, 123456, tzinfo=datetime.UTC)
    # Out of profile order: the function orders them itself.
    given = [
        _verdict(second, outcome="unlikely", note="上海的工程师", at=at),
        _verdict(first, outcome="likely", note="北京", at=at),
    ]
    upsert_verdicts(verdicts=given)
    assert _stored(second) == _given(given[0])
    assert _stored(first) == _given(given[1])
    row_id = Screening.objects.get(profile=first).pk

    later = at + datetime.timedelta(hours=5)
    again = _verdict(first, outcome="possible", note="深圳", at=later)
    upsert_verdicts(verdicts=[again])
    assert _stored(first) == _given(again)
    assert Screening.objects.get(profile=first).pk == row_id  # updated, not added
    assert _stored(second) == _given(given[0])  # the other verdict is untouched
    assert Screening.objects.count() == 2


def test_more_verdicts_than_one_statement_holds_are_all_stored(monkeypatch):
    monkeypatch.setattr("jobs.services.screening._WRITE_BATCH", 2)
    profiles = [CandidateProfileFactory() for _ in range(5)]
    at = datetime.datetime(2026, 12, 4, 8, 0, tzinfo=datetime.UTC)
    upsert_verdicts(
        verdicts=[
            _verdict(p, outcome="likely", note=str(i), at=at)
            for i, p in enumerate(profiles)
        ]
    )
    assert sorted(Screening.objects.values_list("facts_hash", flat=True)) == [
        f"hash-{i}" for i in range(5)
    ]


def test_no_verdicts_write_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        upsert_verdicts(verdicts=[])
