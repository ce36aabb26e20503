"""Settings for K-Talent Portal: one file, read from environment variables.

With no environment at all the site runs on the embedded default: SQLite,
Celery tasks executed eagerly in-process, email printed to the console. Every
variable is listed in `.env.example` and in the README's configuration table
(`tests/test_env_example.py` compares the three).

Read top to bottom, one section per subject: core, applications, database,
accounts, cache, Celery, email, internationalisation, files, security, logging,
then the product's own (screening, roles, matching) and last the beat schedule,
which uses their intervals.
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# --- Core: debug, secret key, hosts ---------------------------------------------
# https://docs.djangoproject.com/en/6.1/ref/settings/#debug
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# A key everyone can read signs nothing safely: only local development
# (DJANGO_DEBUG=1) may fall back to it. Anything else refuses to start.
DEVELOPMENT_SECRET_KEY = (
    "django-insecure-local-only-3b1f6c1e2d8a4f7b9c0e5a6d7f8b9c0d1e2f3a4b"
)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to 50 random characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))', or set "
            "DJANGO_DEBUG=1 for local development (the Makefile does)."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# The sites framework's domain (SITE_DOMAIN) is written once, by migration
# accounts.0002, not read here.
SITE_ID = 1

# --- Applications, middleware, templates ---------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "accounts.apps.MFAConfig",  # allauth.mfa, its admin name translated
    "django_countries",
    # https://django-simple-history.readthedocs.io/en/latest/quick_start.html
    "simple_history",
    "portal",
    "accounts",
    "jobs",
    # Role search and filter forms (jobs). Listed after our apps, as they always
    # were, so our templates and translations keep precedence over theirs.
    "django.contrib.postgres",
    "django_filters",
    # The REST API (jobs/views/api): its Swagger UI is served from this package.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Django's own CSP (6.0+), configured by SECURE_CSP below.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "portal.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 400 for a NUL byte in any input: PostgreSQL cannot take one (a 500 otherwise).
    "portal.input_checks.RejectNullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The account's language (accounts.User.language) over the browser's.
    "accounts.middleware.UserLanguageMiddleware",
    # /api/: Accept-Language alone decides (a script has no cookie or account).
    "portal.middleware.ApiLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.AdminMFAMiddleware",
    # Records the signed-in user as the author of model history (the audit trail).
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                # `csp_nonce` for the admin's templates, which mark their own
                # inline <style>/<script> with it (Django 6.0+).
                "django.template.context_processors.csp",
                # The nav's unread-messages badge: one query, none when signed out.
                "jobs.web.nav.unread_messages",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer fails a request (and /healthz) in
    # seconds rather than after the operating system's TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DJANGO_DB_CONNECT_TIMEOUT", default=5)
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # WAL lets the eager tasks and the dev server read while another writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # The test database is a file, not memory, so the Celery worker processes the
    # fault tests start can share it (pytest-xdist appends "_gw0", ... to the name).
    # One file per test process: two test runs in one tree never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": env(
            "DJANGO_TEST_DB_FILE",
            default=str(
                Path(tempfile.gettempdir()) / f"k-talent-test-{os.getpid()}.sqlite3"
            ),
        )
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and sign-in (Django auth, django-allauth, MFA) -------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, loading the signed-in user of each request in
# one precompiled statement (accounts/backends.py). A session keeps the path of
# the backend that signed it in: sessions from before this change sign in again.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:landing"

# https://docs.allauth.org/en/latest/account/configuration.html
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.AccountTypeForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[K-Talent] "
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# allauth's rate limits are on (its defaults: e.g. failed logins 10 a minute per
# client IP and 5 per 5 minutes per account). They are stored in the "default"
# cache, a database table, so they hold across processes and Redis outages.
# Behind a load balancer every request comes from the balancer's address: say how
# many proxies append to X-Forwarded-For (or which header carries the client IP),
# or one client's failures lock everyone out. 0 / unset: REMOTE_ADDR is the client.
# https://docs.allauth.org/en/latest/common/rate_limits.html
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = (
    env("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default="") or None
)
# The public "Do I qualify?" check (/check/): answers per client address (its
# hash is the key), with allauth's rate-limit store above. "amount/period/key".
VISA_CHECK_RATE_LIMIT = "30/5m/key"
# Messages (/conversations/<id>/messages/): per person, so a script cannot flood
# a recruiter's inbox; "amount/period/key" as above.
MESSAGE_RATE_LIMIT = env("MESSAGE_RATE_LIMIT", default="20/1m/key")
# Company API keys (/api/v1/): requests per key ("amount/period/key" as above);
# more are answered 429. An employer holds at most API_KEYS_PER_COMPANY active keys.
API_RATE_LIMIT = env("API_RATE_LIMIT", default="600/1m/key")
API_KEYS_PER_COMPANY = env.int("API_KEYS_PER_COMPANY", default=20)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Staff reach the admin only after signing in with a TOTP code.
ADMIN_REQUIRE_MFA = env.bool("ADMIN_REQUIRE_MFA", default=True)
MFA_TOTP_ISSUER = "K-Talent Portal"

# --- Redis and the caches --------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")


def _next_redis_db(url: str) -> str:
    """REDIS_URL with the next database number: the search cache's default home.

    Apart from the broker's queues, a cache `clear()` (FLUSHDB) cannot drop
    queued tasks, and the cache's size shows on its own. Eviction under
    `maxmemory` is per instance, not per database: README ("Running in
    production") says how to cap the cache without evicting the queues."""
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"}:
        return url  # e.g. a unix socket (db in the query): set CACHE_URL instead
    path = parts.path.strip("/")
    db = int(path) if path.isdigit() else 0
    # Redis has databases 0-15 unless configured otherwise.
    return urlunsplit(parts._replace(path=f"/{(db + 1) % 16}"))


# Two caches. "default" is a database table: allauth's rate limits live there
# (allauth always uses the default cache), so the per-account login limit holds
# across every web process, with or without Redis, and a Redis outage neither
# breaks login nor lifts the limits. "search" holds the rendered search pages:
# Redis in production (shared by the web machines; degrades to no cache when
# Redis is down, `portal/cache.py`), local memory per process otherwise.
# The table is created by migration jobs.0010 (`createcachetable`).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
        # Culling would forget failed-login counts under a flood of keys.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    "search": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
CACHE_URL = env("CACHE_URL", default=_next_redis_db(REDIS_URL) if REDIS_URL else "")
if CACHE_URL:
    CACHES["search"] = {
        "BACKEND": "portal.cache.ResilientRedisCache",
        "LOCATION": CACHE_URL,
    }
# "pages": the signed-in pages' work-permit estimates and cached fragments (the
# employer dashboard, the matches page's reasons), in the same store as the
# search under their own prefix. Every key holds what the value depends on
# (facts, offer, rules and date; the data a fragment shows, the language), so
# an entry is never stale, only unused. Local memory per process without Redis.
CACHES["pages"] = (
    {
        "BACKEND": "portal.cache.ResilientRedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "pages",
    }
    if CACHE_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        # An estimate per candidate and role seen: more than the default 300.
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
)

# "sessions": a copy of each session, read before the database (portal/sessions.py).
# Redis only: without it, the dummy cache, as a memory cache per process would
# keep a signed-out session alive in the other processes.
CACHES["sessions"] = (
    {
        "BACKEND": "portal.cache.ResilientRedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "sessions",
    }
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
)
SESSION_ENGINE = "portal.sessions"
SESSION_CACHE_ALIAS = "sessions"
# Seconds a session's cached copy lives: a sign-out while Redis is unreachable
# leaves the copy usable at most this long.
SESSION_CACHE_SECONDS = env.int("SESSION_CACHE_SECONDS", default=300)

# --- Celery ------------------------------------------------------------------------------
# The periodic tasks (CELERY_BEAT_SCHEDULE) are the last section: they use the
# intervals of the sections before them.
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    # No Redis: run tasks in-process, at once. Local runs and tests need no worker.
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# https://docs.celeryq.dev/en/stable/userguide/configuration.html#task-acks-late
# Tasks are idempotent, so a task redelivered after a worker died is harmless.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=10 * 60)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request that queues a task while Redis is down waits for these, then goes
# on (jobs/queueing.py): one quick retry for a blip, and a connect timeout that
# bounds the wait for a Redis host that does not answer at all.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = env.float(
    "CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0
)
# Redelivery of unacknowledged tasks (their worker died) after this many seconds;
# longer than the hard time limit so a slow task is never run twice at once.
_visibility_timeout = env.int(
    "CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 60
)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility_timeout,
    # Workers look for such tasks every few seconds (kombu's default is every
    # 100 s: interval 10 s, throttle 10), so a lost task waits little longer
    # than the visibility timeout.
    "unacked_restore_interval": max(1, min(10, _visibility_timeout // 10)),
    "unacked_restore_throttle": 1,
}
CELERY_TIMEZONE = "Asia/Shanghai"

# --- Email and the outbox ------------------------------------------------------------
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
# Django 6.1's MAILERS replaces EMAIL_BACKEND/EMAIL_HOST/...; one URL sets it:
# consolemail:// (default), smtp+tls://user:password@host:587, smtp+ssl://...
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
    "timeout": env.int("EMAIL_TIMEOUT", default=20),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {k: v for k, v in _smtp_options.items() if v not in (None, "")}
        if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default="K-Talent Portal <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The outbox (jobs/notifications.py): every email is an outbox row first, sent by
# a task queued on commit. Beat sends what is still pending after the grace
# period (the broker was down, or sending failed and its backoff has passed).
OUTBOX_GRACE_SECONDS = env.int("OUTBOX_GRACE_SECONDS", default=60)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
# A row claimed longer ago than this (its sender died) is tried again.
OUTBOX_CLAIM_TIMEOUT_SECONDS = env.int("OUTBOX_CLAIM_TIMEOUT_SECONDS", default=15 * 60)
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=30)
# Messages (jobs/services/messages.py): unread messages are emailed this long
# after the first of a burst, in one email; a reader who opened the thread by
# then gets none.
MESSAGE_EMAIL_DELAY_SECONDS = env.int("MESSAGE_EMAIL_DELAY_SECONDS", default=300)

