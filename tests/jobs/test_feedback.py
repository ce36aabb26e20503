"""Feedback a recruiter needs at each step: what happened to a submitted role, one
banner for a new company, the dashboard's company links, and a warning before a
verified company's rename sends it back to verification."""

import pytest
from django.urls import reverse

from jobs.models import Company, Role, RoleStatus
from tests.factories import CompanyFactory, EmployerFactory, MembershipFactory
from tests.jobs.test_companies import _company_post
from tests.jobs.test_roles import _role_post

pytestmark = pytest.mark.django_db

VERIFY_NOTICES = ("Staff will verify", "Staff verify every company")


def test_save_and_submit_says_the_role_went_to_review(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post(
        reverse("jobs:role_create"), {**_role_post(), "submit": "1"}, follow=True
    )
    assert Role.objects.get().status == RoleStatus.PENDING
    assert "sent to staff for review" in response.text
    client.cookies["django_language"] = "zh-hans"
    response = client.post(
        reverse("jobs:role_create"),
        {**_role_post(title="Second role"), "submit": "1"},
        follow=True,
    )
    assert "已提交审核" in response.text


def test_plain_save_does_not_claim_a_review(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post(reverse("jobs:role_create"), _role_post(), follow=True)
    assert Role.objects.get().status == RoleStatus.DRAFT
    assert "Role saved." in response.text
    assert "for review" not in response.text.split("<main", 1)[-1].split("<form")[0]


def test_creating_a_company_shows_one_verification_banner(client):
    client.force_login(EmployerFactory())
    response = client.post(reverse("jobs:company_edit"), _company_post(), follow=True)
    assert Company.objects.exists()
    banners = sum(response.text.count(notice) for notice in VERIFY_NOTICES)
    assert banners == 1


def test_dashboard_links_the_public_page_and_the_form(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.get(reverse("jobs:employer_dashboard"))
    public = reverse("jobs:company_detail", args=[membership.company.pk])
    assert f'id="public-company-page" href="{public}"' in response.text
    assert f'id="edit-company" href="{reverse("jobs:company_edit")}"' in response.text


def test_recruiters_are_not_offered_the_company_form(client):
    membership = MembershipFactory(role="recruiter")
    client.force_login(membership.user)
    response = client.get(reverse("jobs:employer_dashboard"))
    assert 'id="public-company-page"' in response.text
    assert 'id="edit-company"' not in response.text


def test_verified_company_is_not_told_staff_will_check_it(client):
    verified = MembershipFactory()
    client.force_login(verified.user)
    text = client.get(reverse("jobs:company_edit")).text
    assert "before your roles go public" not in text
    assert 'id="identity-hint"' in text

    waiting = MembershipFactory(company=CompanyFactory(verified_at=None))
    client.force_login(waiting.user)
    assert (
        "before your roles go public" in client.get(reverse("jobs:company_edit")).text
    )


def _current(company: Company) -> dict:
    return _company_post(
        name=company.name,
        name_zh=company.name_zh,
        credit_code=company.credit_code,
        city=company.city,
        industry=company.industry,
        size=company.size,
    )


def test_renaming_a_verified_company_asks_first_and_saves_nothing(client):
    membership = MembershipFactory()
    company = membership.company
    client.force_login(membership.user)
    data = {**_current(company), "name_zh": "新名字科技有限公司", "city": "Suzhou"}
    response = client.post(reverse("jobs:company_edit"), data)
    assert response.status_code == 200
    assert 'id="rename-warning"' in response.text
    assert "hidden from job seekers" in response.text
    # The typed values are kept for the confirmation…
    assert 'value="新名字科技有限公司"' in response.text
    assert 'value="Suzhou"' in response.text
    # …and nothing is saved until the owner confirms.
    company.refresh_from_db()
    assert company.is_verified
    assert company.name_zh != "新名字科技有限公司"
    assert company.city != "Suzhou"

    response = client.post(
        reverse("jobs:company_edit"), {**data, "confirm_rename": "1"}
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.name_zh, company.city) == ("新名字科技有限公司", "Suzhou")
    assert not company.is_verified


def test_other_edits_of_a_verified_company_need_no_confirmation(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    data = {**_current(membership.company), "description": "Now with **lasers**."}
    response = client.post(reverse("jobs:company_edit"), data)
    assert response.status_code == 302
    membership.company.refresh_from_db()
    assert membership.company.is_verified
    assert "lasers" in membership.company.description


def test_the_rename_warning_is_in_chinese_for_a_chinese_owner(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    client.cookies["django_language"] = "zh-hans"
    data = {**_current(membership.company), "credit_code": "91350100M000100Y43"}
    response = client.post(reverse("jobs:company_edit"), data)
    assert 'id="rename-warning"' in response.text
    assert "重新认证" in response.text


def test_an_unverified_company_gets_no_link_to_its_missing_public_page(client):
    waiting = MembershipFactory(company=CompanyFactory(verified_at=None))
    client.force_login(waiting.user)
    response = client.get(reverse("jobs:employer_dashboard"))
    assert 'id="public-company-page"' not in response.text
    assert 'id="edit-company"' in response.text
    public = reverse("jobs:company_detail", args=[waiting.company.pk])
    assert client.get(public).status_code == 404
