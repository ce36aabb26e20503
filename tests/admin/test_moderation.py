"""Moderation in the admin: the queue first, approve and reject from the change page."""

import pytest
from django.core import mail
from django.urls import reverse

from jobs.models import Company, Role, RoleStatus
from tests.factories import (
    CompanyFactory,
    MembershipFactory,
    PendingRoleFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


def test_unverified_companies_come_first(staff_client):
    CompanyFactory(name="A verified")
    waiting = CompanyFactory(name="Z waiting", verified_at=None)
    response = staff_client.get(reverse("admin:jobs_company_changelist"))
    assert next(iter(response.context["cl"].result_list)) == waiting


def test_role_page_shows_wording_findings_and_moderation_buttons(staff_client):
    role = PendingRoleFactory(description="We want male candidates only, aged 25-30.")
    page = staff_client.get(reverse("admin:jobs_role_change", args=[role.pk]))
    text = page.content.decode()
    assert '<mark class="wording-term">male candidates only</mark>' in text
    assert reverse("admin:jobs_role_approve", args=[role.pk]) in text
    assert reverse("admin:jobs_role_reject", args=[role.pk]) in text


def test_clean_role_says_no_wording_found(staff_client):
    role = RoleFactory()
    page = staff_client.get(reverse("admin:jobs_role_change", args=[role.pk]))
    assert "No discriminatory wording found." in page.content.decode()
    assert reverse("admin:jobs_role_approve", args=[role.pk]) not in (
        page.content.decode()
    )


def test_approve_button_publishes_a_pending_role(staff_client):
    role = PendingRoleFactory()
    response = staff_client.post(reverse("admin:jobs_role_approve", args=[role.pk]))
    assert response["Location"] == reverse("admin:jobs_role_change", args=[role.pk])
    role.refresh_from_db()
    assert role.status == RoleStatus.PUBLISHED
    assert role.published_at is not None


def test_approve_needs_a_post(staff_client):
    role = PendingRoleFactory()
    response = staff_client.get(reverse("admin:jobs_role_approve", args=[role.pk]))
    assert response.status_code == 405
    assert Role.objects.get(pk=role.pk).status == RoleStatus.PENDING


def test_reject_button_asks_for_a_reason_and_emails_it(
    staff_client, django_capture_on_commit_callbacks
):
    role = PendingRoleFactory()
    owner = MembershipFactory(company=role.company).user
    url = reverse("admin:jobs_role_reject", args=[role.pk])
    assert "Reason (emailed to the employer)" in staff_client.get(url).content.decode()
    assert staff_client.post(url, {"reason": ""}).status_code == 200  # reason needed
    assert Role.objects.get(pk=role.pk).status == RoleStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"reason": "Remove the age limit."})
    role.refresh_from_db()
    assert (role.status, role.rejection_reason) == ("draft", "Remove the age limit.")
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "Remove the age limit." in mail.outbox[0].body


def test_company_verify_and_reject_buttons(
    staff_client, staff, django_capture_on_commit_callbacks
):
    company = CompanyFactory(verified_at=None)
    owner = MembershipFactory(company=company).user
    page = staff_client.get(reverse("admin:jobs_company_change", args=[company.pk]))
    assert reverse("admin:jobs_company_approve", args=[company.pk]) in (
        page.content.decode()
    )
    staff_client.post(reverse("admin:jobs_company_approve", args=[company.pk]))
    company.refresh_from_db()
    assert company.verified_by == staff
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("admin:jobs_company_reject", args=[company.pk]),
            {"reason": "The licence does not match the name."},
        )
    company.refresh_from_db()
    assert company.verified_at is None
    assert company.rejection_reason == "The licence does not match the name."
    assert mail.outbox[-1].to == [owner.email]


def test_list_actions_still_approve_and_reject(
    staff_client, django_capture_on_commit_callbacks
):
    first, second = PendingRoleFactory(), PendingRoleFactory()
    url = reverse("admin:jobs_role_changelist")
    staff_client.post(url, {"action": "approve", "_selected_action": [first.pk]})
    assert Role.objects.get(pk=first.pk).status == RoleStatus.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            url,
            {
                "action": "reject",
                "_selected_action": [second.pk],
                "reason": "Salary range missing.",
            },
        )
    assert Role.objects.get(pk=second.pk).rejection_reason == "Salary range missing."
    company = CompanyFactory(verified_at=None)
    staff_client.post(
        reverse("admin:jobs_company_changelist"),
        {"action": "verify", "_selected_action": [company.pk]},
    )
    assert Company.objects.get(pk=company.pk).verified_at is not None
