"""Staff must have signed in with two-factor authentication to use the admin."""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import trans_real

from accounts.access import signed_in_with_mfa, staff_mfa_redirect
from jobs.views.api.problems import problem_response

__all__ = ["AdminMFAMiddleware", "ApiLanguageMiddleware", "signed_in_with_mfa"]


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


class ApiLanguageMiddleware:
    """Under /api/ the language is Accept-Language's alone, and said in the answer;
    a wrong method is a problem document like every other API error.

    LocaleMiddleware also reads the language cookie, and UserLanguageMiddleware
    the account's choice; a script sends neither, but a browser trying the docs
    does, and the same request must not answer in two languages depending on
    who sends it. The answer carries `Content-Language` and varies on the header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        language = _accepted_language(request.headers.get("Accept-Language", ""))
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if response.status_code == 405 and "problem" not in response.get(
            "Content-Type", ""
        ):
            # ninja answers a wrong method with plain text: make it a problem too.
            allowed = response.get("Allow", "")
            response = problem_response(request, 405, headers={"Allow": allowed})
        response.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Accept-Language",))
        return response


def _accepted_language(header: str) -> str:
    """The first language of the header the portal speaks, else the default."""
    for code, _quality in trans_real.parse_accept_lang_header(header[:500]):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE
