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


def pytest_terminal_summary(terminalreporter):
    """The size of the authorisation matrix that ran (URL cases × actors)."""
    import sys

    matrix = sys.modules.get("tests.security.test_access_matrix")
    checked = getattr(matrix, "_checked", None)
    if checked:
        terminalreporter.write_line(
            f"access matrix: {len(checked)} URL × method cases × "
            f"{len(matrix.ACTORS)} actors = {sum(checked)} requests checked"
        )
