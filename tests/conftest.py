"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache


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


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth's rate limits live in the cache; tests must not inherit counts.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT
