"""Staff in the Moderators and Support groups for the security tests."""

import pytest

from tests.factories import staff_in_group


@pytest.fixture
def moderator(db):
    return staff_in_group("Moderators", email="moderator@example.com")


@pytest.fixture
def support(db):
    return staff_in_group("Support", email="support@example.com")


@pytest.fixture
def require_mfa(settings):
    # tests/conftest.py turns the staff MFA requirement off for the suite.
    settings.ADMIN_REQUIRE_MFA = True
