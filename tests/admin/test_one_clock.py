"""One clock: every time a person reads is Beijing time, and every CSV writes
moments as ISO 8601 with the offset and whole seconds."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse

from jobs.models import ScreeningRun
from portal.formatting import iso_timestamp
from tests.factories import (
    ApplicationFactory,
    CandidateProfileFactory,
    MembershipFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db

ISO_BEIJING = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")
# 23:30:05.123456 UTC is 07:30:05 the next day in Beijing.
LATE_UTC = datetime.datetime(2026, 11, 30, 23, 30, 5, 123456, tzinfo=datetime.UTC)


def _csv(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_iso_timestamp_is_beijing_time_without_microseconds():
    assert iso_timestamp(LATE_UTC) == "2026-12-01T07:30:05+08:00"


def test_a_screening_run_is_titled_in_beijing_time():
    run = ScreeningRun.objects.create(kind=ScreeningRun.Kind.ALL, total=0)
    ScreeningRun.objects.filter(pk=run.pk).update(started_at=LATE_UTC)
    run.refresh_from_db()
    assert str(run).endswith("2026-12-01 07:30")


def test_admin_csv_exports_write_iso_times_with_the_offset(staff_client):
    application = ApplicationFactory()
    type(application).objects.filter(pk=application.pk).update(
        applied_at=LATE_UTC, stage_changed_at=LATE_UTC
    )
    for url, columns in [
        (
            reverse("admin:jobs_application_changelist"),
            ["applied_at", "stage_changed_at"],
        ),
        (reverse("admin:jobs_role_changelist"), ["published_at"]),
    ]:
        ids = [str(application.pk if "application" in url else application.role.pk)]
        response = staff_client.post(
            url,
            {"action": "export_csv", "index": "0", "_selected_action": ids},
        )
        (row,) = _csv(response)
        for column in columns:
            assert ISO_BEIJING.match(row[column]), (url, column, row[column])


def test_candidate_export_writes_the_screening_time_with_the_offset(staff_client):
    from jobs.services.screening import screen_candidates
    from tests.factories import EducationFactory

    profile = EducationFactory().profile
    screen_candidates(profile_ids=[profile.pk])
    response = staff_client.post(
        reverse("admin:accounts_candidateprofile_changelist"),
        {"action": "export_csv", "index": "0", "_selected_action": [str(profile.pk)]},
    )
    (row,) = _csv(response)
    stamps = [value for value in row.values() if re.match(r"^\d{4}-\d\d-\d\dT", value)]
    assert stamps, row
    assert all(ISO_BEIJING.match(value) for value in stamps), stamps


def test_applicants_csv_writes_applied_at_with_the_offset(client):
    membership = MembershipFactory()
    role = RoleFactory(company=membership.company)
    application = ApplicationFactory(
        role=role, candidate=CandidateProfileFactory().user
    )
    type(application).objects.filter(pk=application.pk).update(applied_at=LATE_UTC)
    client.force_login(membership.user)
    (row,) = _csv(client.get(reverse("jobs:role_applicants_csv", args=[role.pk])))
    assert "2026-12-01T07:30:05+08:00" in row.values()


def test_pages_say_which_clock_they_use(client):
    response = client.get(reverse("home"))
    assert "Beijing time (UTC+8)" in response.text
    client.cookies["django_language"] = "zh-hans"
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "北京时间" in response.text


def test_json_ld_dates_a_role_by_the_beijing_calendar():
    from jobs.web.jsonld import job_posting

    role = RoleFactory()
    role.published_at = LATE_UTC  # 30 November in UTC, 1 December in Beijing
    assert job_posting(role, url="https://example.com/")["datePosted"] == "2026-12-01"
