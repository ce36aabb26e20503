"""The screening pipeline on the embedded default (eager Celery)."""

import datetime
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import CandidateProfile
from jobs.models import Screening, ScreeningChange, ScreeningRun
from jobs.selectors.screening import pending_profiles, screening_totals
from jobs.services.pipeline import queue_rescreen, send_outlook_emails
from jobs.services.screening import screen_candidates
from tests.factories import CandidateProfileFactory, EducationFactory

pytestmark = pytest.mark.django_db


def _likely_profile(**kwargs):
    profile = CandidateProfileFactory(
        date_of_birth=datetime.date(1997, 5, 10), **kwargs
    )
    EducationFactory(profile=profile)  # MSc Computer Science, ETH Zurich, 2022
    return profile


def test_saving_a_profile_screens_it_after_commit(
    client, django_capture_on_commit_callbacks
):
    profile = CandidateProfileFactory(date_of_birth=None)
    EducationFactory(profile=profile)
    client.force_login(profile.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:profile_section", args=["personal"]),
            {"given_name": "Ada", "family_name": "L", "date_of_birth": "1997-05-10"},
        )
    screening = Screening.objects.get(profile=profile)
    assert screening.outcome == "likely"
    assert screening.result["k_visa"]["reasons"][0]["rule"] == "K-AGE"


def test_unchanged_facts_are_not_screened_again():
    profile = _likely_profile()
    first = screen_candidates(profile_ids=[profile.pk])
    assert first.screened == 1
    before = Screening.objects.get(profile=profile)
    again = screen_candidates(profile_ids=[profile.pk])
    assert again.screened == 0
    assert again.unchanged == 1
    after = Screening.objects.get(profile=profile)
    assert after.screened_at == before.screened_at
    assert after.checked_at >= before.checked_at


def test_a_change_of_outcome_is_recorded_once_with_its_date():
    profile = _likely_profile()
    screen_candidates(profile_ids=[profile.pk])
    profile.date_of_birth = datetime.date(1979, 1, 1)  # 47: over the reported cap
    profile.save()
    screen_candidates(profile_ids=[profile.pk])
    screen_candidates(profile_ids=[profile.pk], force=True)
    changes = list(
        ScreeningChange.objects.filter(profile=profile).order_by("changed_at")
    )
    assert [(c.from_outcome, c.to_outcome) for c in changes] == [
        ("", "likely"),
        ("likely", "doubtful"),
    ]
    assert (
        Screening.objects.get(profile=profile).outcome_since == changes[-1].changed_at
    )


def test_screening_a_chunk_takes_a_constant_number_of_queries():
    warm = _likely_profile().pk
    small = [_likely_profile().pk for _ in range(3)]
    large = [_likely_profile().pk for _ in range(40)]
    screen_candidates(profile_ids=[warm])  # warm the rules cache
    with CaptureQueriesContext(connection) as few:
        screen_candidates(profile_ids=small)
    with CaptureQueriesContext(connection) as many:
        screen_candidates(profile_ids=large)
    assert len(many) == len(few)


def test_pending_finds_never_screened_stale_old_and_changed_candidates():
    never = _likely_profile()
    fresh, old_rules, old_check, changed = (_likely_profile() for _ in range(4))
    screen_candidates(profile_ids=[fresh.pk, old_rules.pk, old_check.pk, changed.pk])
    Screening.objects.filter(profile=old_rules).update(rules_version="0-old")
    Screening.objects.filter(profile=old_check).update(
        checked_at=timezone.now() - datetime.timedelta(days=30)
    )
    CandidateProfile.objects.filter(pk=changed.pk).update(
        updated_at=timezone.now() + datetime.timedelta(seconds=5)
    )
    pending = set(pending_profiles().values_list("pk", flat=True))
    assert pending == {never.pk, old_rules.pk, old_check.pk, changed.pk}


def test_sweep_screens_pending_in_chunks_and_records_the_run(
    settings, django_capture_on_commit_callbacks
):
    from jobs.tasks import sweep_task

    settings.SCREENING_CHUNK_SIZE = 2
    profiles = [_likely_profile() for _ in range(5)]
    screen_candidates(profile_ids=[profiles[0].pk])  # already current: not queued
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert sweep_task.delay().get() == 4
    chunks = [
        cb
        for cb in callbacks
        if "screen_candidates_task" in getattr(cb, "__qualname__", "")
    ]
    assert len(chunks) == 2  # 4 pending candidates in chunks of 2
    run = ScreeningRun.objects.get(kind="sweep")
    assert (run.total, run.done) == (4, 4)
    assert run.finished_at is not None
    assert Screening.objects.count() == 5
    assert not pending_profiles().exists()


def test_rescreen_all_reports_progress(django_capture_on_commit_callbacks):
    for _ in range(3):
        _likely_profile()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rescreen", "--all", "--no-wait", stdout=out)
    assert "Queued 3 candidates (all)" in out.getvalue()
    run = ScreeningRun.objects.get()
    assert run.done == 3
    assert run.finished_at is not None
    assert Screening.objects.count() == 3


