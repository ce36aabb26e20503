"""The employer's applicant page (outlook with reasons, work-permit estimate for
the role, match score with components, timeline, actions), the applicants table
(outlook and score columns, sorting) and no "Invite to apply" for an applicant."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs.models import ApplicationEvent, ApplyInvitation, Match, Stage
from jobs.selectors.matching import explain_matches
from jobs.services.applications import move_application
from jobs.services.matching import invite_to_apply, refresh_role_matches
from tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    MatchFactory,
    MembershipFactory,
    RoleFactory,
)
from tests.jobs.test_matches import _candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    return membership


def _apply(profile, role):
    application = ApplicationFactory(role=role, candidate=profile.user)
    ApplicationEvent.objects.create(
        application=application, to_stage="applied", by=profile.user
    )
    return application


def test_applicant_page_shows_outlook_estimate_score_and_timeline(client, member):
    role = RoleFactory(company=member.company, skills=["Python", "ROS", "C++"])
    profile = _candidate()
    application = _apply(profile, role)
    refresh_role_matches(role_id=role.pk)
    move_application(
        application=application, by=member.user, stage=Stage.INTERVIEW, message="Hi"
    )
    stored = Match.objects.get(role=role, profile=profile)
    explain_matches([stored])

    page = client.get(reverse("jobs:application_detail", args=[application.pk]))
    text = page.text
    assert page.status_code == 200
    assert 'id="applicant-outlook"' in text
    assert "K-visa outlook" in text
    assert f"Match score: {stored.score}/100" in text
    assert stored.components[0]["message"] in text
    assert 'id="applicant-work-permit"' in text
    assert "Work-permit estimate for this role" in text
    timeline = text.split('id="application-timeline"')[1]
    assert "Applied" in timeline
    assert "Interview" in timeline
    assert "Asia/Shanghai" in text
    assert "Update application" in text  # the actions


def test_applicant_without_a_stored_match_is_scored_on_the_page(client, member):
    role = RoleFactory(company=member.company, skills=["Python", "ROS", "C++"])
    profile = _candidate(visible=False)
    application = _apply(profile, role)
    assert not Match.objects.filter(role=role).exists()
    text = client.get(reverse("jobs:application_detail", args=[application.pk])).text
    assert "Match score: " in text
    assert "3 of 3 required skills" in text
    assert not Match.objects.filter(role=role).exists()  # a read, nothing stored


def test_unscreened_applicant_says_so(client, member):
    application = ApplicantFactory(role__company=member.company, outcome=None)
    text = client.get(reverse("jobs:application_detail", args=[application.pk])).text
    assert "Not screened yet" in text
    assert "Not scored yet" in text


def test_applicant_page_query_count_is_constant(client, member):
    role = RoleFactory(company=member.company, skills=["Python", "ROS", "C++"])
    application = _apply(_candidate(), role)
    url = reverse("jobs:application_detail", args=[application.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for stage in (Stage.REVIEWING, Stage.INTERVIEW, Stage.OFFER):
        move_application(application=application, by=member.user, stage=stage)
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)


def _applicants(client, role, sort=""):
    url = reverse("jobs:employer_role", args=[role.pk])
    return client.get(url, {"sort": sort} if sort else {})


def test_applicants_table_sorts_by_applied_outlook_and_score(client, member):
    role = RoleFactory(company=member.company)
    now = timezone.now()
    old_likely = ApplicantFactory(role=role, outcome="likely")
    new_doubtful = ApplicantFactory(role=role, outcome="doubtful")
    mid_unscreened = ApplicantFactory(role=role, outcome=None)
    for application, days in ((old_likely, 3), (new_doubtful, 0), (mid_unscreened, 1)):
        # applied_at is set on creation: dated afterwards.
        type(application).objects.filter(pk=application.pk).update(
            applied_at=now - datetime.timedelta(days=days)
        )
    MatchFactory(role=role, profile=new_doubtful.candidate.profile, score=55)
    MatchFactory(role=role, profile=old_likely.candidate.profile, score=90)

    def order(sort):
        response = _applicants(client, role, sort)
        assert response.status_code == 200
        return [a.pk for a in response.context["applications"]]

    assert order("") == [new_doubtful.pk, mid_unscreened.pk, old_likely.pk]
    assert order("outlook") == [old_likely.pk, new_doubtful.pk, mid_unscreened.pk]
    assert order("score") == [old_likely.pk, new_doubtful.pk, mid_unscreened.pk]
    assert order("nonsense") == order("")  # unknown sort: the default, no error
    text = _applicants(client, role, "score").text
    assert "90" in text
    assert "Doubtful" in text
    assert "Not screened yet" in text


def test_applicants_table_query_count_is_constant(client, member):
    role = RoleFactory(company=member.company)
    ApplicantFactory(role=role)
    _applicants(client, role, "score")
    with CaptureQueriesContext(connection) as one:
        _applicants(client, role, "score")
    for outcome in ("doubtful", None, "possible", "likely"):
        ApplicantFactory(role=role, outcome=outcome)
    with CaptureQueriesContext(connection) as five:
        _applicants(client, role, "score")
    assert len(five) == len(one)


def test_no_invitation_for_an_applicant(client, member):
    role = RoleFactory(company=member.company, skills=["Python", "ROS", "C++"])
    profile = _candidate()
    application = _apply(profile, role)
    refresh_role_matches(role_id=role.pk)

    matches = client.get(reverse("jobs:role_matches", args=[role.pk])).text
    assert "Applied: open application" in matches
    assert reverse("jobs:application_detail", args=[application.pk]) in matches
    assert "Invite to apply" not in matches
    detail = client.get(
        reverse("jobs:candidate_detail", args=[profile.pk]), {"role": role.pk}
    ).text
    assert f'<option value="{role.pk}"' not in detail

    with pytest.raises(ValidationError):
        invite_to_apply(role=role, profile=profile, message="", user=member.user)
    response = client.post(
        reverse("jobs:invite_candidate", args=[profile.pk]), {"role": role.pk}
    )
    assert response.status_code == 302
    assert not ApplyInvitation.objects.exists()


def test_a_withdrawn_applicant_may_be_invited_again(member):
    role = RoleFactory(company=member.company)
    profile = _candidate()
    application = _apply(profile, role)
    application.stage = Stage.WITHDRAWN
    application.save()
    _invitation, created = invite_to_apply(
        role=role, profile=profile, message="", user=member.user
    )
    assert created
