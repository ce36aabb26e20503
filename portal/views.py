"""Site-wide pages: home and health check."""

import functools
import logging

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.http import require_GET

from accounts.services import set_language
from jobs.views.api.problems import problem_response
from portal.language import remember_language

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


# Seconds each dependency check may take: the load balancer's probe must get an
# answer well inside its own timeout even when a host does not answer at all.
HEALTH_TIMEOUT = 1.0


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.warning("healthz: database unavailable", exc_info=True)
        return "error"
    return "ok"


@functools.cache
def _redis_client(url: str):
    """One client (and connection pool) per URL and process, reused by probes."""
    import redis

    return redis.Redis.from_url(
        url,
        socket_connect_timeout=HEALTH_TIMEOUT,
        socket_timeout=HEALTH_TIMEOUT,
        retry=None,
    )


def _check_redis(url: str) -> str:
    import redis

    try:
        _redis_client(url).ping()
    except (redis.RedisError, OSError):
        logger.warning("healthz: Redis unavailable", exc_info=True)
        return "error"
    return "ok"


def _check_cache() -> str:
    backend = caches["search"]
    if not hasattr(backend, "ping"):
        return "ok"  # in-process memory: nothing to reach
    try:
        backend.ping()
    except Exception:
        logger.warning("healthz: cache unavailable", exc_info=True)
        return "error"
    return "ok"


def _check_broker() -> str:
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return "eager"  # no broker: tasks run in-process
    return _check_redis(settings.CELERY_BROKER_URL)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Each dependency's state, for load balancers and monitoring.

    503 only when the database is down: this node cannot serve anything. A cache
    or broker outage answers 200 with status "degraded": every web node shares
    the same Redis, so pulling nodes out of the balancer for it would take the
    whole site down, while the site still works without it (uncached pages;
    emails kept in the outbox and sent when the broker is back).
    """
    checks = {
        "database": _check_database(),
        "cache": _check_cache(),
        "broker": _check_broker(),
    }
    if checks["database"] != "ok":
        status, code = "error", 503
    elif "error" in checks.values():
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, **checks}, status=code)


@require_GET
def switch_language(request: HttpRequest) -> HttpResponse:
    """Set the language cookie and go back.

    A GET link, unlike Django's POST-only `set_language`, needs no CSRF token in
    every page's footer, so public pages stay identical for every anonymous
    visitor and can be cached whole. Choosing a language is harmless to forge.
    Signed in, the choice is also saved on the account (`User.language`).
    """
    language = request.GET.get("language", "")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    # Not `redirect()`: it would try a bare word such as "0" as a URL name and
    # fail. The target is a checked same-site URL, so redirect to it as it is.
    response = HttpResponseRedirect(target)
    if language in dict(settings.LANGUAGES):
        remember_language(response, language)
        if request.user.is_authenticated:
            # One of the GETs that write (README, "Layout"): a signed-in person's
            # choice is their account's, on every device and in every email.
            set_language(user=request.user, language=language)
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400 page, or a problem document under /api/ (a NUL byte or a bad
    host is refused before the API's own handlers run)."""
    if request.path_info.startswith("/api/"):
        return problem_response(request, 400, "")
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        return problem_response(request, 500, "")
    return defaults.server_error(request)
