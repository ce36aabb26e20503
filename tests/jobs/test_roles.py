"""Roles: posting, moderation, lifecycle × public pages, expiry, JSON-LD, access."""

import datetime
import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from jobs.models import Application, Role, RoleStatus
from jobs.services.roles import expire_roles, warn_expiring_roles
from jobs.tasks import expire_roles_task
from tests.factories import (
    ApplicationFactory,
    CandidateProfileFactory,
    ClosedRoleFactory,
    CompanyFactory,
    DraftRoleFactory,
    ExpiredRoleFactory,
    MembershipFactory,
    PendingRoleFactory,
    RoleFactory,
    SeekerFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _role_post(**overrides):
    data = {
        "title": "Battery R&D engineer",
        "description": "Design **solid-state** cells.",
        "required_skills_text": "Python 3, electrochemistry",
        "preferred_skills_text": "python, MATLAB",
        "field_of_study": "Materials Science",
        "min_degree": "master",
        "years_experience": "2",
        "salary_min": "300000",
        "salary_max": "450000",
        "city": "Ningbo",
        "work_mode": "onsite",
        "months_in_china": "12",
        "k_visa_welcome": "on",
        "english_level": "professional",
        "hsk_level": "0",
        "openings": "2",
        "valid_until": (TODAY() + datetime.timedelta(days=30)).isoformat(),
    }
    return {**data, **overrides}


# Every lifecycle state that must stay private, and why.
PRIVATE_STATES = {
    "draft": lambda: DraftRoleFactory(),
    "pending": lambda: PendingRoleFactory(),
    "closed": lambda: ClosedRoleFactory(),
    "expired": lambda: ExpiredRoleFactory(),
    "published-past-validity": lambda: RoleFactory(
        valid_until=TODAY() - datetime.timedelta(days=1)
    ),
    "published-unverified-company": lambda: RoleFactory(company__verified_at=None),
}
ALL_STATES = {"public": lambda: RoleFactory(), **PRIVATE_STATES}


def _visible(client, role, surface) -> bool:
    if surface == "detail":
        return (
            client.get(reverse("jobs:role_detail", args=[role.pk])).status_code == 200
        )
    if surface == "search":
        text = client.get(reverse("jobs:role_search")).text
        return reverse("jobs:role_detail", args=[role.pk]) in text
    if surface == "feed":
        text = client.get(reverse("jobs:role_feed")).text
        return reverse("jobs:role_detail", args=[role.pk]) in text
    if surface == "apply":
        seeker = SeekerFactory()
        client.force_login(seeker)
        response = client.post(
            reverse("jobs:role_apply", args=[role.pk]), {"cover_note": "Hi"}
        )
        created = Application.objects.filter(role=role, candidate=seeker).exists()
        assert created == (response.status_code == 302)
        return created
    raise AssertionError(surface)


@pytest.mark.parametrize("surface", ["detail", "search", "apply", "feed"])
@pytest.mark.parametrize("state", list(ALL_STATES))
def test_only_public_roles_are_shown_or_take_applications(client, state, surface):
    role = ALL_STATES[state]()
    assert _visible(client, role, surface) == (state == "public")


def test_public_queryset_is_the_one_definition():
    roles = {name: make() for name, make in ALL_STATES.items()}
    assert list(Role.objects.public()) == [roles["public"]]


def test_employer_posts_role_and_submits_for_review(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post(reverse("jobs:role_create"), {**_role_post(), "submit": "1"})
    assert response.status_code == 302
    role = Role.objects.get()
    assert role.status == RoleStatus.PENDING
    assert role.company == membership.company
    assert role.created_by == membership.user
    # Skills reuse the profile normalisation: "Python 3" and "python" are one tag.
    assert [s.slug for s in role.required_skills.all()] == [
        "electrochemistry",
        "python",
    ]
    assert [s.slug for s in role.preferred_skills.all()] == ["matlab"]
    assert client.get(reverse("jobs:role_detail", args=[role.pk])).status_code == 404


def test_company_is_taken_from_the_account_not_the_form(client):
    membership = MembershipFactory()
    other = CompanyFactory()
    client.force_login(membership.user)
    client.post(reverse("jobs:role_create"), _role_post(company=other.pk))
    assert Role.objects.get().company == membership.company


@pytest.mark.parametrize(
    ("field", "text", "named"),
    [
        ("description", "男性，35岁以下，本地户口", "“男性”, “35岁以下”, “本地户口”"),
        ("title", "Engineer (male only)", "“male only”"),
        ("required_skills_text", "Python, 汉族", "“汉族”"),
    ],
)
def test_discriminatory_requirements_are_refused_by_name(client, field, text, named):
    client.force_login(MembershipFactory().user)
    response = client.post(reverse("jobs:role_create"), _role_post(**{field: text}))
    assert response.status_code == 400
    assert named in response.content.decode().replace("&ldquo;", "“").replace(
        "&rdquo;", "”"
    )
    assert not Role.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"salary_min": "500000", "salary_max": "400000"}, "below its start"),
        ({"salary_min": ""}, "This field is required"),
        (
            {"valid_until": (TODAY() + datetime.timedelta(days=181)).isoformat()},
            "at most 180 days",
        ),
        (
            {"valid_until": (TODAY() - datetime.timedelta(days=1)).isoformat()},
            "in the past",
        ),
        ({"hsk_level": "7"}, "Select a valid choice"),
    ],
)
def test_role_form_validation(client, overrides, message):
    client.force_login(MembershipFactory().user)
    response = client.post(reverse("jobs:role_create"), _role_post(**overrides))
    assert response.status_code == 400
    assert message in response.text


