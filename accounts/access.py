"""View decorators that check who may see a page."""

from collections.abc import Callable
from functools import wraps

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

View = Callable[..., HttpResponse]


def _account_type_required(check, view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not check(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def seeker_required(view):
    """Only job seekers may open the page; others get 403."""
    return _account_type_required(lambda user: user.is_seeker, view)


def employer_required(view):
    """Only employers may open the page; others get 403."""
    return _account_type_required(lambda user: user.is_employer, view)


def signed_in_with_mfa(request: HttpRequest) -> bool:
    """True when this session's login included an MFA step (TOTP or recovery code)."""
    return any(
        r.get("method") == "mfa"
        for r in get_authentication_records(request, request.user)
    )


def staff_mfa_passed(request: HttpRequest) -> bool:
    """True when staff need no further MFA step in this session."""
    return not settings.ADMIN_REQUIRE_MFA or signed_in_with_mfa(request)


def staff_mfa_redirect(request: HttpRequest) -> HttpResponse | None:
    """For a signed-in staff member: None when they may go on, else where to go first.

    Staff hold other people's data, so with `ADMIN_REQUIRE_MFA` on a password
    alone is not enough: without an authenticator they are sent to set one up,
    with one but a password-only session they confirm a code for this session.
    The admin (`portal.middleware.AdminMFAMiddleware`) and every staff view
    (`staff_required`) ask this one question.
    """
    if staff_mfa_passed(request):
        return None
    has_totp = Authenticator.objects.filter(
        user=request.user, type=Authenticator.Type.TOTP
    ).exists()
    if not has_totp:
        messages.warning(
            request,
            _(
                "Staff must use two-factor authentication. Set up an authenticator app to reach the admin."
            ),
        )
        return redirect("mfa_activate_totp")
    # Signed in before turning MFA on: confirm a code for this session.
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('mfa_reauthenticate')}?{query}")


def is_verified_staff(request: HttpRequest) -> bool:
    """A staff member whose session passed the MFA check (for a staff-only branch
    inside a page that others may open too)."""
    user = request.user
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and staff_mfa_passed(request)
    )


def staff_required(view: View) -> View:
    """Staff only, signed in with two-factor authentication.

    Anonymous visitors go to the login page, signed-in non-staff get 403, and
    staff whose session has no MFA step are sent to set up or confirm TOTP, as
    for the admin. Decorate every staff-only view with it (permission checks go
    below it), so the gate follows the view, not a URL prefix.
    """

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied
        if (response := staff_mfa_redirect(request)) is not None:
            return response
        return view(request, *args, **kwargs)

    return wrapped
