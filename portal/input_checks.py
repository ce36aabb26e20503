"""Request input that no page can use is refused before any view reads it."""

from django.core.exceptions import SuspiciousOperation


class NullCharacterInRequest(SuspiciousOperation):
    """A NUL byte in the path, a query or form value or a cookie."""


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


def _query_has_nul(query) -> bool:
    return _has_nul(query.keys()) or _has_nul(
        value for key in query for value in query.getlist(key)
    )


class RejectNullCharactersMiddleware:
    """Answer 400 to a request with a NUL character in any text it carries.

    PostgreSQL cannot store or compare a string with NUL (psycopg raises
    ValueError, a 500): a search box, a token in the URL or the admin's `?q=`
    each failed that way. Form fields already refuse NUL (Django's
    ProhibitNullCharactersValidator), but many views read `request.GET`, the
    path or a cookie directly. One check here covers every present and future
    view; no page needs a NUL from a browser, so nothing legitimate is refused.
    It runs before the session middleware, so a forged session cookie is caught
    too. Uploaded files are not checked: their contents may hold NUL bytes (a
    PDF does) and Django drops unprintable characters from their names. As a
    SuspiciousOperation the 400 is logged to
    `django.security.NullCharacterInRequest`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path_info
            or _query_has_nul(request.GET)
            or _has_nul(request.COOKIES.keys())
            or _has_nul(request.COOKIES.values())
        ):
            raise NullCharacterInRequest("NUL character in the URL or a cookie")
        if request.method == "POST" and _query_has_nul(request.POST):
            raise NullCharacterInRequest("NUL character in the form data")
        return self.get_response(request)
