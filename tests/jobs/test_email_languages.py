"""Every email is in its reader's language, whatever the sender's page was in."""

import pytest
from django.test import Client
from django.urls import reverse

from jobs.models import OutboxEmail
from jobs.services import notifications
from jobs.services.roles import reject_role
from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    MembershipFactory,
    PendingRoleFactory,
    RoleFactory,
    SeekerFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def _move(recruiter, application, stage="interview") -> None:
    client = Client()
    client.force_login(recruiter)
    response = client.post(
        reverse("jobs:role_board_move", args=[application.role.pk]),
        {"application": application.pk, "stage": stage},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("recruiter_language", "candidate_language", "expected"),
    [
        ("zh-hans", "en", "Your application for"),
        ("en", "zh-hans", "您投递的"),
    ],
)
def test_a_stage_change_emails_the_candidate_in_the_candidates_language(
    django_capture_on_commit_callbacks,
    recruiter_language,
    candidate_language,
    expected,
):
    member = MembershipFactory(user=EmployerFactory(language=recruiter_language))
    role = RoleFactory(company=member.company, title="Robot arm engineer")
    application = ApplicationFactory(
        role=role, candidate=SeekerFactory(language=candidate_language)
    )
    with django_capture_on_commit_callbacks(execute=True):
        _move(member.user, application)
    (email,) = OutboxEmail.objects.all()
    assert email.recipients == [application.candidate.email]
    assert email.language == candidate_language
    assert expected in email.subject + email.body
    # The stage's name too, not only the sentence around it.
    assert ("面试" in email.subject) == (candidate_language == "zh-hans")


def test_a_team_email_is_one_row_per_language(django_capture_on_commit_callbacks):
    chinese = MembershipFactory(user=EmployerFactory(language="zh-hans"))
    company = chinese.company
    english = MembershipFactory(company=company, user=EmployerFactory(language="en"))
    unset = MembershipFactory(company=company, user=EmployerFactory(language=""))
    role = PendingRoleFactory(company=company, title="Vision engineer")
    with django_capture_on_commit_callbacks(execute=True):
        reject_role(role=role, reason="Please add a salary range.", by=StaffFactory())
    rows = {row.language: row for row in OutboxEmail.objects.all()}
    assert set(rows) == {"zh-hans", "en"}
    assert rows["zh-hans"].recipients == [chinese.user.email]
    # No choice made: the site's language (English).
    assert sorted(rows["en"].recipients) == sorted(
        [english.user.email, unset.user.email]
    )
    assert "Vision engineer" in rows["zh-hans"].subject
    assert "需要修改" in rows["zh-hans"].subject
    assert "needs changes" in rows["en"].subject


def test_an_invitation_to_a_new_address_is_in_the_inviters_language():
    owner = MembershipFactory(user=EmployerFactory(language="zh-hans"))
    from jobs.models import Invitation

    invitation = Invitation.objects.create(
        company=owner.company,
        email="someone-new@example.com",
        token="x" * 43,
        invited_by=owner.user,
    )
    email = notifications.team_invitation(invitation=invitation)
    assert email is not None
    assert email.language == "zh-hans"


def test_the_expiry_date_in_a_subject_is_in_each_readers_format():
    import datetime

    chinese = MembershipFactory(user=EmployerFactory(language="zh-hans"))
    MembershipFactory(company=chinese.company, user=EmployerFactory(language="en"))
    role = RoleFactory(company=chinese.company, valid_until=datetime.date(2026, 12, 1))
    rows = {r.language: r for r in notifications.role_expiring(role=role)}
    assert "2026年12月1日" in rows["zh-hans"].subject
    assert "2026" in rows["en"].subject
    assert "年" not in rows["en"].subject
