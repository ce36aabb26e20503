"""Employer dashboard home: open roles, new applicants, outlook counts, charts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs.models import Application, ApplicationEvent, Stage
from jobs.selectors import dashboards
from tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    ClosedRoleFactory,
    DraftRoleFactory,
    MembershipFactory,
    RoleFactory,
    SeekerFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("jobs:employer_dashboard")


def _applied(application: Application, days_ago: int) -> None:
    """Backdate an application (`applied_at` is set on insert)."""
    Application.objects.filter(pk=application.pk).update(
        applied_at=timezone.now() - datetime.timedelta(days=days_ago)
    )


def test_open_roles_show_new_and_total_applicants_and_days_left(client):
    membership = MembershipFactory()
    today = timezone.localdate()
    role = RoleFactory(
        company=membership.company,
        title="Chip designer",
        valid_until=today + datetime.timedelta(days=12),
    )
    fresh = ApplicantFactory.create_batch(2, role=role)
    old = ApplicantFactory(role=role)
    _applied(old, days_ago=8)
    ApplicantFactory(role=role, stage=Stage.WITHDRAWN)  # counts nowhere
    _applied(fresh[0], days_ago=6)  # still inside the 7-day window
    client.force_login(membership.user)

    response = client.get(URL)

    assert response.status_code == 200
    [row] = response.context["dashboard"].open_roles
    assert (row.role, row.applicants, row.new_applicants) == (role, 3, 2)
    assert row.days_left == 12
    assert row.matches is None
    assert "Chip designer" in response.text
    assert "in 12 days" in response.text
    assert response.context["dashboard"].totals == {
        "applicants": 3,
        "new_applicants": 2,
    }


def test_drafts_closed_and_lapsed_roles_are_listed_apart(client):
    membership = MembershipFactory()
    company = membership.company
    DraftRoleFactory(company=company, title="Draft role")
    ClosedRoleFactory(company=company, title="Closed role")
    lapsed = RoleFactory(company=company, title="Lapsed role")
    type(lapsed).objects.filter(pk=lapsed.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    RoleFactory(company=company, title="Open role")
    client.force_login(membership.user)

    dashboard = client.get(URL).context["dashboard"]

    assert [r.role.title for r in dashboard.open_roles] == ["Open role"]
    assert {r.title for r in dashboard.other_roles} == {
        "Draft role",
        "Closed role",
        "Lapsed role",
    }


def test_another_companys_roles_and_applicants_never_show(client):
    membership = MembershipFactory()
    mine = RoleFactory(company=membership.company)
    ApplicantFactory(role=mine, outcome="likely")
    theirs = RoleFactory(title="Someone else's role")
    ApplicantFactory.create_batch(3, role=theirs, outcome="unlikely")
    client.force_login(membership.user)

    response = client.get(URL)

    assert "Someone else" not in response.text
    outlook = {c.outcome: c.candidates for c in response.context["dashboard"].outlook}
    assert outlook["likely"] == 1
    assert outlook["unlikely"] == 0


def test_outlook_counts_distinct_candidates_by_outcome(client):
    membership = MembershipFactory()
    first, second = RoleFactory.create_batch(2, company=membership.company)
    twice = ApplicantFactory(role=first, outcome="possible")
    ApplicationFactory(role=second, candidate=twice.candidate)  # counted once
    ApplicantFactory(role=first, outcome="doubtful")
    ApplicantFactory(role=second, outcome=None)
    ApplicantFactory(role=second, outcome="likely", stage=Stage.WITHDRAWN)
    ApplicationFactory(role=first, candidate=None)  # a deleted account
    client.force_login(membership.user)

    response = client.get(URL)

    counts = [(c.outcome, c.candidates) for c in response.context["dashboard"].outlook]
    assert counts == [
        ("likely", 0),
        ("possible", 1),
        ("unknown", 0),
        ("doubtful", 1),
        ("unlikely", 0),
        ("", 1),
    ]
    assert 'data-testid="outlook-none"' in response.text


def test_weekly_chart_counts_the_last_eight_weeks():
    membership = MembershipFactory()
    role = RoleFactory(company=membership.company)
    today = datetime.date(2026, 3, 11)  # a Wednesday
    monday = datetime.date(2026, 3, 9)

    def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    stamps = [
        at(monday),  # this week
        at(monday, hour=0),  # this week, at local midnight
        at(monday - datetime.timedelta(days=1), hour=23),  # last week (Sunday)
        at(monday - datetime.timedelta(weeks=7)),  # oldest week shown
        at(monday - datetime.timedelta(weeks=8)),  # too old
    ]
    for stamp in stamps:
        application = ApplicantFactory(role=role, stage=Stage.WITHDRAWN)
        Application.objects.filter(pk=application.pk).update(applied_at=stamp)

    weeks = dashboards.weekly_applications(company=membership.company, today=today)

    assert weeks[0].start == monday - datetime.timedelta(weeks=7)
    assert weeks[-1].start == monday
    assert [w.applications for w in weeks] == [1, 0, 0, 0, 0, 0, 1, 2]


def test_funnel_counts_how_far_applications_got():
    membership = MembershipFactory()
    role = RoleFactory(company=membership.company)
    ApplicantFactory(role=role)  # applied
    ApplicantFactory(role=role, stage=Stage.REVIEWING)
    ApplicantFactory(role=role, stage=Stage.HIRED)
    interviewed = ApplicantFactory(role=role, stage=Stage.REJECTED)
    for before, after in [("applied", "interview"), ("interview", "rejected")]:
        ApplicationEvent.objects.create(
            application=interviewed, from_stage=before, to_stage=after
        )
    ApplicantFactory(role=role, stage=Stage.WITHDRAWN)

    steps, rejected, withdrawn = dashboards.stage_funnel(company=membership.company)

    assert [(s.stage, s.applications) for s in steps] == [
        ("applied", 5),
        ("reviewing", 3),
        ("interview", 2),
        ("offer", 1),
        ("hired", 1),
    ]
    assert (rejected, withdrawn) == (1, 1)


def test_dashboard_draws_both_charts_as_inline_svg(client):
    membership = MembershipFactory()
    ApplicantFactory(role=RoleFactory(company=membership.company))
    client.force_login(membership.user)

    text = client.get(URL).text

    assert text.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2
    assert "Applications per week, last 8 weeks</title>" in text
    assert "How far applications got</title>" in text
    assert "<script" not in text.split("<main")[-1].split("</main>")[0]


def test_dashboard_shows_each_roles_matching_candidates(client):
    from accounts.models import Visibility
    from accounts.services import set_skills
    from jobs.services.matching import refresh_cards, refresh_role_matches
    from tests.factories import CandidateProfileFactory

    membership = MembershipFactory()
    role = RoleFactory(company=membership.company, skills=["Python"])
    now = timezone.now()
    profile = CandidateProfileFactory(
        visibility=Visibility.VERIFIED_EMPLOYERS,
        consent_share_at=now,
        consent_cross_border_at=now,
    )
    set_skills(profile=profile, names=["Python"])
    refresh_cards(profile_ids=[profile.pk])
    refresh_role_matches(role_id=role.pk)
    client.force_login(membership.user)

    response = client.get(URL)

    assert response.context["dashboard"].has_matches
    assert response.context["dashboard"].open_roles[0].matches == 1
    assert reverse("jobs:role_matches", args=[role.pk]) in response.text


def _dashboard_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def _company_with_roles(count: int):
    membership = MembershipFactory()
    for n in range(count):
        role = RoleFactory(company=membership.company)
        ApplicantFactory.create_batch(2, role=role, outcome=["likely", None][n % 2])
    DraftRoleFactory(company=membership.company)
    return membership.user


def test_dashboard_queries_do_not_grow_with_roles(client, settings):
    settings.SIGNED_IN_PAGE_CACHE_SECONDS = (
        0  # the render itself: every request renders
    )
    few = _dashboard_queries(client, _company_with_roles(2))
    many = _dashboard_queries(client, _company_with_roles(12))
    assert few == many
    assert many <= 10


def test_seekers_are_refused_and_anonymous_users_sent_to_log_in(client):
    assert client.get(URL).status_code == 302
    client.force_login(SeekerFactory())
    assert client.get(URL).status_code == 403
