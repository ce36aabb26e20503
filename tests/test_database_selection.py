"""`--database-tests-only` (the Makefile's PostgreSQL run) keeps every test that
can reach the database and only those: a test it wrongly dropped would never run
on PostgreSQL, and nothing else would notice."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SAMPLE = """
import unittest

import pytest
from django.test import TestCase


def test_pure():
    assert 1 + 1 == 2


def test_client_without_database(client):
    pass


def test_db(db):
    pass


@pytest.mark.django_db
def test_marked():
    pass


@pytest.mark.django_db(transaction=True)
def test_transactional():
    pass


@pytest.fixture
def a_row(db):
    return 1


def test_through_a_fixture(a_row):
    pass


@pytest.fixture(scope="module")
def a_world(django_db_setup, django_db_blocker):
    return 1


def test_through_setup_and_blocker(a_world):
    pass


def test_live_server(live_server):
    pass


@pytest.mark.django_db
class TestMarkedClass:
    def test_in_class(self):
        pass


class TestDjangoCase(TestCase):
    def test_django_case(self):
        pass


class TestPlainUnittest(unittest.TestCase):
    def test_plain_unittest(self):
        pass
"""

KEPT = {
    "test_db",
    "test_marked",
    "test_transactional",
    "test_through_a_fixture",
    "test_through_setup_and_blocker",
    "test_live_server",
    "test_in_class",
    "test_django_case",
    "test_plain_unittest",  # kept to be safe: unittest classes are not inspected
}
DROPPED = {"test_pure", "test_client_without_database"}


def _collected(tmp_path: Path, *options: str) -> set[str]:
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import (  # noqa: F401\n"
        "    pytest_addoption,\n"
        "    pytest_collection_modifyitems,\n"
        ")\n"
    )
    (tmp_path / "test_sample.py").write_text(textwrap.dedent(SAMPLE))
    options = (*options, str(tmp_path / "test_sample.py"))
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q"]
    result = subprocess.run(
        [*command, "-p", "no:cacheprovider", "--rootdir", str(tmp_path), *options],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {
        line.rsplit("::", 1)[-1] for line in result.stdout.splitlines() if "::" in line
    }


def test_the_postgresql_run_keeps_exactly_the_tests_that_can_use_the_database(
    tmp_path,
):
    assert _collected(tmp_path, "--database-tests-only") == KEPT


def test_without_the_option_every_test_runs(tmp_path):
    assert _collected(tmp_path) == KEPT | DROPPED
