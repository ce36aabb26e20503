"""The audit trail: who changed roles, companies, applications and the rules."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Application, Role
from jobs.selectors.rules import current_rules
from jobs.services import applications, roles
from jobs.services.rules import save_rules_configuration
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    EmployerFactory,
    PendingRoleFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


def test_approving_in_the_admin_is_in_the_roles_history_with_the_staff_user(
    staff_client, staff
):
    role = PendingRoleFactory(title="Robot arm engineer")
    staff_client.post(reverse("admin:jobs_role_approve", args=[role.pk]))
    latest = role.history.first()
    assert (latest.status, latest.history_user) == ("published", staff)
    page = staff_client.get(reverse("admin:jobs_role_history", args=[role.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert staff.email in text
    assert "Published" in text or "published" in text


def test_editing_a_role_in_the_admin_records_the_change(staff_client, staff):
    role = RoleFactory(title="Old title")
    url = reverse("admin:jobs_role_change", args=[role.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    data.update(
        company=role.company.pk,
        title="New title",
        required_skills=[],
        preferred_skills=[],
        valid_until=role.valid_until.isoformat(),
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    newest, before = role.history.all()[:2]
    assert (before.title, newest.title, newest.history_user) == (
        "Old title",
        "New title",
        staff,
    )
    delta = newest.diff_against(before)
    assert "title" in delta.changed_fields


def test_services_record_status_changes():
    employer = EmployerFactory()
    role = PendingRoleFactory()
    roles.approve_role(role=role)
    roles.close_role(role=role)
    assert [h.status for h in role.history.all()][:2] == ["closed", "published"]
    application = ApplicationFactory()
    applications.move_application(
        application=application, stage="interview", by=employer
    )
    assert application.history.first().stage == "interview"
    company = CompanyFactory(verified_at=None)
    from jobs.services.companies import reject_company, verify_company

    verify_company(company=company, by=None)
    reject_company(company=company, reason="No licence.", by=None)
    assert company.history.first().rejection_reason == "No licence."


def test_expiry_is_recorded_even_though_it_is_a_bulk_change():
    today = timezone.localdate()
    role = RoleFactory()
    Role.objects.filter(pk=role.pk).update(valid_until=today - datetime.timedelta(1))
    assert roles.expire_roles(today=today) == 1
    latest = role.history.first()
    assert (latest.status, latest.history_change_reason) == ("expired", "expired")
    assert roles.expire_roles(today=today) == 0


def test_rules_changes_are_in_the_history(staff):
    config = current_rules().config
    from dataclasses import replace

    save_rules_configuration(
        config=replace(config, k_age_max=config.k_age_max + 1), user=staff, note="older"
    )
    from jobs.models import RulesConfiguration

    assert RulesConfiguration.history.first().note == "older"


def test_history_forgets_a_deleted_seeker():
    application = ApplicationFactory(cover_note="my secret")
    user_id = application.candidate_id
    application.candidate.delete()
    assert Application.history.filter(id=application.pk).exists()
    assert not Application.history.filter(candidate_id=user_id).exists()
    assert not hasattr(Application.history.first(), "cover_note")


def test_history_cannot_revert(staff_client):
    role = PendingRoleFactory()
    roles.approve_role(role=role)
    first = role.history.last()
    url = reverse("admin:jobs_role_simple_history", args=[role.pk, first.history_id])
    assert staff_client.get(url).status_code == 200  # an old version can be read
    response = staff_client.post(url, {"title": "x"})
    assert response.status_code == 403
    assert Role.objects.get(pk=role.pk).title == role.title
