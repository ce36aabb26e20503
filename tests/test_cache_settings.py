"""Where the caches live: the search cache never shares the broker's Redis
database by default (issue 11, defect 6), and the rate limits are in the
database whatever the configuration (defect 10)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRINT_CACHES = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps({'caches': {k: [v['BACKEND'], v.get('LOCATION', '')] "
    "for k, v in settings.CACHES.items()}, 'broker': settings.CELERY_BROKER_URL}))"
)


def _settings(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CACHE_URL"}}
    out = subprocess.run(
        [sys.executable, "-c", PRINT_CACHES],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("redis_url", "cache_url"),
    [
        ("redis://redis.internal:6379/0", "redis://redis.internal:6379/1"),
        ("redis://redis.internal:6379", "redis://redis.internal:6379/1"),
        (
            "redis://:secret@redis.internal:6380/4",
            "redis://:secret@redis.internal:6380/5",
        ),
        ("rediss://redis.internal:6379/15", "rediss://redis.internal:6379/0"),
        ("unix:///run/redis.sock?db=0", "unix:///run/redis.sock?db=0"),
    ],
)
def test_the_search_cache_defaults_to_the_next_redis_database(redis_url, cache_url):
    found = _settings(REDIS_URL=redis_url)
    assert found["broker"] == redis_url
    assert found["caches"]["search"] == ["portal.cache.ResilientRedisCache", cache_url]
    assert (
        found["caches"]["default"][0] == "django.core.cache.backends.db.DatabaseCache"
    )


def test_cache_url_overrides_the_default():
    found = _settings(
        REDIS_URL="redis://broker:6379/0", CACHE_URL="redis://cache-host:6379/0"
    )
    assert found["caches"]["search"][1] == "redis://cache-host:6379/0"


def test_without_redis_the_rate_limits_are_still_shared_by_every_process():
    found = _settings()
    assert found["caches"]["default"] == [
        "django.core.cache.backends.db.DatabaseCache",
        "portal_cache",
    ]
    assert found["caches"]["search"][0].endswith("LocMemCache")
