"""Contract tests generated from the API's own OpenAPI schema (schemathesis).

For every operation, Hypothesis generates requests from the schema, valid and
invalid; every answer must be documented: no 500, a status the schema lists,
its content type, and a body valid against its schema. They run with a key that
holds every company scope, on a world where the paths' ids exist (a role, an
application, a match), and again without a key. `make test` runs them on SQLite
and PostgreSQL.
"""

import re

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jobs.views.api import api
from tests.api.conftest import company_key
from tests.factories import (
    ApplicationFactory,
    CandidateProfileFactory,
    CompanyFactory,
    MembershipFactory,
    RoleFactory,
)

# The screening body is JSON Lines: sent as the text it is.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def wsgi_app():
    # The WSGI handler closes the connection around each request, which
    # would end the test's transaction: the test client disconnects them too.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def contract_world(db):
    company = CompanyFactory()
    MembershipFactory(company=company)
    role = RoleFactory(company=company, skills=["Python"], title_zh="机器人工程师")
    profile = CandidateProfileFactory()
    application = ApplicationFactory(role=role, candidate=profile.user)
    return {
        "key": company_key(company),
        "ids": {"role_id": role.pk, "application_id": application.pk},
    }


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.parametrize("caller", ["key", "no key", "real ids"])
def test_every_answer_matches_the_schema(case, caller, contract_world, wsgi_app):
    headers = {}
    if caller != "no key":
        headers["Authorization"] = f"Bearer {contract_world['key']}"
    if caller == "real ids" and case.path_parameters:
        # Generated ids are mostly 404s: this run reaches the objects themselves.
        case.path_parameters = {
            name: contract_world["ids"].get(name, value)
            for name, value in case.path_parameters.items()
        }
    case.call_and_validate(app=wsgi_app, headers=headers, checks=CHECKS)


def test_every_excused_api_url_is_an_operation_of_the_schema():
    """tests/security/test_fuzz.py excuses the API's URLs because this file fuzzes
    them: each must be an operation of the schema that `parametrize` walks."""
    from tests.security.test_access_matrix import all_patterns
    from tests.security.test_fuzz import EXCUSED

    routes = {p.key: "/" + re.sub(r"<(\w+)>", r"{\1}", p.route) for p in all_patterns()}
    paths = set(schema.raw_schema["paths"])
    handed_over = [n for n, why in EXCUSED.items() if "test_api_contract" in why]
    assert len(handed_over) == 11
    assert {routes[name] for name in handed_over} <= paths
