"""Every admin list page costs the same number of queries for 2 rows as for 20."""

import datetime
import secrets

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AccountDeletion, Skill
from jobs.models import (
    ApplicationEvent,
    City,
    CityWage,
    Institution,
    Invitation,
    RulesConfiguration,
    SavedRole,
    SavedSearch,
    ScreeningRun,
)
from jobs.selectors.rules import current_rules
from jobs.services.screening import screen_candidates
from tests.factories import (
    ApiKeyFactory,
    ApplicationFactory,
    CandidateProfileFactory,
    CompanyFactory,
    EducationFactory,
    EmployerFactory,
    MembershipFactory,
    PendingRoleFactory,
    RoleFactory,
    SeekerFactory,
    StaffFactory,
    UserFactory,
    WebhookDeliveryFactory,
    WebhookEndpointFactory,
)

pytestmark = pytest.mark.django_db


def _now():
    return datetime.datetime.now(datetime.UTC)


def _profiles(n):
    profiles = [EducationFactory().profile for _ in range(n)]
    screen_candidates(profile_ids=[p.pk for p in profiles])
    return profiles


def _applications(n):
    for _ in range(n):
        profile = _profiles(1)[0]
        application = ApplicationFactory(candidate=profile.user)
        ApplicationEvent.objects.create(
            application=application, to_stage="applied", by=profile.user
        )


def _roles(n):
    for i in range(n):
        role = (PendingRoleFactory if i % 2 else RoleFactory)(
            description="Male candidates only, under 35."
        )
        ApplicationFactory(role=role)


def _companies(n):
    for i in range(n):
        RoleFactory(company=CompanyFactory(verified_at=None if i % 2 else _now()))
        MembershipFactory()


def _invitations(n):
    for i in range(n):
        Invitation.objects.create(
            company=CompanyFactory(),
            email=f"invitee{i}-{secrets.token_hex(4)}@example.com",
            token=secrets.token_urlsafe(16),
            invited_by=EmployerFactory(),
        )


def _rules(n):
    rules = current_rules()
    for i in range(n):
        RulesConfiguration.objects.create(
            config=rules.config.to_dict(),
            version=rules.version,
            note=f"test {i}",
            created_by=StaffFactory(),
        )


def _wages(n):
    for i in range(n):
        CityWage.objects.create(
            city=f"Testcity {secrets.token_hex(4)} {i}",
            average_wage_cny=100_000,
            year=2024,
        )


def _cities(n):
    for i in range(n):
        key = f"testcity-{secrets.token_hex(4)}-{i}"
        RoleFactory(city=City.objects.create(key=key, name=key, name_zh="测试").name)


def _institutions(n):
    for i in range(n):
        Institution.objects.create(
            key=f"test-{secrets.token_hex(6)}-{i}", name=f"Test University {i}"
        )


def _runs(n):
    for _ in range(n):
        ScreeningRun.objects.create(
            kind="all", total=3, done=1, started_by=StaffFactory()
        )


def _saved_searches(n):
    for i in range(n):
        SavedSearch.objects.create(user=SeekerFactory(), name=f"s{i}", query=f"q={i}")


def _saved_roles(n):
    for _ in range(n):
        SavedRole.objects.create(user=SeekerFactory(), role=RoleFactory())


def _skills(n):
    for i in range(n):
        skill = Skill.objects.create(slug=f"skill-{i}-{secrets.token_hex(3)}", name="S")
        CandidateProfileFactory().skills.add(skill)


BUILDERS = {
    "accounts.user": lambda n: [UserFactory() for _ in range(n)],
    "accounts.candidateprofile": _profiles,
    "accounts.skill": _skills,
    "accounts.accountdeletion": lambda n: [
        AccountDeletion.objects.create(account_type="seeker") for _ in range(n)
    ],
    "jobs.company": _companies,
    "jobs.role": _roles,
    "jobs.application": _applications,
    "jobs.applicationevent": _applications,
    "jobs.membership": lambda n: [MembershipFactory() for _ in range(n)],
    "jobs.invitation": _invitations,
    "jobs.savedsearch": _saved_searches,
    "jobs.savedrole": _saved_roles,
    "jobs.rulesconfiguration": _rules,
    "jobs.citywage": _wages,
    "jobs.city": _cities,
    "jobs.institution": _institutions,
    "jobs.screening": _profiles,
    "jobs.screeningchange": _profiles,
    "jobs.screeningrun": _runs,
    "jobs.apikey": lambda n: [ApiKeyFactory() for _ in range(n)],
    "jobs.webhookendpoint": lambda n: WebhookEndpointFactory.create_batch(n),
    "jobs.webhookdelivery": lambda n: WebhookDeliveryFactory.create_batch(n),
}


def test_every_accounts_and_jobs_admin_has_a_list_test():
    registered = {
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label in ("accounts", "jobs")
    }
    # Other work (e.g. matching) may register more; these must all be covered.
    assert set(BUILDERS) <= registered
    known_elsewhere = {"jobs.match", "jobs.candidatecard", "jobs.applyinvitation"}
    known_elsewhere |= {"jobs.profileview", "jobs.rolematchstate"}
    assert registered - set(BUILDERS) <= known_elsewhere


@pytest.mark.parametrize("label", sorted(BUILDERS))
def test_list_page_queries_do_not_grow_with_rows(staff_client, label):
    app_label, model_name = label.split(".")
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    BUILDERS[label](2)
    assert staff_client.get(url).status_code == 200  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        response = staff_client.get(url)
    assert response.status_code == 200
    shown_before = response.context["cl"].result_count
    BUILDERS[label](18)
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(url)
    assert response.context["cl"].result_count >= shown_before + 18
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_role_list_answers_the_moderation_questions(staff_client):
    pending = PendingRoleFactory(
        description="Male candidates only.", submitted_at=_now()
    )
    RoleFactory()
    ApplicationFactory(role=pending)
    response = staff_client.get(reverse("admin:jobs_role_changelist"))
    rows = list(response.context["cl"].result_list)
    assert rows[0] == pending  # the moderation queue comes first
    assert rows[0].applicant_count == 1
    page = response.content.decode()
    assert "⚠ 1" in page  # the wording flag