def test_validity_defaults_to_30_days():
    role = Role()
    assert role.valid_until == TODAY() + datetime.timedelta(days=30)


def test_staff_approve_and_reject_with_emailed_reason(
    client, django_capture_on_commit_callbacks
):
    membership = MembershipFactory()
    role = PendingRoleFactory(company=membership.company)
    client.force_login(StaffFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("jobs:role_moderate", args=[role.pk, "reject"]),
            {"reason": "Please state the probation terms."},
        )
    role.refresh_from_db()
    assert role.status == RoleStatus.DRAFT
    assert mail.outbox[-1].to == [membership.user.email]
    assert "probation terms" in mail.outbox[-1].body

    role.status = RoleStatus.PENDING
    role.save()
    client.post(reverse("jobs:role_moderate", args=[role.pk, "approve"]))
    role.refresh_from_db()
    assert role.status == RoleStatus.PUBLISHED
    assert role.published_at is not None
    assert client.get(reverse("jobs:role_detail", args=[role.pk])).status_code == 200


@pytest.mark.parametrize(
    ("setting", "expected"), [(True, "published"), (False, "pending")]
)
def test_auto_approval_for_verified_companies_is_a_setting(
    client, settings, setting, expected
):
    settings.ROLES_AUTO_APPROVE_VERIFIED = setting
    membership = MembershipFactory()
    role = DraftRoleFactory(company=membership.company)
    client.force_login(membership.user)
    client.post(reverse("jobs:role_submit", args=[role.pk]))
    role.refresh_from_db()
    assert role.status == expected


def test_auto_approval_never_applies_to_unverified_companies(client, settings):
    settings.ROLES_AUTO_APPROVE_VERIFIED = True
    membership = MembershipFactory(company__verified_at=None)
    role = DraftRoleFactory(company=membership.company)
    client.force_login(membership.user)
    client.post(reverse("jobs:role_submit", args=[role.pk]))
    role.refresh_from_db()
    assert role.status == RoleStatus.PENDING


def test_editing_a_published_role_sends_it_back_for_review(client):
    membership = MembershipFactory()
    role = RoleFactory(company=membership.company)
    client.force_login(membership.user)
    response = client.post(reverse("jobs:role_edit", args=[role.pk]), _role_post())
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.status == RoleStatus.PENDING


def test_expiry_is_an_idempotent_range_query():
    stale = RoleFactory(valid_until=TODAY() - datetime.timedelta(days=5))
    yesterday = RoleFactory(valid_until=TODAY() - datetime.timedelta(days=1))
    today = RoleFactory(valid_until=TODAY())
    draft = DraftRoleFactory(valid_until=TODAY() - datetime.timedelta(days=5))
    assert expire_roles_task.delay().get() == 2
    assert expire_roles(today=TODAY()) == 0
    for role in (stale, yesterday, today, draft):
        role.refresh_from_db()
    assert stale.status == yesterday.status == RoleStatus.EXPIRED
    assert today.status == RoleStatus.PUBLISHED
    assert draft.status == RoleStatus.DRAFT