def test_screening_status_json_counts_everything(django_capture_on_commit_callbacks):
    _likely_profile()
    CandidateProfileFactory(date_of_birth=None)  # no degree: unknown
    with django_capture_on_commit_callbacks(execute=True):
        queue_rescreen(kind="all")
    out = StringIO()
    call_command("screening_status", "--json", stdout=out)
    totals = json.loads(out.getvalue())
    assert totals["candidates"] == 2
    assert totals["screened"] == 2
    assert totals["pending"] == 0
    assert totals["by_outcome"]["likely"] == 1
    assert totals["by_outcome"]["unknown"] == 1
    assert totals == screening_totals()


def test_seeker_is_emailed_once_a_day_when_flagged():
    profile = _likely_profile()
    screen_candidates(profile_ids=[profile.pk])
    assert send_outlook_emails() == 1
    assert mail.outbox[0].to == [profile.user.email]
    assert "Likely eligible" in mail.outbox[0].body
    # A new change the same day waits for tomorrow.
    profile.date_of_birth = datetime.date(1988, 1, 1)  # 38: possible
    profile.save()
    screen_candidates(profile_ids=[profile.pk])
    assert send_outlook_emails() == 0
    ScreeningChange.objects.filter(notified_at__isnull=False).update(
        notified_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert send_outlook_emails() == 1
    assert "Possibly eligible" in mail.outbox[1].body


def test_unflagged_changes_send_no_email():
    profile = CandidateProfileFactory(date_of_birth=None)
    screen_candidates(profile_ids=[profile.pk])
    assert send_outlook_emails() == 0
    assert ScreeningChange.objects.get(profile=profile).notified_at is not None


def test_visa_outlook_page_shows_reasons_and_work_permit(client):
    profile = _likely_profile()
    client.force_login(profile.user)
    response = client.get(
        reverse("jobs:visa_outlook"),
        {
            "salary_cny_annual": "900000",
            "city": "Shanghai",
            "months_per_year_in_china": "12",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Likely eligible" in body
    for rule in ("K-AGE", "K-DEGREE", "K-FIELD", "K-INSTITUTION", "WP-A", "WP-B"):
        assert rule in body
    assert "published by Chinese embassies and consulates" in body
    assert response.context["estimate"]["work_permit"]["category"] in {"A", "B"}


def test_visa_outlook_is_for_seekers_only(client):
    from tests.factories import EmployerFactory

    client.force_login(EmployerFactory())
    assert client.get(reverse("jobs:visa_outlook")).status_code == 403


def test_a_redelivered_chunk_is_not_counted_twice(
    settings, django_capture_on_commit_callbacks
):
    """A chunk whose worker died after counting it, before acknowledging it, runs
    again: the run's progress must still say done only when every chunk is."""
    from jobs.services.pipeline import queue_rescreen
    from jobs.tasks import screen_candidates_task

    settings.SCREENING_CHUNK_SIZE = 2
    ids = [_likely_profile().pk for _ in range(3)]
    run = queue_rescreen(kind="all")  # not committed: nothing queued yet
    assert list(run.chunks.order_by("index").values_list("index", "size")) == [
        (0, 2),
        (1, 1),
    ]
    # The first chunk finishes, then is redelivered and runs a second time.
    screen_candidates_task.delay(ids[:2], run_id=run.pk, chunk=0)
    screen_candidates_task.delay(ids[:2], run_id=run.pk, chunk=0)
    run.refresh_from_db()
    assert (run.total, run.done) == (3, 2)
    assert run.finished_at is None  # the last candidate has no verdict yet
    screen_candidates_task.delay(ids[2:], run_id=run.pk, chunk=1)
    run.refresh_from_db()
    assert (run.total, run.done) == (3, 3)
    assert run.finished_at is not None


def test_a_chunk_queued_before_chunks_were_recorded_still_counts():
    from jobs.services.screening import start_run
    from jobs.tasks import screen_candidates_task

    ids = [_likely_profile().pk for _ in range(2)]
    run = start_run(kind="all", profile_ids=ids)
    screen_candidates_task.delay(ids, run_id=run.pk)  # an old message: no chunk
    run.refresh_from_db()
    assert (run.total, run.done) == (2, 2)


def test_a_profile_with_a_degree_but_no_post_is_read_as_no_post():
    """SCREENING.md: a missing list means none listed (the form cannot say
    "unknown"); only a profile that lists nothing at all is "not enough
    information"."""
    empty = CandidateProfileFactory(date_of_birth=datetime.date(1997, 5, 10))
    mba = CandidateProfileFactory(date_of_birth=datetime.date(1997, 5, 10))
    EducationFactory(
        profile=mba, field="Business Administration", institution="Harvard University"
    )
    screen_candidates(profile_ids=[empty.pk, mba.pk])
    assert Screening.objects.get(profile=empty).outcome == "unknown"
    assert Screening.objects.get(profile=mba).outcome == "unlikely"
