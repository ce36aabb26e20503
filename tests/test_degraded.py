"""Redis unreachable without a real Redis: a closed loopback port.

The search cache degrades to no cache, login keeps its rate limits (they are in
the database), and /healthz names what is down (issue 11, defect 5). The same
with a real redis-server stopped mid-test is in tests/pipeline/test_redis_down.py.
"""

import socket
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection
from django.urls import reverse

from portal.cache import ResilientRedisCache
from tests.factories import PASSWORD, RoleFactory, SeekerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_redis_url() -> str:
    """A loopback port nothing listens on: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


@pytest.fixture
def search_cache_down(settings, dead_redis_url):
    settings.CACHES = {
        **settings.CACHES,
        "search": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": dead_redis_url,
        },
    }
    return caches["search"]


def test_a_cache_error_is_a_miss_and_a_write_does_nothing(dead_redis_url, caplog):
    cache = ResilientRedisCache(dead_redis_url, {})
    assert cache.get("key", "miss") == "miss"
    assert cache.set("key", 1) is None
    assert cache.add("key", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1}) == ["a"]
    with pytest.raises(ValueError, match="not found"):
        cache.incr("counter")
    assert "Cache unavailable" in caplog.text
    with pytest.raises(Exception):  # noqa: B017, PT011 - health checks see the error
        cache.ping()


def test_after_an_error_redis_is_not_asked_again_for_a_while(dead_redis_url):
    cache = ResilientRedisCache(dead_redis_url, {})
    with mock.patch.object(
        cache._cache, "get", side_effect=ConnectionError("refused")
    ) as get:
        for _ in range(20):
            assert cache.get("key") is None
    assert get.call_count == 1  # one attempt; the other 19 skip Redis


def test_search_answers_with_the_cache_down(client, search_cache_down):
    RoleFactory(title="Robotics engineer")
    for _ in range(2):
        response = client.get(reverse("jobs:role_search"), {"q": "robotics"})
        assert response.status_code == 200
        assert "Robotics engineer" in response.text


def test_login_works_with_redis_down_and_keeps_its_rate_limits(
    client, search_cache_down
):
    """Rate limits live in the database cache, not in Redis."""
    assert caches["default"].__class__.__name__ == "DatabaseCache"
    seeker = SeekerFactory()
    response = client.post(
        reverse("account_login"), {"login": seeker.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM portal_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("allauth:rl" in key for key in keys)  # the attempt was counted


def test_healthz_reports_each_dependency(client, settings, dead_redis_url):
    settings.CACHES = {
        **settings.CACHES,
        "search": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": dead_redis_url,
        },
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = dead_redis_url
    response = client.get(reverse("healthz"))
    # Degraded, not down: the balancer keeps the node (Redis is shared by all).
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "error",
        "broker": "error",
    }


def test_healthz_is_503_when_the_database_is_down(client):
    with mock.patch(
        "portal.views.connection.cursor", side_effect=OperationalError("gone")
    ):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["database"] == "error"
