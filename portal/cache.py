"""A Redis cache that degrades to no cache when Redis is unreachable.

The search cache is an optimisation: with Redis stopped a page must still render,
only uncached. Django's `RedisCache` raises `redis.ConnectionError` into the view
(a 500), so this subclass catches Redis errors, logs them and answers as an empty
cache would: a read is a miss, a write does nothing.

After an error the backend stops calling Redis for `DOWN_SECONDS`, so an outage
costs one connection attempt per process every few seconds, not one per cache
call. Socket timeouts are short (`SOCKET_TIMEOUT`) for a Redis host that does
not answer at all, and redis-py's own retries are off: the caller would wait for
each of them.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

SOCKET_TIMEOUT = 0.5  # seconds, to connect and for each command
DOWN_SECONDS = 5.0


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    # RedisError covers connection, timeout and response errors; OSError a
    # socket failing below redis-py.
    return (redis.RedisError, OSError)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, with one `redis.Redis` per connection pool.

    Django builds a new `redis.Redis` around the pool for every cache call, and
    redis-py fills a table of about 170 response callbacks for each: measured,
    that was most of a cache read's cost (about 0.25 ms of a 0.4 ms GET on
    loopback) on every signed-in page, which reads the session and the page.
    A `redis.Redis` is safe to share between threads: each command takes its
    own connection from the pool.
    """

    # Django's, absent from its stubs.
    _client: Any
    _get_connection_pool: Callable[..., Any]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(
                id(pool), self._client(connection_pool=pool)
            )
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**params.get("OPTIONS", {})}}
        options = params["OPTIONS"]
        options.setdefault("socket_connect_timeout", SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT)
        options.setdefault("retry", None)
        self.down_seconds = float(options.pop("DOWN_SECONDS", DOWN_SECONDS))
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._down_until = 0.0
        self._errors = _redis_errors()

    def ping(self) -> bool:
        """Ask Redis directly (health checks); raises when it does not answer."""
        return bool(self._cache.get_client(write=True).ping())

    def _call(self, operation: str, fallback, method, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return method(*args, **kwargs)
        except self._errors as error:
            self._down_until = time.monotonic() + self.down_seconds
            logger.warning(
                "Cache unavailable (%s: %s); serving without cache for %.0f s",
                operation,
                error,
                self.down_seconds,
            )
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # A missing key raises ValueError in every backend; an unreachable
        # Redis is a missing key too, so callers handle one case.
        result = self._call("incr", None, super().incr, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found.")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # The keys that failed: all of them when Redis is down.
        return self._call(
            "set_many", list(data), super().set_many, data, timeout, version
        )

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._call("clear", False, super().clear)
