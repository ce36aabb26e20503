"""Staff see screening counts, filter by failed rule and queue re-screens in the admin."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs.models import Screening, ScreeningRun
from jobs.services.screening import screen_candidates
from tests.factories import CandidateProfileFactory, EducationFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def _screened(n: int, **education):
    profiles = []
    for _ in range(n):
        profile = CandidateProfileFactory(date_of_birth=datetime.date(1997, 5, 10))
        EducationFactory(profile=profile, **education)
        profiles.append(profile)
    screen_candidates(profile_ids=[p.pk for p in profiles])
    return profiles


def test_changelist_shows_totals_and_filters_by_failed_rule(staff_client):
    _screened(2)
    doubtful = _screened(1, institution="Westbrook Polytechnic College")[0]
    url = reverse("admin:jobs_screening_changelist")
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response.context["totals"]["screened"] == 3
    filtered = staff_client.get(url, {"failed_rule": "K-INSTITUTION"})
    shown = [s.profile_id for s in filtered.context["cl"].result_list]
    assert shown == [doubtful.pk]


def test_changelist_queries_do_not_grow_with_rows(staff_client):
    _screened(2)
    url = reverse("admin:jobs_screening_changelist")
    staff_client.get(url)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    _screened(20)
    with CaptureQueriesContext(connection) as many:
        staff_client.get(url)
    assert len(many) == len(few)


def test_rescreen_selected_action_queues_a_run(
    staff_client, django_capture_on_commit_callbacks
):
    profiles = _screened(3)
    Screening.objects.update(rules_version="0-old")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:jobs_screening_changelist"),
            {
                "action": "rescreen_selected",
                "_selected_action": [p.screening.pk for p in profiles[:2]],
            },
        )
    assert response.status_code == 302
    run = ScreeningRun.objects.get(kind="selected")
    assert (run.total, run.done) == (2, 2)
    assert Screening.objects.exclude(rules_version="0-old").count() == 2


def test_rescreen_all_button_and_progress_page(
    staff_client, django_capture_on_commit_callbacks
):
    _screened(4)
    url = reverse("admin:jobs_screening_rescreen_all")
    assert "Re-screen all candidates" in staff_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url)
    run = ScreeningRun.objects.get(kind="all")
    assert response["Location"] == reverse(
        "admin:jobs_screeningrun_change", args=[run.pk]
    )
    page = staff_client.get(response["Location"]).content.decode()
    assert "100%" in page
    assert run.total == 4


def test_staff_without_permission_cannot_rescreen(client):
    from django.contrib.auth.models import Permission

    staff = StaffFactory(is_superuser=False)
    staff.user_permissions.add(Permission.objects.get(codename="view_screening"))
    client.force_login(staff)
    assert client.get(reverse("admin:jobs_screening_changelist")).status_code == 200
    assert client.post(reverse("admin:jobs_screening_rescreen_all")).status_code == 403
    assert not ScreeningRun.objects.exists()
