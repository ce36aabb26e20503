"""What every signed-in request reads before its page (issue 19): the session
(a bounded copy in Redis, else the database), the user (one precompiled
statement) and, for a cached page, one statement of versions and stamps, with
the rules stamp kept a few seconds per process."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.backends import AuthenticationBackend, ModelBackend
from jobs.models import CityWage
from jobs.selectors import page_versions as versions_module
from jobs.selectors.page_versions import forget_rules_stamp, page_versions
from jobs.selectors.rules import rules_stamp
from jobs.services.rules import save_city_wage
from portal.cache import ResilientRedisCache
from portal.row_reads import PrimaryKeyReader
from tests.factories import RoleFactory, SeekerFactory
from tests.pipeline.conftest import RedisServer
from tests.services import require_redis_server

pytestmark = pytest.mark.django_db

HOME = reverse("home")


@pytest.fixture
def session_copies(settings):
    """A "sessions" cache that holds copies (Redis in production)."""
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-session-copies",
        },
    }
    copies = caches["sessions"]
    copies.clear()
    yield copies
    copies.clear()


def _signed_in(client):
    user = SeekerFactory()
    client.force_login(user)
    return user, client.cookies["sessionid"].value


# --- the one-statement row reads -----------------------------------------------------


def test_the_precompiled_read_gives_what_the_orm_gives():
    """Every field, with the database's converters (aware datetimes on SQLite
    as on PostgreSQL), for a user and a session."""
    user = SeekerFactory(last_login=timezone.now())
    found = PrimaryKeyReader(get_user_model(), placeholder=0).get(user.pk)
    expected = get_user_model().objects.get(pk=user.pk)
    fields = [f.attname for f in get_user_model()._meta.concrete_fields]
    assert {f: getattr(found, f) for f in fields} == {
        f: getattr(expected, f) for f in fields
    }
    assert timezone.is_aware(found.date_joined)
    assert found._state.adding is False
    assert found._state.db == "default"

    session = Session.objects.create(
        session_key="k" * 32, session_data="x", expire_date=timezone.now()
    )
    read = PrimaryKeyReader(Session, placeholder="").get(session.pk)
    assert (read.session_data, read.expire_date) == ("x", session.expire_date)


@pytest.mark.parametrize("key", [10**9, "not-a-number", None, ""])
def test_no_row_or_a_key_that_is_not_one_reads_as_none(key):
    assert PrimaryKeyReader(get_user_model(), placeholder=0).get(key) is None


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_the_backends_load_active_users_only(backend):
    user = SeekerFactory()
    assert backend().get_user(user.pk) == user
    user.is_active = False
    user.save()
    assert backend().get_user(user.pk) is None
    assert backend().get_user(10**9) is None


def test_a_signed_in_request_reads_its_session_and_user_in_one_statement_each(client):
    user, _key = _signed_in(client)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("accounts:preferences"))
    assert response.status_code == 200
    assert response.context["user"] == user
    sql = [q["sql"] for q in queries]
    assert sum("django_session" in s for s in sql) == 1
    assert sum('FROM "accounts_user"' in s for s in sql) == 1


# --- the session copies ----------------------------------------------------------------


def test_with_copies_a_signed_in_request_does_not_read_the_session_table(
    client, session_copies
):
    _user, key = _signed_in(client)
    assert session_copies.get(f"django.contrib.sessions.cached_db{key}") is not None
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    assert not any("django_session" in q["sql"] for q in queries)


def test_a_copy_lives_at_most_session_cache_seconds(client, session_copies, settings):
    settings.SESSION_CACHE_SECONDS = 1
    user, key = _signed_in(client)
    cache_key = f"django.contrib.sessions.cached_db{key}"
    assert session_copies.get(cache_key) is not None
    time.sleep(1.2)
    assert session_copies.get(cache_key) is None
    # The database still holds the session: the next request reads it (and
    # copies it again).
    response = client.get(reverse("accounts:preferences"))
    assert response.status_code == 200
    assert response.context["user"] == user
    assert session_copies.get(cache_key) is not None


def test_no_copies_at_zero_seconds(client, session_copies, settings):
    settings.SESSION_CACHE_SECONDS = 0
    _user, key = _signed_in(client)
    assert client.get(HOME).status_code == 200
    assert session_copies.get(f"django.contrib.sessions.cached_db{key}") is None


def test_signing_out_removes_the_copy_and_the_old_cookie_is_anonymous(
    client, session_copies
):
    _user, key = _signed_in(client)
    assert client.post(reverse("account_logout")).status_code == 302
    assert session_copies.get(f"django.contrib.sessions.cached_db{key}") is None
    client.cookies["sessionid"] = key
    response = client.get(reverse("accounts:preferences"))
    assert response.status_code == 302  # to sign-in


def test_an_expired_session_in_the_database_is_not_loaded(client):
    _user, key = _signed_in(client)
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(reverse("accounts:preferences")).status_code == 302


# --- the shared Redis client -----------------------------------------------------------


def test_the_redis_cache_reuses_one_client_and_still_reads_and_writes(tmp_path):
    server = RedisServer(require_redis_server(), tmp_path)
    server.start()
    try:
        cache = ResilientRedisCache(server.url, {})
        assert cache._cache.get_client() is cache._cache.get_client(write=True)
        cache.set("k", {"v": 1}, 30)
        assert cache.get("k") == {"v": 1}
        assert cache.delete("k") is True
        assert cache.get("k") is None
    finally:
        server.stop()


# --- the rules stamp in the page keys --------------------------------------------------


def _role_stamp(role):
    found = page_versions(
        user_id=1, public_role_id=role.pk, today=timezone.localdate(), rules=True
    )
    assert found is not None
    return found[3]


def _wage_written_elsewhere(*, days: int) -> None:
    """A rules write that sends no signal here, as another process's would."""
    CityWage.objects.filter(pk=CityWage.objects.first().pk).update(
        updated_at=timezone.now() + timedelta(days=days)
    )


