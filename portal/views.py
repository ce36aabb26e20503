"""Site-wide pages: home and health check."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def switch_language(request: HttpRequest) -> HttpResponse:
    """Set the language cookie and go back.

    A GET link, unlike Django's POST-only `set_language`, needs no CSRF token in
    every page's footer, so public pages stay identical for every anonymous
    visitor and can be cached whole. Choosing a language is harmless to forge.
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
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
