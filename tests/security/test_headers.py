"""Every response carries the Content-Security-Policy and the Permissions-Policy;
public pages carry no nonce (so a cached page never holds a stale one); the
admin's nonce matches the tags it marks; no template writes a style= attribute or
an inline script."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import (
    CandidateProfileFactory,
    MembershipFactory,
    RoleFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REQUIRED_DIRECTIVES = {
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "img-src 'self' data:",
}


def _directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    parts = [part.strip() for part in header.split(";") if part.strip()]
    return {part.split(" ", 1)[0]: part for part in parts}


def _assert_headers(response):
    directives = _directives(response)
    assert set(directives.values()) >= REQUIRED_DIRECTIVES, directives
    # No 'unsafe-inline' / 'unsafe-eval' anywhere.
    assert "unsafe" not in response["Content-Security-Policy"]
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    return directives


@pytest.fixture
def role():
    return RoleFactory()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/roles/",
        "/roles/?q=engineer",
        "/roles/feed/",
        "/accounts/login/",
        "/accounts/signup/",
        "/no-such-page/",
        "/profile/",  # a redirect to the login
        "/healthz",
    ],
)
def test_anonymous_responses_carry_both_policies_and_no_nonce(client, url, role):
    response = client.get(url)
    directives = _assert_headers(response)
    assert "nonce-" not in response["Content-Security-Policy"]
    assert directives["script-src"] == "script-src 'self'"


def test_role_and_company_pages(client, role):
    for url in (
        reverse("jobs:role_detail", args=[role.pk]),
        reverse("jobs:company_detail", args=[role.company.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        _assert_headers(response)
        assert "nonce-" not in response["Content-Security-Policy"]


def test_cached_search_page_carries_no_nonce_either_time(client, role, settings):
    settings.ROLES_SEARCH_CACHE_SECONDS = 300
    first = client.get("/roles/?q=")
    second = client.get("/roles/?q=")  # the whole-page cache answers
    assert first.content == second.content
    for response in (first, second):
        _assert_headers(response)
        assert "nonce" not in response["Content-Security-Policy"]
        assert b"nonce=" not in response.content


def test_signed_in_pages_and_json(client):
    profile = CandidateProfileFactory()
    client.force_login(profile.user)
    for url in ("/profile/", "/profile/edit/", "/my-data/", "/skills/suggest/?q=py"):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_headers(response)
    member = MembershipFactory()
    client.force_login(member.user)
    response = client.get(reverse("jobs:employer_dashboard"))
    assert response.status_code == 200
    _assert_headers(response)


def test_admin_nonce_matches_the_tags_it_marks(client):
    client.force_login(StaffFactory())
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 200
    directives = _assert_headers(response)
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)
    assert f"'nonce-{nonce}'" in directives["style-src"]
    marked = set(re.findall(rb'nonce="([^"]+)"', response.content))
    assert marked == {nonce.encode()}
    # A fresh nonce per response.
    again = client.get("/admin/accounts/user/")
    assert nonce not in again["Content-Security-Policy"]


def test_a_file_response_keeps_its_own_stricter_policy(client, private_media):
    from django.core.files.base import ContentFile

    profile = CandidateProfileFactory()
    profile.cv.save("cv-1.pdf", ContentFile(b"%PDF-1.4\n%%EOF"))
    client.force_login(profile.user)
    response = client.get(reverse("accounts:cv_download"))
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "camera=()" in response["Permissions-Policy"]


def _templates():
    for folder in ("portal", "accounts", "jobs"):
        yield from (ROOT / folder).glob("**/templates/**/*.html")


def test_no_template_has_inline_script_style_or_handlers():
    """The static half of the browser test: caught before a page is even opened.

    Allowed: <script src=...>, JSON data blocks (not executed, not subject to
    script-src); no `style=`, no `<style>`, no `on...=` handler attributes.
    """
    offenders = []
    for path in _templates():
        text = path.read_text()
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attributes = match.group(1)
            if "src=" not in attributes and "application/ld+json" not in attributes:
                offenders.append(f"{path}: inline <script>")
        if re.search(r"<style\b", text):
            offenders.append(f"{path}: <style> block")
        if re.search(r"\sstyle\s*=", text):
            offenders.append(f"{path}: style= attribute")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path}: inline event handler")
    assert not offenders, offenders


def test_no_python_html_writes_a_style_attribute():
    offenders = [
        str(path)
        for folder in ("portal", "accounts", "jobs")
        for path in (ROOT / folder).glob("**/*.py")
        if re.search(r"""<[a-z][^>]*\sstyle=""", path.read_text())
    ]
    assert not offenders, offenders


def test_policy_is_the_setting():
    assert settings.SECURE_CSP["script-src"]
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in (
        settings.MIDDLEWARE
    )
