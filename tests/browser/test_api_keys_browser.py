"""An owner creates an API key in a real browser: the key is shown once, with no
CSP violation, and reloading the team page does not show it again."""

import pytest

from jobs.models import ApiKey
from jobs.selectors.api_keys import key_for
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_creates_a_key_sees_it_once_and_revokes_it(page):
    owner = MembershipFactory(user__email="owner@example.com").user
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security" in m.text else None,
    )
    sign_in(page, owner.email, PASSWORD)
    page.goto("/employer/team/")
    page.locator("#id_name").fill("ATS sync")
    page.get_by_label("Read roles").check()
    page.get_by_label("Read applications").check()
    page.get_by_role("button", name="Create key").click()
    page.wait_for_load_state()
    raw = page.locator("[data-api-key]").inner_text().strip()
    key = key_for(raw)
    assert key is not None
    assert key.scopes == ["roles:read", "applications:read"]
    assert "Authorization: Bearer" in page.locator("#new-api-key").inner_text()
    page.goto("/employer/team/")
    assert raw not in page.content()
    assert f"ktp_{key.prefix}_…" in page.content()
    page.get_by_role("button", name="Revoke").click()
    page.wait_for_load_state()
    assert "revoked" in page.locator("#api-keys").inner_text()
    assert not ApiKey.objects.get().is_active
    assert not violations
