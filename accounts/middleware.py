"""A signed-in person sees the site in the language their account chose."""

from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """After AuthenticationMiddleware: the account's language beats the browser's.

    LocaleMiddleware (earlier) has already picked the cookie's or
    Accept-Language's language; an account that chose one (`User.language`)
    overrides it for the whole request, so the same person reads the same
    language on every device. A request without a session cookie is a visitor:
    the session is not touched for them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            user = request.user
            language = user.is_authenticated and user.preferred_language
            if language and language != translation.get_language():
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
