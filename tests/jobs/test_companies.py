"""Companies: credit codes, logos by content, verification, teams and invitations."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from jobs.models import Company, Invitation, Membership
from jobs.validators import check_character, is_valid_credit_code, make_credit_code
from tests.factories import (
    CompanyFactory,
    EmployerFactory,
    MembershipFactory,
    SeekerFactory,
    StaffFactory,
)

# The example printed in GB 32100-2015 and a real company's code.
VALID_CODES = ["91350100M000100Y43", "9111000071093123XX", "91350100m000100y43"]
INVALID_CODES = [
    "91350100M000100Y44",  # wrong check character
    "91350100M000100Y4",  # 17 characters
    "91350100M000100Y433",  # 19 characters
    "91350100M0001O0Y43",  # the letter O is not in the alphabet
    "91ABCDEFM000100Y43",  # the region must be digits
    "",
]


@pytest.mark.parametrize("code", VALID_CODES)
def test_valid_credit_codes(code):
    assert is_valid_credit_code(code)


@pytest.mark.parametrize("code", INVALID_CODES)
def test_invalid_credit_codes(code):
    assert not is_valid_credit_code(code)


def test_generated_codes_are_valid_and_check_digit_catches_typos():
    for serial in range(1, 200):
        code = make_credit_code(division="440300", serial=serial)
        assert is_valid_credit_code(code)
        assert check_character(code[:17]) == code[17]
        typo = code[:5] + ("1" if code[5] != "1" else "2") + code[6:]
        assert not is_valid_credit_code(typo)


def _png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def _company_post(**overrides):
    data = {
        "name": "Example Robotics",
        "name_zh": "示例机器人有限公司",
        "credit_code": "91350100M000100Y43",
        "city": "Hangzhou",
        "industry": "Robotics",
        "size": "50-199",
        "website": "https://example.com",
        "description": "We build **robots**.",
    }
    return {**data, **overrides}


@pytest.mark.django_db
def test_employer_without_company_is_asked_to_create_one(client):
    client.force_login(EmployerFactory())
    response = client.get(reverse("jobs:employer_dashboard"))
    assert "Create your company" in response.text
    response = client.get(reverse("jobs:role_create"))
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:company_edit")


@pytest.mark.django_db
def test_employer_creates_company_with_logo(client, private_media):
    user = EmployerFactory()
    client.force_login(user)
    logo = SimpleUploadedFile("logo.txt", _png(), content_type="text/plain")
    response = client.post(
        reverse("jobs:company_edit"), _company_post(logo_upload=logo)
    )
    assert response.status_code == 302
    company = Company.objects.get()
    assert company.logo.name.endswith(f"logo-{company.pk}.png")  # our name, not theirs
    assert not company.is_verified
    assert Membership.objects.get(user=user).role == "owner"
    # The logo is served by a view, only to members while unverified.
    assert client.get(reverse("jobs:company_logo", args=[company.pk]))[
        "Content-Type"
    ] == ("image/png")
    client.logout()
    assert (
        client.get(reverse("jobs:company_logo", args=[company.pk])).status_code == 404
    )


@pytest.mark.django_db
def test_logo_is_checked_by_content(client, private_media):
    client.force_login(EmployerFactory())
    fake = SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\nnot really", "image/png")
    response = client.post(
        reverse("jobs:company_edit"), _company_post(logo_upload=fake)
    )
    assert response.status_code == 400
    assert "not an image" in response.text
    assert not Company.objects.exists()


@pytest.mark.django_db
def test_invalid_credit_code_is_refused(client):
    client.force_login(EmployerFactory())
    response = client.post(
        reverse("jobs:company_edit"), _company_post(credit_code="91350100M000100Y44")
    )
    assert response.status_code == 400
    assert "last character does not match" in response.text


@pytest.mark.django_db
def test_changing_the_credit_code_needs_verification_again(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    data = _company_post(credit_code=make_credit_code(division="110000", serial=77))
    # The owner is warned first (tests/jobs/test_feedback.py), then confirms.
    response = client.post(reverse("jobs:company_edit"), data)
    assert response.status_code == 200
    membership.company.refresh_from_db()
    assert membership.company.is_verified
    response = client.post(
        reverse("jobs:company_edit"), {**data, "confirm_rename": "1"}
    )
    assert response.status_code == 302
    membership.company.refresh_from_db()
    assert not membership.company.is_verified


@pytest.mark.django_db
def test_recruiter_cannot_edit_company_or_invite(client):
    membership = MembershipFactory(role="recruiter")
    client.force_login(membership.user)
    assert client.get(reverse("jobs:company_edit")).status_code == 302
    response = client.post(reverse("jobs:team_invite"), {"email": "x@example.com"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_owner_invites_recruiter_who_joins(client, django_capture_on_commit_callbacks):
    owner = MembershipFactory()
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:team_invite"), {"email": "Recruiter@Example.com"})
    invitation = Invitation.objects.get()
    assert invitation.email == "recruiter@example.com"
    assert len(mail.outbox) == 1
    link = reverse("jobs:invitation_accept", args=[invitation.token])
    assert link in mail.outbox[0].body

    recruiter = EmployerFactory(email="recruiter@example.com")
    client.force_login(recruiter)
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert Membership.objects.get(user=recruiter).company == owner.company
    # Single use.
    assert client.get(link).status_code == 404


@pytest.mark.django_db
def test_invitation_refuses_other_email_and_seekers(client):
    invitation = Invitation.objects.create(
        company=CompanyFactory(), email="a@example.com", token="t0ken"
    )
    link = reverse("jobs:invitation_accept", args=[invitation.token])
    client.force_login(EmployerFactory(email="b@example.com"))
    response = client.post(link)
    assert response.status_code == 400
    assert not Membership.objects.exists()
    client.force_login(SeekerFactory(email="a@example.com"))
    assert client.post(link).status_code == 403


@pytest.mark.django_db
def test_staff_verify_and_reject_company_with_emailed_reason(
    client, django_capture_on_commit_callbacks
):
    membership = MembershipFactory(company__verified_at=None)
    company = membership.company
    client.force_login(StaffFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("jobs:company_moderate", args=[company.pk, "reject"]),
            {"reason": "The credit code belongs to another company."},
        )
    company.refresh_from_db()
    assert company.rejection_reason.startswith("The credit code")
    assert mail.outbox[0].to == [membership.user.email]
    assert "another company" in mail.outbox[0].body

    client.post(reverse("jobs:company_moderate", args=[company.pk, "approve"]))
    company.refresh_from_db()
    assert company.is_verified


@pytest.mark.django_db
def test_non_staff_cannot_moderate(client):
    company = CompanyFactory(verified_at=None)
    client.force_login(EmployerFactory())
    response = client.post(
        reverse("jobs:company_moderate", args=[company.pk, "approve"])
    )
    assert response.status_code == 403  # staff_required: signed in, not staff
    company.refresh_from_db()
    assert not company.is_verified


@pytest.mark.django_db
def test_company_page_shows_only_verified_companies(client):
    assert (
        client.get(
            reverse("jobs:company_detail", args=[CompanyFactory().pk])
        ).status_code
        == 200
    )
    unverified = CompanyFactory(verified_at=None)
    assert (
        client.get(reverse("jobs:company_detail", args=[unverified.pk])).status_code
        == 404
    )
