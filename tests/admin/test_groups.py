"""The "Moderators" and "Support" groups can do their job and nothing more."""

import pytest
from django.urls import reverse

from accounts.models import User
from jobs.models import RoleStatus, ScreeningRun
from tests.factories import (
    CandidateProfileFactory,
    MembershipFactory,
    PendingRoleFactory,
    SeekerFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def test_groups_come_from_the_data_migration(staff_groups):
    moderators = set(
        staff_groups["Moderators"].permissions.values_list("codename", flat=True)
    )
    support = set(
        staff_groups["Support"].permissions.values_list("codename", flat=True)
    )
    assert {"change_role", "change_company"} <= moderators
    assert {"change_user", "view_screening", "view_rulesconfiguration"} <= support
    assert "add_screeningrun" not in moderators | support
    assert "add_rulesconfiguration" not in support
    assert "change_role" not in support
    assert "view_user" not in moderators


def test_moderator_approves_a_pending_role(client, moderator):
    client.force_login(moderator)
    role = PendingRoleFactory()
    assert client.get(reverse("admin:jobs_role_changelist")).status_code == 200
    page = client.get(reverse("admin:jobs_role_change", args=[role.pk]))
    assert reverse("admin:jobs_role_approve", args=[role.pk]) in page.content.decode()
    client.post(reverse("admin:jobs_role_approve", args=[role.pk]))
    role.refresh_from_db()
    assert role.status == RoleStatus.PUBLISHED
    assert role.history.first().history_user == moderator
    # the staff moderation page too
    assert client.get(reverse("jobs:moderation")).status_code == 200


def test_moderator_verifies_a_company_from_its_page(client, moderator):
    client.force_login(moderator)
    company = MembershipFactory(company__verified_at=None).company
    page = client.get(reverse("admin:jobs_company_change", args=[company.pk]))
    assert page.status_code == 200
    assert company.memberships.get().user.email in page.content.decode()
    client.post(reverse("admin:jobs_company_approve", args=[company.pk]))
    company.refresh_from_db()
    assert company.verified_by == moderator


def test_moderator_cannot_open_users_or_rescreen(client, moderator):
    client.force_login(moderator)
    seeker = SeekerFactory()
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    url = reverse("admin:accounts_user_change", args=[seeker.pk])
    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:jobs_screening_changelist")).status_code == 403
    assert client.post(reverse("admin:jobs_screening_rescreen_all")).status_code == 403
    assert client.get(reverse("admin:jobs_application_changelist")).status_code == 403
    assert not ScreeningRun.objects.exists()


def test_support_views_and_edits_a_user_and_views_screenings(client, support):
    client.force_login(support)
    seeker = SeekerFactory(name="Old name")
    url = reverse("admin:accounts_user_change", args=[seeker.pk])
    form = client.get(url).context["adminform"].form
    assert "is_superuser" not in form.fields  # read-only for Support
    response = client.post(
        url,
        {
            "email": seeker.email,
            "name": "New name",
            "account_type": "seeker",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302
    seeker.refresh_from_db()
    assert seeker.name == "New name"
    assert not seeker.is_staff  # no rights granted
    assert not seeker.is_superuser
    profile = CandidateProfileFactory()
    change = reverse("admin:accounts_candidateprofile_change", args=[profile.pk])
    assert client.get(change).status_code == 200
    for name in ("screening", "screeningchange", "screeningrun", "rulesconfiguration"):
        assert client.get(reverse(f"admin:jobs_{name}_changelist")).status_code == 200


def test_support_cannot_edit_staff_accounts(client, support):
    client.force_login(support)
    admin_user = StaffFactory(name="Boss")
    url = reverse("admin:accounts_user_change", args=[admin_user.pk])
    response = client.post(url, {"email": "mine@example.com", "name": "Boss"})
    assert response.status_code == 403
    assert User.objects.get(pk=admin_user.pk).email == admin_user.email
    password_url = reverse("admin:auth_user_password_change", args=[admin_user.pk])
    assert client.get(password_url).status_code == 403


def test_support_cannot_approve_rescreen_or_edit_rules(client, support):
    client.force_login(support)
    role = PendingRoleFactory()
    assert (
        client.post(reverse("admin:jobs_role_approve", args=[role.pk])).status_code
        == 403
    )
    assert client.get(reverse("admin:jobs_role_changelist")).status_code == 403
    assert (
        client.post(
            reverse("jobs:role_moderate", args=[role.pk, "approve"])
        ).status_code
        == 403
    )
    role.refresh_from_db()
    assert role.status == RoleStatus.PENDING
    assert client.post(reverse("admin:jobs_screening_rescreen_all")).status_code == 403
    assert not ScreeningRun.objects.exists()
    assert client.get(reverse("admin:jobs_rulesconfiguration_add")).status_code == 403
    page = client.get(reverse("admin:jobs_screening_changelist")).content.decode()
    assert "rescreen_selected" not in page  # the action is not offered