def test_expiry_warning_is_sent_once_three_days_ahead(
    django_capture_on_commit_callbacks,
):
    membership = MembershipFactory()
    soon = RoleFactory(
        company=membership.company, valid_until=TODAY() + datetime.timedelta(days=3)
    )
    RoleFactory(
        company=membership.company, valid_until=TODAY() + datetime.timedelta(days=4)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert warn_expiring_roles(today=TODAY()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert warn_expiring_roles(today=TODAY()) == 0
    assert len(mail.outbox) == 1
    assert soon.title in mail.outbox[0].subject
    soon.refresh_from_db()
    assert soon.expiry_warned_at is not None


def test_role_page_has_job_posting_json_ld(client):
    role = RoleFactory(skills=["Python", "ROS"], salary_min=250_000, salary_max=400_000)
    text = client.get(reverse("jobs:role_detail", args=[role.pk])).text
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "JobPosting"
    assert data["title"] == role.title
    # Beijing calendar, as the page says (tests/admin/test_one_clock.py)
    assert data["datePosted"] == timezone.localdate(role.published_at).isoformat()
    assert data["validThrough"].startswith(role.valid_until.isoformat())
    assert data["hiringOrganization"]["name"] == role.company.name
    assert data["jobLocation"]["address"]["addressLocality"] == "Shanghai"
    assert data["baseSalary"]["currency"] == "CNY"
    assert data["baseSalary"]["value"]["minValue"] == 250_000
    assert data["baseSalary"]["value"]["unitText"] == "YEAR"


def test_description_markdown_is_sanitised(client):
    role = RoleFactory(
        description="**Bold** <script>alert(1)</script> [x](javascript:alert(1))</script><b>"
    )
    text = client.get(reverse("jobs:role_detail", args=[role.pk])).text
    assert "<strong>Bold</strong>" in text
    assert "<script>alert(1)" not in text
    assert "javascript:" not in text
    # The JSON-LD cannot be closed early by the description either.
    assert text.count("</script>") == text.count("<script")


@pytest.mark.parametrize(
    "url_name",
    ["jobs:employer_role", "jobs:role_edit", "jobs:role_submit", "jobs:role_close"],
)
def test_recruiter_gets_404_for_another_companys_role(client, url_name):
    role = DraftRoleFactory()
    client.force_login(MembershipFactory().user)
    method = (
        client.post
        if url_name in {"jobs:role_submit", "jobs:role_close"}
        else client.get
    )
    assert method(reverse(url_name, args=[role.pk])).status_code == 404
    role.refresh_from_db()
    assert role.status == RoleStatus.DRAFT


def test_seekers_cannot_post_roles(client):
    client.force_login(SeekerFactory())
    assert client.get(reverse("jobs:role_create")).status_code == 403
    assert client.post(reverse("jobs:role_create"), _role_post()).status_code == 403


def test_dashboard_lists_roles_with_applicant_counts(client):
    membership = MembershipFactory()
    role = RoleFactory(company=membership.company, title="Chip design engineer")
    ApplicationFactory.create_batch(3, role=role)
    ApplicationFactory(role=role, stage="withdrawn")
    RoleFactory(title="Someone else's role")
    client.force_login(membership.user)
    response = client.get(reverse("jobs:employer_dashboard"))
    assert "Chip design engineer" in response.text
    assert "Someone else" not in response.text
    assert response.context["roles"][0].applicant_count == 3
    assert "Post a role" in response.text


def test_closing_a_role_stops_applications(client):
    membership = MembershipFactory()
    role = RoleFactory(company=membership.company)
    client.force_login(membership.user)
    client.post(reverse("jobs:role_close", args=[role.pk]))
    role.refresh_from_db()
    assert role.status == RoleStatus.CLOSED
    seeker = CandidateProfileFactory().user
    client.force_login(seeker)
    assert client.post(reverse("jobs:role_apply", args=[role.pk])).status_code == 404
