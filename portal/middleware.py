"""Staff must have signed in with two-factor authentication to use the admin."""

from functools import lru_cache

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _


def signed_in_with_mfa(request) -> bool:
    """True when this session's login included an MFA step (TOTP or recovery code)."""
    return any(
        r.get("method") == "mfa"
        for r in get_authentication_records(request, request.user)
    )


@lru_cache(maxsize=8)
def _admin_paths(script_prefix: str, urlconf) -> tuple[str, str]:
    """The admin's URL prefix and its logout URL, reversed once per URL setup."""
    return reverse("admin:index"), reverse("admin:logout")


@receiver(setting_changed)
def _forget_admin_paths(*, setting, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _admin_paths.cache_clear()


class AdminMFAMiddleware:
    """Sends staff without a TOTP sign-in to set one up (or to confirm a code) first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.ADMIN_REQUIRE_MFA:
            return self.get_response(request)
        admin_prefix, admin_logout = _admin_paths(get_script_prefix(), get_urlconf())
        if (
            request.path.startswith(admin_prefix)
            and request.user.is_authenticated
            and request.user.is_staff
            and not request.path.startswith(admin_logout)
            and not signed_in_with_mfa(request)
        ):
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
        return self.get_response(request)