# --- Webhooks (jobs/services/webhooks.py) ----------------------------------------------
# Seconds one delivery waits for the receiver's answer.
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
# A delivery still failing this long after it was written is given up; an
# endpoint whose failures have lasted this long is disabled and its owners emailed.
WEBHOOK_RETRY_FOR_SECONDS = env.int("WEBHOOK_RETRY_FOR_SECONDS", default=24 * 60 * 60)
# Endpoints on this machine or a private network (http:// too): local development only.
WEBHOOKS_ALLOW_LOCAL = env.bool("WEBHOOKS_ALLOW_LOCAL", default=DEBUG)

# --- Internationalisation ----------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and private files --------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
# Bootstrap is vendored in portal/static/vendor/bootstrap/ (its README says why),
# found like any app's static files.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "DJANGO_STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Uploaded CVs and logos are not served as public media: views stream them after
# an access check.
MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security ----------------------------------------------------------------------
# https://docs.djangoproject.com/en/6.1/howto/deployment/checklist/
SECURE = env.bool("DJANGO_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=SECURE)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int(
    "DJANGO_SECURE_HSTS_SECONDS", default=31536000 if SECURE else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# https://docs.djangoproject.com/en/6.1/ref/csp/
# Django's built-in Content Security Policy, not the django-csp package: since
# 6.0 it ships the middleware and the nonce, and the admin's templates already
# put `{% csp_nonce_attr %}` on their own tags. No inline script or style
# anywhere in our templates (JS and CSS are static files; charts are SVG with
# presentation attributes). The nonce is only for the admin: it appears in the
# header only on a page whose template used it, so public pages (and the
# whole-page search cache) carry none. `data:` images: Bootstrap's CSS draws its
# icons (select arrow, checkboxes, navbar toggler) as data: SVGs, and allauth
# shows the TOTP QR code as one.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features no page of the portal uses, turned off for it and any frame.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
}

