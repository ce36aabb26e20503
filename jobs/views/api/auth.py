"""Who is calling: a company key (with scopes) or staff for the screening
interface, and the per-key rate limit.

A key is sent as `Authorization: Bearer ktp_…`. Unknown, altered or revoked
keys are a 401; a key without the scope an operation needs is a 403; over
`API_RATE_LIMIT` a 429 with `Retry-After`. Every accepted use is counted.
Another company's object is a 404, as on the web: each operation looks objects
up through `request.auth.company`.
"""

from allauth.core.internal import ratelimit
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from accounts.access import staff_mfa_passed
from jobs.models import ApiKey, ApiScope
from jobs.selectors.api_keys import key_for
from jobs.services.api_keys import record_use
from jobs.views.api.problems import Problem


def _within_rate_limit(request: HttpRequest, key: ApiKey) -> None:
    usage = ratelimit.consume(
        request,
        app="api",
        action="api_request",
        config={"api_request": settings.API_RATE_LIMIT},
        key=key.prefix,
        limit_get=True,  # reads count too: a key is limited, not a method
    )
    if usage is None:
        raise Problem(
            429,
            _("This key sent more than %(limit)s requests; wait a moment.")
            % {"limit": settings.API_RATE_LIMIT.split("/key")[0]},
            headers={"Retry-After": "60"},
        )


def _staff_may_screen(user) -> bool:
    """A staff key's author must still be active staff with an authenticator: a
    key never outlives its author's rights or their second factor."""
    if user is None or not (user.is_active and user.is_staff):
        return False
    if not settings.ADMIN_REQUIRE_MFA:
        return True
    return Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()


class KeyAuth(HttpBearer):
    """A company key holding `scope`."""

    def __init__(self, scope: ApiScope):
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        key = key_for(token)
        if key is None:
            return None
        if key.company_id is None or self.scope not in key.scopes:
            raise Problem(
                403,
                _("This key does not hold the “%(scope)s” scope.")
                % {"scope": self.scope.value},
            )
        _within_rate_limit(request, key)
        record_use(key=key)
        return key


class StaffKeyAuth(HttpBearer):
    """A staff key (screening scope) whose author is staff with TOTP."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        key = key_for(token)
        if key is None:
            return None
        if key.company_id is not None or ApiScope.SCREENING not in key.scopes:
            raise Problem(403, _("Screening is for staff keys only."))
        if not _staff_may_screen(key.created_by):
            raise Problem(
                403,
                _(
                    "The staff member who made this key is no longer staff with two-factor authentication."
                ),
            )
        _within_rate_limit(request, key)
        record_use(key=key)
        return key


class StaffSessionAuth(SessionAuth):
    """A signed-in staff member whose session passed MFA (the docs' "Try it out"),
    with Django's CSRF check as for any cookie. No session cookie: not this way."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if key is None or user is None or not user.is_authenticated:
            return None
        if not user.is_staff or not staff_mfa_passed(request):
            raise Problem(403, _("Staff must sign in with two-factor authentication."))
        return user