@pytest.fixture
def clock(monkeypatch) -> list[float]:
    """The page keys' monotonic clock, set by the test."""
    now = [1000.0]
    monkeypatch.setattr(versions_module.time, "monotonic", lambda: now[0])
    return now


def test_the_page_keys_rules_stamp_is_the_exact_one_when_read():
    forget_rules_stamp()
    assert _role_stamp(RoleFactory()) == rules_stamp()


def test_a_rules_write_in_this_process_shows_in_page_keys_at_once():
    role = RoleFactory()
    forget_rules_stamp()
    before = _role_stamp(role)
    wage = CityWage.objects.first()
    wage.average_wage_cny += 1
    save_city_wage(wage=wage, user=None)
    assert _role_stamp(role) == rules_stamp() != before


def test_a_write_from_another_process_shows_once_the_seconds_pass(settings, clock):
    """Another process's write sends no signal here (`update()` sends none
    either): the kept stamp serves until PAGE_RULES_STAMP_SECONDS pass."""
    settings.PAGE_RULES_STAMP_SECONDS = 5
    role = RoleFactory()
    forget_rules_stamp()
    before = _role_stamp(role)
    _wage_written_elsewhere(days=1)
    clock[0] += 4.9
    assert _role_stamp(role) == before
    clock[0] += 0.2
    assert _role_stamp(role) == rules_stamp() != before


def test_a_kept_stamp_obeys_the_setting_as_it_is_now_and_a_clock_gone_back(
    settings, clock
):
    settings.PAGE_RULES_STAMP_SECONDS = 5
    role = RoleFactory()
    forget_rules_stamp()
    before = _role_stamp(role)
    _wage_written_elsewhere(days=1)
    assert _role_stamp(role) == before
    settings.PAGE_RULES_STAMP_SECONDS = 0
    assert _role_stamp(role) == rules_stamp() != before

    settings.PAGE_RULES_STAMP_SECONDS = 5
    forget_rules_stamp()
    kept = _role_stamp(role)
    _wage_written_elsewhere(days=2)
    clock[0] = 10.0  # another clock (a new boot): the kept stamp is not reused
    assert _role_stamp(role) == rules_stamp() != kept


def test_at_zero_seconds_every_page_key_reads_the_rules(settings):
    settings.PAGE_RULES_STAMP_SECONDS = 0
    role = RoleFactory()
    before = _role_stamp(role)
    _wage_written_elsewhere(days=1)
    assert _role_stamp(role) != before