# --- Logging -----------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per task is noise in eager mode; failures still log as errors.
        "celery.app.trace": {"level": env("CELERY_TRACE_LOG_LEVEL", default="WARNING")},
    },
}

# --- Screening pipeline ------------------------------------------------------------
# A verdict older than this is re-checked by the sweep (ages move with the date).
SCREENING_MAX_AGE_HOURS = env.int("SCREENING_MAX_AGE_HOURS", default=24)
SCREENING_CHUNK_SIZE = env.int("SCREENING_CHUNK_SIZE", default=500)
SCREENING_SWEEP_MINUTES = env.int("SCREENING_SWEEP_MINUTES", default=15)
# Fault-injection tests only: seconds a chunk task sleeps per candidate.
SCREENING_TEST_DELAY = env.float("SCREENING_TEST_DELAY", default=0.0)

# --- Employers, roles and applications ---------------------------------------------
# Publish roles of verified companies without staff review.
ROLES_AUTO_APPROVE_VERIFIED = env.bool("ROLES_AUTO_APPROVE_VERIFIED", default=False)
ROLES_PER_PAGE = 25
# Seconds a search's rendered results are cached; the key changes with any role or
# company change, so this only bounds memory. 0 turns the cache off.
ROLES_SEARCH_CACHE_SECONDS = env.int("ROLES_SEARCH_CACHE_SECONDS", default=300)
# A search counts at most this many matches ("1,000+ roles") and pages through
# them; a keyword search ranks only its newest max(SEARCH_RANK_CANDIDATES,
# SEARCH_COUNT_CAP + 1) matches, so neither grows with the table.
SEARCH_COUNT_CAP = env.int("SEARCH_COUNT_CAP", default=1000)
SEARCH_RANK_CANDIDATES = env.int("SEARCH_RANK_CANDIDATES", default=1000)
# Seconds a signed-in page (search, role, dashboard, matches) is kept for its
# reader in the "pages" cache (jobs/web/page_cache.py); its key changes with every
# write it shows, so this only bounds memory. 0 turns the cache off.
SIGNED_IN_PAGE_CACHE_SECONDS = env.int("SIGNED_IN_PAGE_CACHE_SECONDS", default=600)
# Seconds a process reuses the rules stamp in those pages' keys (it counts the
# institution table): a rules change made through another process shows in
# cached role and matches pages within this long. Screening never waits for it.
PAGE_RULES_STAMP_SECONDS = env.int("PAGE_RULES_STAMP_SECONDS", default=5)

