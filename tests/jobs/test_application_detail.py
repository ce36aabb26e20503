"""The seeker's page of one application: role, company, stage timeline with dates,
the invitation it answered, the thread and the withdraw button."""

import pytest
from django.urls import reverse

from jobs.models import ApplyInvitation, Stage
from jobs.services.applications import apply_to_role, move_application
from tests.factories import CandidateProfileFactory, MembershipFactory, RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied(client):
    member = MembershipFactory()
    role = RoleFactory(company=member.company, title="Vision engineer")
    profile = CandidateProfileFactory()
    ApplyInvitation.objects.create(
        role=role,
        profile=profile,
        message="We liked your thesis",
        invited_by=member.user,
    )
    application = apply_to_role(role=role, user=profile.user, cover_note="Hello")
    move_application(
        application=application,
        by=member.user,
        stage=Stage.INTERVIEW,
        message="Talk on Monday",
        note="Strong candidate",
    )
    client.force_login(profile.user)
    return {"member": member, "role": role, "application": application}


def _page(client, application):
    return client.get(reverse("jobs:my_application_detail", args=[application.pk]))


def test_the_seekers_application_page(client, applied):
    application, role = applied["application"], applied["role"]
    page = _page(client, application)
    assert page.status_code == 200
    text = page.text
    assert reverse("jobs:role_detail", args=[role.pk]) in text
    assert role.company.name in text
    timeline = text.split('id="application-timeline"')[1].split("</ol>")[0]
    assert "Applied" in timeline
    assert "Interview" in timeline
    assert "Talk on Monday" in timeline
    # The team's internal note and the recruiter's address stay with the team.
    assert "Strong candidate" not in text
    assert applied["member"].user.email not in text
    assert "We liked your thesis" in text  # the invitation it answered
    assert reverse("jobs:application_withdraw", args=[application.pk]) in text
    assert 'id="thread"' in text
    assert 'id="message-form"' in text
    assert 'textarea name="body"' in text
    assert "/static/portal/js/messages.js" in text


def test_my_applications_links_each_row_to_its_page(client, applied):
    page = client.get(reverse("jobs:my_applications"))
    url = reverse("jobs:my_application_detail", args=[applied["application"].pk])
    assert url in page.text


def test_another_seekers_application_is_404(client, applied):
    client.force_login(CandidateProfileFactory().user)
    assert _page(client, applied["application"]).status_code == 404


def test_the_page_is_in_chinese_with_a_send_button(client, applied):
    page = client.get(
        reverse("jobs:my_application_detail", args=[applied["application"].pk]),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert "发送" in page.text
    assert "消息" in page.text
