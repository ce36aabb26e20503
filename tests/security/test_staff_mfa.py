"""Issue 11, defect 2: the staff MFA gate covers every staff view, not a URL prefix.

A Moderators member signed in with a password only must not reach `/moderation/`
nor approve companies or roles there; with a TOTP sign-in they can.
"""

import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from accounts.access import staff_required
from jobs.models import Company, Role
from tests.factories import (
    PASSWORD,
    CompanyFactory,
    EmployerFactory,
    PendingRoleFactory,
)
from tests.totp import TEST_SECRET, force_login_with_mfa, totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("require_mfa")]


def _password_login(client, user) -> None:
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302


def _approve_urls(company, role) -> list[str]:
    return [
        reverse("jobs:company_moderate", args=[company.pk, "approve"]),
        reverse("jobs:role_moderate", args=[role.pk, "approve"]),
    ]


def _unchanged(company, role) -> bool:
    company.refresh_from_db()
    role.refresh_from_db()
    return company.verified_at is None and role.status == "pending"


def test_password_only_moderator_is_sent_to_set_up_totp(client, moderator):
    company = CompanyFactory(verified_at=None)
    role = PendingRoleFactory(company=CompanyFactory())
    _password_login(client, moderator)
    response = client.get(reverse("jobs:moderation"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    for url in _approve_urls(company, role):
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    assert _unchanged(company, role)


def test_moderator_with_totp_but_a_password_session_confirms_a_code(client, moderator):
    TOTP.activate(moderator, TEST_SECRET)
    client.force_login(moderator)  # e.g. signed in before turning MFA on
    company = CompanyFactory(verified_at=None)
    role = PendingRoleFactory()
    response = client.get(reverse("jobs:moderation"))
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert "next=%2Fmoderation%2F" in response["Location"]
    for url in _approve_urls(company, role):
        assert client.post(url)["Location"].startswith(reverse("mfa_reauthenticate"))
    assert _unchanged(company, role)
    # Confirming the code opens the page for this session.
    client.post(response["Location"], {"code": totp_code(TEST_SECRET)})
    assert client.get(reverse("jobs:moderation")).status_code == 200


def test_moderator_signed_in_with_totp_moderates(client, moderator):
    TOTP.activate(moderator, TEST_SECRET)
    _password_login(client, moderator)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(TEST_SECRET)})
    company = CompanyFactory(verified_at=None)
    role = PendingRoleFactory()
    assert client.get(reverse("jobs:moderation")).status_code == 200
    for url in _approve_urls(company, role):
        assert client.post(url)["Location"] == reverse("jobs:moderation")
    assert Company.objects.get(pk=company.pk).verified_at is not None
    assert Role.objects.get(pk=role.pk).status == "published"


def test_support_with_mfa_lacks_the_moderation_permission(client, support):
    force_login_with_mfa(client, support)
    company = CompanyFactory(verified_at=None)
    role = PendingRoleFactory()
    assert client.get(reverse("jobs:moderation")).status_code == 403
    for url in _approve_urls(company, role):
        assert client.post(url).status_code == 403
    assert _unchanged(company, role)


def test_non_staff_get_403_and_anonymous_the_login(client):
    url = reverse("jobs:moderation")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(EmployerFactory())
    assert client.get(url).status_code == 403


def test_staff_required_passes_only_verified_staff(rf: RequestFactory, moderator):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    @staff_required
    def view(request):
        return HttpResponse("ok")

    request = rf.get("/x/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.user = AnonymousUser()
    assert view(request).status_code == 302
    request.user = moderator
    assert view(request)["Location"] == reverse("mfa_activate_totp")
    moderator.is_active = False
    with pytest.raises(PermissionDenied):
        view(request)


def test_unverified_company_logo_needs_a_staff_mfa_sign_in(
    client, moderator, private_media
):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    company = CompanyFactory(verified_at=None)
    company.logo.save("logo.png", ContentFile(buffer.getvalue()))
    url = reverse("jobs:company_logo", args=[company.pk])
    client.force_login(moderator)
    assert client.get(url).status_code == 404
    force_login_with_mfa(client, moderator)
    assert client.get(url).status_code == 200
