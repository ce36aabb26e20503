"""One moderation: `/moderation/`, the admin's buttons and its list actions agree.

Also the signatures that now say the truth: `approve_role(by=...)` records who
approved, `queue_rescreen(kind=...)` takes a `ScreeningRun.Kind`, and the
admin saves a role through `save_role`.
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from jobs.models import RoleStatus, ScreeningRun
from jobs.services.pipeline import queue_rescreen
from jobs.services.roles import approve_role, reject_role
from tests.factories import PendingRoleFactory, RoleFactory

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_approve_role_records_who_approved(staff):
    role = PendingRoleFactory()
    approve_role(role=role, by=staff)
    role.refresh_from_db()
    assert (role.status, role.approved_by) == (RoleStatus.PUBLISHED, staff)
    assert role.history.first().history_user == staff


def test_rejecting_withdraws_the_approval(staff):
    role = PendingRoleFactory()
    approve_role(role=role, by=staff)
    reject_role(role=role, reason="Salary missing.", by=staff)
    role.refresh_from_db()
    assert (role.status, role.approved_by) == (RoleStatus.DRAFT, None)


def test_the_quick_page_records_the_moderator(staff_client, staff):
    role = PendingRoleFactory()
    staff_client.post(reverse("jobs:role_moderate", args=[role.pk, "approve"]))
    role.refresh_from_db()
    assert role.approved_by == staff


def test_the_admin_action_records_the_moderator(staff_client, staff):
    role = PendingRoleFactory()
    staff_client.post(
        reverse("admin:jobs_role_changelist"),
        {"action": "approve", "_selected_action": [role.pk]},
    )
    role.refresh_from_db()
    assert (role.status, role.approved_by) == (RoleStatus.PUBLISHED, staff)


def test_approving_a_role_not_pending_says_so_on_both_paths(staff_client):
    """Before: `/moderation/` said "approved" for a role it left as it was."""
    role = RoleFactory(title="Already live")  # published
    quick = staff_client.post(
        reverse("jobs:role_moderate", args=[role.pk, "approve"]), follow=True
    )
    admin = staff_client.post(
        reverse("admin:jobs_role_approve", args=[role.pk]), follow=True
    )
    expected = "Only a role pending review can be approved."
    assert expected in _messages(quick)
    assert expected in _messages(admin)
    role.refresh_from_db()
    assert role.approved_by is None


def test_rejecting_without_a_reason_decides_nothing(staff_client):
    role = PendingRoleFactory()
    response = staff_client.post(
        reverse("jobs:role_moderate", args=[role.pk, "reject"]),
        {"reason": "   "},
        follow=True,
    )
    role.refresh_from_db()
    assert role.status == RoleStatus.PENDING
    assert "Please give a reason: it is emailed to the employer." in _messages(response)


def test_a_reason_too_long_is_refused_not_stored(staff_client):
    role = PendingRoleFactory()
    staff_client.post(
        reverse("jobs:role_moderate", args=[role.pk, "reject"]),
        {"reason": "x" * 2001},
    )
    role.refresh_from_db()
    assert (role.status, role.rejection_reason) == (RoleStatus.PENDING, "")


def test_an_unknown_decision_is_a_404(staff_client):
    role = PendingRoleFactory()
    response = staff_client.post(
        reverse("jobs:role_moderate", args=[role.pk, "publish"])
    )
    assert response.status_code == 404


def test_admin_edit_goes_through_save_role(staff_client, staff):
    """The admin's save writes the skills text and keeps a moderator's edit of a
    published role published (an employer's edit would go back for review)."""
    role = RoleFactory(title="Old title")
    url = reverse("admin:jobs_role_change", args=[role.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    skills = list(role.required_skills.all())
    data.update(
        company=role.company.pk,
        title="New title",
        required_skills=[s.pk for s in skills],
        preferred_skills=[],
        valid_until=role.valid_until.isoformat(),
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    role.refresh_from_db()
    assert (role.title, role.status) == ("New title", RoleStatus.PUBLISHED)
    assert role.skills_text == ", ".join(s.name for s in skills)
    assert role.history.first().history_user == staff


def test_queue_rescreen_takes_the_kind_enum():
    run = queue_rescreen(kind=ScreeningRun.Kind.STALE, profile_ids=[])
    assert run.kind == ScreeningRun.Kind.STALE
    with pytest.raises(ValueError, match="everything"):
        queue_rescreen(kind="everything")
