"""Company API keys: made and revoked by owners on the team page, shown once,
stored hashed, found by `key_for`; staff keys made by superusers in the admin."""

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs.models import ApiKey, MemberRole
from jobs.models.api_keys import digest_of
from jobs.selectors.api_keys import key_for, keys_of
from jobs.services.api_keys import create_api_key, record_use, revoke_api_key
from tests.factories import (
    ApiKeyFactory,
    EmployerFactory,
    MembershipFactory,
    StaffFactory,
    staff_in_group,
)
from tests.totp import force_login_with_mfa

pytestmark = pytest.mark.django_db

CREATE = reverse("jobs:api_key_create")
TEAM = reverse("jobs:team")


@pytest.fixture
def owner(client):
    member = MembershipFactory()
    client.force_login(member.user)
    return member


def _recruiter_of(company):
    return MembershipFactory(
        company=company, user=EmployerFactory(), role=MemberRole.RECRUITER
    ).user


def _create(client, **data):
    return client.post(CREATE, {"name": "ATS sync", "scopes": ["roles:read"], **data})


# --- creating: shown once, stored hashed ---------------------------------------------


def test_create_shows_the_key_once_and_never_again(client, owner):
    response = _create(client, scopes=["roles:read", "applications:write"])
    assert response.status_code == 201
    key = ApiKey.objects.get()
    raw = response.context["new_key"]["raw"]
    page = response.content.decode()
    assert raw in page
    assert "only time the key is shown" in page
    assert f'curl -H "Authorization: Bearer {raw}" http://testserver/api/v1/roles/' in (
        page.replace("&quot;", '"')
    )
    assert "no-store" in response["Cache-Control"]
    assert key.company == owner.company
    assert key.scopes == ["roles:read", "applications:write"]
    assert key.created_by == owner.user
    # Not in the session (no message, no redirect) nor on the next page.
    assert raw not in str(dict(client.session))
    again = client.get(TEAM).content.decode()
    assert raw not in again
    assert f"ktp_{key.prefix}_…" in again
    assert "ATS sync" in again


def test_key_is_stored_hashed_and_its_prefix_names_it(owner):
    key, raw = create_api_key(
        name="CI", scopes=["roles:read"], by=owner.user, company=owner.company
    )
    assert raw.startswith(f"ktp_{key.prefix}_")
    assert len(raw) > 40
    row = ApiKey.objects.filter(pk=key.pk).values().get()
    assert raw not in str(row)
    assert raw.split("_", 2)[2] not in str(row)  # the secret part
    assert row["digest"] == digest_of(raw)


def test_key_for_finds_the_key_and_refuses_wrong_altered_and_revoked_ones():
    key = ApiKeyFactory()
    raw = key._raw
    found = key_for(raw)
    assert found == key
    assert found.company == key.company
    assert key_for(raw[:-1] + ("A" if raw[-1] != "A" else "B")) is None  # altered
    assert key_for(raw + "x") is None
    assert key_for(raw.replace("ktp_", "ktq_")) is None
    assert key_for("ktp_" + "0" * 8 + "_nothing") is None
    assert key_for("") is None
    assert key_for(ApiKeyFactory(company=key.company)._raw) != key
    revoke_api_key(key=key, by=None)
    assert key_for(raw) is None


def test_record_use_counts_and_stamps_the_last_use():
    key = ApiKeyFactory()
    assert key.use_count == 0
    assert key.last_used_at is None
    record_use(key=key)
    record_use(key=key)
    key.refresh_from_db()
    assert key.use_count == 2
    assert key.last_used_at is not None


