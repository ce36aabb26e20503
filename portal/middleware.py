"""Staff must have signed in with two-factor authentication to use the admin."""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

from accounts.access import signed_in_with_mfa, staff_mfa_redirect

__all__ = ["AdminMFAMiddleware", "signed_in_with_mfa"]


@lru_cache(maxsize=8)
def _admin_paths(script_prefix: str, urlconf) -> tuple[str, str]:
    """The admin's URL prefix and its logout URL, reversed once per URL setup."""
    return reverse("admin:index"), reverse("admin:logout")


@receiver(setting_changed)
def _forget_admin_paths(*, setting, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _admin_paths.cache_clear()


class AdminMFAMiddleware:
    """Sends staff without a TOTP sign-in to set one up (or to confirm a code) first.

    The admin's views are Django's, so the gate sits on its URL prefix; every
    other staff view carries `accounts.access.staff_required`, which asks the
    same `staff_mfa_redirect`.
    """

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
        ):
            response = staff_mfa_redirect(request)
            if response is not None:
                return response
        return self.get_response(request)
