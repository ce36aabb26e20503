"""A company with an owner and keys, and a client that sends a key."""

import pytest
from django.test import Client

from jobs.models import COMPANY_SCOPES
from jobs.services.api_keys import create_api_key
from tests.factories import CompanyFactory, MembershipFactory


class ApiClient(Client):
    """The test client with `Authorization: Bearer <key>` on every request."""

    def __init__(self, key: str | None = None, language: str = "en", **kwargs):
        headers = {"Accept-Language": language}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        super().__init__(headers=headers, raise_request_exception=False, **kwargs)

    def post_json(self, path, data, **kwargs):
        return self.post(path, data, content_type="application/json", **kwargs)

    def patch_json(self, path, data, **kwargs):
        return self.patch(path, data, content_type="application/json", **kwargs)


def company_key(company, scopes=None, name="ATS") -> str:
    owner = company.memberships.filter(role="owner").first()
    user = owner.user if owner else MembershipFactory(company=company).user
    _key, raw = create_api_key(
        company=company,
        name=name,
        scopes=[str(s) for s in (scopes or COMPANY_SCOPES)],
        by=user,
    )
    return raw


@pytest.fixture
def company(db):
    company = CompanyFactory()
    MembershipFactory(company=company)
    return company


@pytest.fixture
def api(company):
    """A client holding a key with every company scope."""
    return ApiClient(company_key(company))
