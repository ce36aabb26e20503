"""Whole signed-in pages, cached per reader.

A page is cached under everything it shows: the reader (their id, never shared
across people), the language, the reader's CSRF secret (so the tokens in the
page stay valid; a new sign-in rotates the secret and misses), the path and
query, the versions of the reader's and their company's data
(`jobs.selectors.page_versions`, bumped by `jobs.services.page_versions` on
every write that changes what these pages show), and what the view adds (a
role's `updated_at`, the rules stamp, today's date). An entry is never stale,
only unused.

Not cached: a request without a CSRF cookie (its page gets a new secret), with
flash messages waiting (they are shown once), a response that adds messages or
is not a plain 200.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from jobs.selectors.page_versions import page_versions


def _cache():
    return caches["pages"]


def page_key(request: HttpRequest, *, versions: tuple, parts: object = ()) -> str:
    """The cache key of this request's page for this reader."""
    # The secret behind the page's tokens (the reader's CSRF cookie), hashed
    # into the key with the rest.
    csrf = request.META["CSRF_COOKIE"]
    query = sorted(request.GET.lists())
    data = (request.path, query, versions, parts, csrf)
    digest = hashlib.blake2b(repr(data).encode(), digest_size=16).hexdigest()
    return f"page:{request.user.pk}:{translation.get_language()}:{digest}"


def is_cacheable(request: HttpRequest) -> bool:
    """The page may come from, and go to, the cache: the cache is on, the
    reader has a CSRF cookie (else the page gets a new secret: its tokens are
    for this response alone) and no flash message is waiting."""
    return bool(
        settings.SIGNED_IN_PAGE_CACHE_SECONDS
        and "CSRF_COOKIE" in request.META
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not len(messages.get_messages(request))
    )


def cached_page(
    request: HttpRequest,
    render: Callable[[], HttpResponse],
    *,
    company_id: int | None = None,
    versions: tuple | None = None,
    parts: object = (),
) -> HttpResponse:
    """`render()`'s response, or the body it gave before under the same key.

    `versions`: the reader's and company's (`page_versions`), when the view has
    read them already; else they are read here (one query).
    SIGNED_IN_PAGE_CACHE_SECONDS = 0 turns the cache off (every page rendered).
    """
    if not is_cacheable(request):
        return render()
    if versions is None:
        versions = page_versions(user_id=request.user.pk, company_id=company_id)
        assert versions is not None  # None only for a role that is not public
    key = page_key(request, versions=versions, parts=parts)
    body = _cache().get(key)
    if body is not None:
        get_token(request)  # the cookie is sent again, as a rendered page does
        return HttpResponse(body)
    response = render()
    if (
        response.status_code == 200
        and type(response) is HttpResponse
        and not len(messages.get_messages(request))
    ):
        _cache().set(key, response.content, settings.SIGNED_IN_PAGE_CACHE_SECONDS)
    return response