# --- Matching ------------------------------------------------------------------------
MATCHES_PER_ROLE = env.int("MATCHES_PER_ROLE", default=50)
ROLES_PER_CANDIDATE = env.int("ROLES_PER_CANDIDATE", default=20)
MATCH_MIN_SCORE = env.int("MATCH_MIN_SCORE", default=40)
# Candidates per match-refresh task: a larger refresh is split into tasks by id
# range, which the workers run in parallel.
MATCH_SHARD_SIZE = env.int("MATCH_SHARD_SIZE", default=500)

# --- Periodic tasks (Celery beat) --------------------------------------------------
# Every schedule in one place. The keys and task names are what beat and the
# queued messages use: rename neither.
CELERY_BEAT_SCHEDULE = {
    # Screening: re-check stale verdicts; tell candidates whose outlook improved.
    "screening-sweep": {
        "task": "jobs.tasks.sweep_task",
        "schedule": SCREENING_SWEEP_MINUTES * 60,
    },
    "screening-outlook-emails": {
        "task": "jobs.tasks.send_outlook_emails_task",
        "schedule": 60 * 60,
    },
    # Roles: expiry, the warning before it, saved-search digests.
    "roles-expire": {
        "task": "jobs.tasks.expire_roles_task",
        "schedule": 60 * 60,
    },
    "roles-expiry-warnings": {
        "task": "jobs.tasks.warn_expiring_roles_task",
        "schedule": 6 * 60 * 60,
    },
    "saved-search-emails": {
        "task": "jobs.tasks.send_saved_search_emails_task",
        "schedule": 24 * 60 * 60,
    },
    # Matching: roles changed since their last run, and every role nightly.
    "matches-changed-roles": {
        "task": "jobs.tasks.refresh_stale_role_matches_task",
        "schedule": env.int("MATCHES_REFRESH_MINUTES", default=10) * 60,
    },
    "matches-all-roles-nightly": {
        "task": "jobs.tasks.refresh_stale_role_matches_task",
        "schedule": 24 * 60 * 60,
        "kwargs": {"all_roles": True},
    },
    # Messages: threads whose unread-messages email task was lost.
    "messages-unread-emails": {
        "task": "jobs.tasks.notify_all_unread_messages_task",
        "schedule": 15 * 60,
    },
    # The outbox: what is still pending after the grace period.
    "outbox-sweep": {
        "task": "jobs.tasks.send_due_emails_task",
        "schedule": env.int("OUTBOX_SWEEP_SECONDS", default=60),
    },
    # Webhooks: deliveries due whose queued task was lost (broker down, worker died).
    "webhooks-due-deliveries": {
        "task": "jobs.tasks.send_due_webhooks_task",
        "schedule": 60,
    },
}
