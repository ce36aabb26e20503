"""Helpers for tests that need real services (Redis, PostgreSQL, a browser).

On a laptop without the service such a test skips with a clear message; under
CI=true a missing service fails the run instead, so CI can never go green by
skipping.
"""

import os
import shutil

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def require(available: bool, message: str) -> None:
    """Skip (laptop) or fail (CI) when a service the test needs is missing."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {message}", pytrace=False)
    pytest.skip(message)


def require_chromium() -> str:
    require(
        os.path.exists(CHROMIUM),
        f"Chromium not found at {CHROMIUM} (apt-get install chromium)",
    )
    return CHROMIUM


def require_redis_server() -> str:
    path = shutil.which("redis-server") or "/usr/bin/redis-server"
    require(
        os.path.exists(path),
        "redis-server not installed (apt-get install redis-server)",
    )
    return path
