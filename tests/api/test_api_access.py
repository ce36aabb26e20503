"""Every API operation × every kind of caller: the key matrix.

tests/security/access_table.toml covers the session actors (a session is never a
key: 401); this file covers keys. For each operation on company X's objects:

- no key, a made-up key, a revoked key: 401, with a problem document;
- company Y's key with every scope: 404, exactly as the web answers an id of
  another company (a list answers 200 with Y's own objects only);
- X's key without the operation's scope: 403;
- a staff key: 403 on company operations;
- X's key with the scope: 2xx.

Screening is for staff keys whose author is staff with TOTP (and staff sessions
that passed MFA); a company key, a staff key of someone without TOTP and a
password-only staff session are 403. Denied writes change nothing.
"""

import json
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs.models import COMPANY_SCOPES, ApiScope
from jobs.services.api_keys import create_api_key, revoke_api_key
from tests.api.conftest import ApiClient, company_key
from tests.factories import (
    ApplicationFactory,
    CandidateProfileFactory,
    CompanyFactory,
    DraftRoleFactory,
    MembershipFactory,
    RoleFactory,
    StaffFactory,
)
from tests.security.test_access_matrix import writes
from tests.totp import force_login_with_mfa

pytestmark = pytest.mark.django_db

ROLE_BODY = {
    "title": "Perception engineer",
    "description": "Cameras and lidar.",
    "salary_min": 300000,
    "salary_max": 500000,
    "city": "北京",
}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # {role}, {draft}, {application}: company X's objects
    scope: ApiScope
    body: dict | None = None
    lists: bool = False  # a list of the caller's own objects, not one object of X


OPERATIONS = [
    Operation("get", "/api/v1/roles/", ApiScope.READ_ROLES, lists=True),
    Operation("post", "/api/v1/roles/", ApiScope.WRITE_ROLES, ROLE_BODY, lists=True),
    Operation("get", "/api/v1/roles/{role}/", ApiScope.READ_ROLES),
    Operation("patch", "/api/v1/roles/{role}/", ApiScope.WRITE_ROLES, {"openings": 3}),
    Operation("post", "/api/v1/roles/{draft}/submit/", ApiScope.WRITE_ROLES, {}),
    Operation("post", "/api/v1/roles/{role}/close/", ApiScope.WRITE_ROLES, {}),
    Operation("get", "/api/v1/roles/{role}/applications/", ApiScope.READ_APPLICATIONS),
    Operation("get", "/api/v1/applications/{application}/", ApiScope.READ_APPLICATIONS),
    Operation(
        "post",
        "/api/v1/applications/{application}/stage/",
        ApiScope.WRITE_APPLICATIONS,
        {"stage": "interview", "message": "Can you talk on Monday?"},
    ),
    Operation("get", "/api/v1/roles/{role}/matches/", ApiScope.READ_MATCHES),
]


@pytest.fixture
def world():
    x = CompanyFactory()
    MembershipFactory(company=x)
    y = CompanyFactory()
    MembershipFactory(company=y)
    role = RoleFactory(company=x)
    draft = DraftRoleFactory(company=x)
    profile = CandidateProfileFactory()
    application = ApplicationFactory(role=role, candidate=profile.user)
    revoked_key, revoked = _key(x, COMPANY_SCOPES)
    revoke_api_key(key=revoked_key, by=None)
    staff = StaffFactory()
    _, staff_key = create_api_key(name="sweeps", scopes=[ApiScope.SCREENING], by=staff)
    return {
        "ids": {"role": role.pk, "draft": draft.pk, "application": application.pk},
        "x": x,
        "keys": {
            "none": None,
            "made up": "ktp_00000000_" + "x" * 43,
            "revoked": revoked,
            "other company": company_key(y),
            "staff": staff_key,
            "x all scopes": company_key(x),
        },
        "staff": staff,
    }


def _key(company, scopes):
    user = company.memberships.first().user
    return create_api_key(
        company=company, name="k", scopes=[str(s) for s in scopes], by=user
    )


def _call(key, operation: Operation, ids: dict):
    client = ApiClient(key)
    path = operation.path.format(**ids)
    if operation.method == "get":
        return client.get(path)
    send = client.post_json if operation.method == "post" else client.patch_json
    return send(path, operation.body or {})


def _expected(caller: str, operation: Operation) -> int:
    if caller in ("none", "made up", "revoked"):
        return 401
    if caller == "staff":
        return 403
    if caller == "other company":
        return (201 if operation.method == "post" else 200) if operation.lists else 404
    return (
        201
        if operation.path == "/api/v1/roles/" and operation.method == "post"
        else 200
    )


def _changes(queries) -> list[str]:
    """What a call wrote besides the key's use count and the rate-limit counter."""
    return [
        sql
        for sql in writes(queries.captured_queries)
        if "jobs_apikey" not in sql and "portal_cache" not in sql
    ]


CALLERS = ["none", "made up", "revoked", "other company", "staff", "x all scopes"]


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: f"{o.method} {o.path}")
@pytest.mark.parametrize("caller", CALLERS)
def test_each_key_gets_its_answer(world, caller, operation):
    expected = _expected(caller, operation)
    with CaptureQueriesContext(connection) as queries:
        response = _call(world["keys"][caller], operation, world["ids"])
    assert response.status_code == expected, response.content.decode()[:500]
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == expected
        assert _changes(queries) == []
    if caller == "other company" and operation.lists and operation.method == "get":
        assert response.json()["count"] == 0  # Y has no roles: none of X's show


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: f"{o.method} {o.path}")
def test_a_key_without_the_scope_is_refused(world, operation):
    others = [s for s in COMPANY_SCOPES if s != operation.scope]
    _, raw = _key(world["x"], others)
    with CaptureQueriesContext(connection) as queries:
        response = _call(raw, operation, world["ids"])
    assert response.status_code == 403
    assert operation.scope.value in response.json()["detail"]
    assert _changes(queries) == []


SCREEN_LINE = b'{"id": "c1", "birth_date": "1998-04-01", "degrees": []}\n'


def _screen(client):
    return client.post(
        "/api/v1/screening/", SCREEN_LINE, content_type="application/x-ndjson"
    )


def test_screening_takes_a_staff_key_of_staff_with_totp(world, settings, client):
    settings.ADMIN_REQUIRE_MFA = True
    staff_key = world["keys"]["staff"]
    # Its author has no authenticator yet: refused.
    assert _screen(ApiClient(staff_key)).status_code == 403
    force_login_with_mfa(client, world["staff"])  # activates TOTP
    response = _screen(ApiClient(staff_key))
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["id"] == "c1"
    # Company keys never screen, whatever their scopes.
    assert _screen(ApiClient(world["keys"]["x all scopes"])).status_code == 403
    assert _screen(ApiClient(None)).status_code == 401


def test_screening_from_a_staff_session_needs_mfa(world, settings, client):
    settings.ADMIN_REQUIRE_MFA = True
    staff = world["staff"]
    client.force_login(staff)  # a password only
    assert _screen(client).status_code == 403
    force_login_with_mfa(client, staff)
    assert _screen(client).status_code == 200
    # A seeker's session is not staff.
    seeker = CandidateProfileFactory().user
    client.force_login(seeker)
    assert _screen(client).status_code == 403


def test_a_staff_key_stops_when_its_author_leaves_staff(world, settings):
    settings.ADMIN_REQUIRE_MFA = False
    staff_key = world["keys"]["staff"]
    assert _screen(ApiClient(staff_key)).status_code == 200
    world["staff"].is_staff = False
    world["staff"].save()
    assert _screen(ApiClient(staff_key)).status_code == 403
