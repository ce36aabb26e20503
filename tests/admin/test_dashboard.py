"""The staff dashboard on the admin index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs.services.screening import screen_candidates
from jobs.web.charts import bar_chart
from tests.factories import (
    CandidateProfileFactory,
    CompanyFactory,
    EducationFactory,
    PendingRoleFactory,
    RoleFactory,
)
from tests.pages import external_resources

pytestmark = pytest.mark.django_db


def _data(n: int) -> None:
    profiles = [EducationFactory().profile for _ in range(n)]
    profiles += [CandidateProfileFactory(date_of_birth=None) for _ in range(n)]
    screen_candidates(profile_ids=[p.pk for p in profiles])
    for _ in range(n):
        PendingRoleFactory()
        RoleFactory()
        CompanyFactory(verified_at=None)


def test_index_shows_counts_charts_and_the_app_list(staff_client):
    _data(2)
    CandidateProfileFactory()  # not screened yet: the backlog
    page = staff_client.get(reverse("admin:index")).content.decode()
    dashboard = page.split('id="staff-dashboard"')[1].split("app-accounts")[0]
    assert '<span class="figure">2</span> roles pending review' in dashboard
    assert '<span class="figure">2</span> companies awaiting verification' in dashboard
    assert dashboard.count("<svg") == 3  # roles, outlooks, public checks
    assert "Likely eligible" in dashboard
    assert "Pending review" in dashboard
    assert '<span id="dashboard-backlog">1</span>' in dashboard
    assert "Last sweep" in dashboard
    assert external_resources(page) == []
    assert "app-jobs" in page  # the app list stays


def test_index_queries_do_not_grow_with_data(staff_client):
    _data(1)
    staff_client.get(reverse("admin:index"))
    with CaptureQueriesContext(connection) as few:
        staff_client.get(reverse("admin:index"))
    _data(10)
    with CaptureQueriesContext(connection) as many:
        staff_client.get(reverse("admin:index"))
    assert len(many) == len(few)


def test_dashboard_shows_only_what_the_group_may_see(client, moderator, support):
    client.force_login(moderator)
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="dashboard-moderation"' in page
    assert 'id="dashboard-screening"' not in page
    client.force_login(support)
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="dashboard-moderation"' not in page
    assert 'id="dashboard-screening"' in page


def test_staff_charts_colour_each_bar():
    from jobs.admin.dashboard import OUTCOME_COLOURS

    svg = bar_chart(
        chart_id="c",
        title="t",
        values=[10, 5],
        labels=["<b>", "half"],
        colours=["#000000", OUTCOME_COLOURS["likely"]],
        width=460,
        label_width=200,
    )
    assert "&lt;b&gt;" in svg
    assert 'fill="#15803d"' in svg
    assert 'width="224"' in svg  # the longest bar fills the space
    assert 'width="112"' in svg