# --- bad input and the limit ------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "scopes": ["roles:read"]}, "name"),
        ({"name": "   ", "scopes": ["roles:read"]}, "name"),
        ({"name": "x" * 81, "scopes": ["roles:read"]}, "name"),
        ({"name": "My precious key", "scopes": []}, "scopes"),
        ({"name": "My precious key", "scopes": ["screening"]}, "scopes"),
        ({"name": "My precious key", "scopes": ["roles:delete"]}, "scopes"),
    ],
)
def test_a_bad_form_is_shown_again_with_the_data_and_the_error(
    client, owner, data, field
):
    response = client.post(CREATE, data)
    assert response.status_code == 400
    assert not ApiKey.objects.exists()
    form = response.context["key_form"]
    assert field in form.errors
    page = response.content.decode()
    assert "invalid-feedback" in page
    if data["name"].strip() and len(data["name"]) <= 80:
        assert f'value="{data["name"]}"' in page
    assert "new_key" not in response.context


def test_scopes_keep_their_ticks_after_an_error(client, owner):
    response = client.post(CREATE, {"name": "", "scopes": ["matches:read"]})
    assert response.status_code == 400
    page = response.content.decode()
    ticked = page.split('value="matches:read"')[1].split(">")[0]
    assert "checked" in ticked


def test_an_employer_holds_at_most_the_limit_of_active_keys(client, owner, settings):
    settings.API_KEYS_PER_COMPANY = 2
    for _ in range(2):
        assert _create(client).status_code == 201
    response = _create(client, name="Third")
    assert response.status_code == 400
    assert "already holds 2 active API keys" in response.content.decode()
    assert response.context["key_form"].non_field_errors()
    assert ApiKey.objects.count() == 2
    # Revoking one frees a place.
    revoke_api_key(key=ApiKey.objects.first(), by=owner.user)
    assert _create(client, name="Third").status_code == 201


def test_the_limit_counts_each_company_on_its_own(owner, settings):
    settings.API_KEYS_PER_COMPANY = 1
    ApiKeyFactory()  # another company's
    create_api_key(
        name="a", scopes=["roles:read"], by=owner.user, company=owner.company
    )


# --- who may do what ----------------------------------------------------------------


def test_recruiter_sees_the_keys_but_cannot_create_or_revoke(client):
    key = ApiKeyFactory()
    client.force_login(_recruiter_of(key.company))
    page = client.get(TEAM).content.decode()
    assert key.name in page
    assert f"ktp_{key.prefix}_…" in page
    assert CREATE not in page
    assert reverse("jobs:api_key_revoke", args=[key.pk]) not in page
    assert _create(client).status_code == 403
    revoke = client.post(reverse("jobs:api_key_revoke", args=[key.pk]))
    assert revoke.status_code == 403
    key.refresh_from_db()
    assert key.is_active
    assert ApiKey.objects.count() == 1


def test_owner_revokes_once_and_twice_is_harmless(client, owner):
    key = ApiKeyFactory(company=owner.company)
    url = reverse("jobs:api_key_revoke", args=[key.pk])
    assert url in client.get(TEAM).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert key.revoked_by == owner.user
    first = key.revoked_at
    assert client.post(url).status_code == 302
    key.refresh_from_db()
    assert key.revoked_at == first
    page = client.get(TEAM).content.decode()
    assert "revoked" in page
    assert owner.user.email in page
    assert url not in page  # no button on a revoked key
    assert key_for(key._raw) is None


