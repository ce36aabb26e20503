"""Fixtures shared by the whole suite."""

import unittest

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache

# pytest-django blocks the database for every test that has none of these (or
# the django_db marker): such a test cannot tell SQLite from PostgreSQL.
# (django_db_blocker is not one: every test has it, through an autouse fixture.)
_DATABASE_FIXTURES = frozenset({"_django_db_helper", "django_db_setup", "live_server"})


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="Run only the tests that can use the database (the Makefile's "
        "PostgreSQL run: the others ran on SQLite and cannot reach a database).",
    )


def uses_database(item: pytest.Item) -> bool:
    cls = getattr(item, "cls", None)
    if isinstance(cls, type) and issubclass(cls, unittest.TestCase):
        return True  # Django's TestCase classes open the database themselves
    return item.get_closest_marker("django_db") is not None or not (
        _DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--database-tests-only"):
        return
    kept, without = [], []
    for item in items:
        (kept if uses_database(item) else without).append(item)
    if without:
        config.hook.pytest_deselected(items=without)
        items[:] = kept


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Fast hashing; plain HTTP for the test client and the live server.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Admin tests log staff in with force_login; tests/accounts/test_admin_mfa.py
    # turns the MFA requirement back on and proves it.
    settings.ADMIN_REQUIRE_MFA = False
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


def _clear_memory_caches() -> None:
    from jobs.selectors import page_versions

    for cache in caches.all():
        if not isinstance(cache, DatabaseCache):
            cache.clear()
    page_versions._clear_rules_stamp()  # the page keys' rules stamp, per process


@pytest.fixture(autouse=True)
def _clear_cache():
    # Search pages live in the "search" cache: tests must not inherit them.
    # allauth's rate limits live in the "default" cache, a database table, which
    # each test's rollback resets (transactional tests: `_reference_data`).
    _clear_memory_caches()
    yield
    _clear_memory_caches()


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


_COPY_PREFIX = "test_seed_copy_"


def _run_seed(module: str, function: str) -> None:
    import importlib

    from django.apps import apps

    getattr(importlib.import_module(module), function)(apps, None)


def _restore_reference_data() -> None:
    """Put back the rows data migrations create (institutions, city wages, staff
    groups, the site name). A transactional test flushes every table when it
    ends, so the next transactional test would otherwise run without them.

    The 12,000 institutions and the city wages are copied back, in one
    statement each, from tables copied from them the first time (as migrate
    left them); re-running their seeds took about 2 s per transactional test.
    The copies are no model's tables, so a flush leaves them alone. Groups (by
    permission, which a flush recreates) and the site name are re-seeded.
    """
    from django.db import connection

    from jobs.models import CityWage, Institution

    quote = connection.ops.quote_name
    tables = [model._meta.db_table for model in (Institution, CityWage)]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        if any(_COPY_PREFIX + table not in existing for table in tables):
            # The first time in this database: seed (a no-op on migrate's rows)
            # and copy.
            _run_seed("jobs.migrations.0002_seed_reference_data", "seed")
            _run_seed("jobs.migrations.0012_wage_windows", "seed")
            for table in tables:
                copy = quote(_COPY_PREFIX + table)
                cursor.execute(f"DROP TABLE IF EXISTS {copy}")
                cursor.execute(f"CREATE TABLE {copy} AS SELECT * FROM {quote(table)}")
        else:
            for table in tables:
                cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")
                if cursor.fetchone() is None:
                    copy = quote(_COPY_PREFIX + table)
                    cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {copy}")
    _run_seed("jobs.migrations.0009_groups", "create_groups")
    _run_seed("accounts.migrations.0002_site_name", "name_site")


@pytest.fixture(autouse=True)
def _reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        _restore_reference_data()
        # The flush empties model tables only; the cache table keeps its rows.
        caches["default"].clear()
        yield
        caches["default"].clear()
    else:
        yield