def test_another_companys_key_is_a_404(client, owner):
    theirs = ApiKeyFactory()
    response = client.post(reverse("jobs:api_key_revoke", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active
    assert theirs.name not in client.get(TEAM).content.decode()


def test_a_staff_key_is_no_companys(client, owner):
    staff_key = ApiKeyFactory(company=None, scopes=["screening"])
    response = client.post(reverse("jobs:api_key_revoke", args=[staff_key.pk]))
    assert response.status_code == 404


# --- the page -----------------------------------------------------------------------


def test_active_keys_come_first_on_every_database(owner):
    old = ApiKeyFactory(company=owner.company, name="old")
    revoked = ApiKeyFactory(company=owner.company, name="revoked")
    new = ApiKeyFactory(company=owner.company, name="new")
    revoke_api_key(key=revoked, by=None)
    assert list(keys_of(company=owner.company)) == [new, old, revoked]


def test_team_page_queries_do_not_grow_with_keys(client, owner):
    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(TEAM).status_code == 200
        return len(queries)

    ApiKeyFactory(company=owner.company, created_by=owner.user)
    client.get(TEAM)  # warm per-process caches
    few = page_queries()
    for i in range(8):
        key = ApiKeyFactory(company=owner.company, created_by=EmployerFactory())
        if i % 2:
            revoke_api_key(key=key, by=EmployerFactory())
            record_use(key=key)
    assert page_queries() == few


def test_team_page_in_chinese_shows_translated_labels(client, owner):
    ApiKeyFactory(company=owner.company, scopes=["roles:read", "matches:read"])
    page = client.get(TEAM, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "API 密钥" in page
    assert "撤销" in page
    assert "读取岗位" in page
    assert "Read roles" not in page
    english = client.get(TEAM, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Read roles" in english


# --- the admin -----------------------------------------------------------------------


@pytest.fixture
def superuser_client(client, settings):
    settings.ADMIN_REQUIRE_MFA = True
    staff = StaffFactory(email="root@example.com")
    force_login_with_mfa(client, staff)
    return client, staff


def test_superuser_adds_a_staff_key_and_sees_it_once(superuser_client):
    client, staff = superuser_client
    add = reverse("admin:jobs_apikey_add")
    form = client.get(add)
    assert form.status_code == 200
    assert 'name="name"' in form.content.decode()
    assert 'name="scopes"' not in form.content.decode()
    response = client.post(add, {"name": "Screening batch"})
    assert response.status_code == 200
    key = ApiKey.objects.get()
    raw = response.context["raw_key"]
    assert raw in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert key.company is None
    assert key.scopes == ["screening"]
    assert key.created_by == staff
    assert key.digest == digest_of(raw)
    assert LogEntry.objects.filter(object_id=str(key.pk)).exists()
    assert raw not in str(dict(client.session))
    change = client.get(reverse("admin:jobs_apikey_change", args=[key.pk]))
    assert change.status_code == 200
    assert raw not in change.content.decode()
    assert key.digest not in change.content.decode()
    assert key_for(raw) == key


def test_admin_revoke_action_and_list(superuser_client):
    client, staff = superuser_client
    keys = [ApiKeyFactory(), ApiKeyFactory()]
    listing = client.get(reverse("admin:jobs_apikey_changelist"))
    assert f"ktp_{keys[0].prefix}_…" in listing.content.decode()
    assert keys[0].digest not in listing.content.decode()
    response = client.post(
        reverse("admin:jobs_apikey_changelist"),
        {"action": "revoke", "_selected_action": [keys[0].pk]},
    )
    assert response.status_code == 302
    keys[0].refresh_from_db()
    keys[1].refresh_from_db()
    assert keys[0].revoked_by == staff
    assert keys[1].is_active


def test_moderators_and_support_only_view_keys(client, settings):
    settings.ADMIN_REQUIRE_MFA = True
    key = ApiKeyFactory()
    for group in ("Moderators", "Support"):
        user = staff_in_group(group, email=f"{group.lower()}@example.com")
        force_login_with_mfa(client, user)
        assert client.get(reverse("admin:jobs_apikey_changelist")).status_code == 200
        assert client.get(reverse("admin:jobs_apikey_add")).status_code == 403
        revoke = client.post(
            reverse("admin:jobs_apikey_changelist"),
            {"action": "revoke", "_selected_action": [key.pk]},
        )
        assert revoke.status_code in (200, 302)
        key.refresh_from_db()
        assert key.is_active


def test_the_migrations_let_moderators_and_support_view_keys():
    from django.contrib.auth.models import Group

    for name in ("Moderators", "Support"):
        codes = set(
            Group.objects.get(name=name).permissions.values_list("codename", flat=True)
        )
        assert "view_apikey" in codes
        assert not codes & {"add_apikey", "change_apikey", "delete_apikey"}
