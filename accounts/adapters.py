"""allauth adapter: where each kind of user lands after logging in, how its
emails are sent and how a client's address is read for rate limits."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language, override

from accounts.selectors import languages_of
from accounts.services import landing_url_for

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        return landing_url_for(request.user)

    def save_user(self, request, user, form, commit=True):
        """A new account keeps the language it signed up in, so the emails that
        follow (confirmation, team invitations, stage changes) are in it too;
        Preferences changes it."""
        user = super().save_user(request, user, form, commit=False)
        if not user.language and get_language() in dict(settings.LANGUAGES):
            user.language = get_language()
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth renders the message, in the language the address's account
        chose (a password reset asked in another browser), else the visitor's; the outbox
        sends it, so an SMTP or broker outage loses no confirmation or reset
        email and answers no 500 (`jobs.services.notifications`). Plain text only: the
        project has no HTML account email templates."""
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        from jobs.services.notifications import notify_rendered

        request = allauth_context.request
        language = (
            languages_of([email]).get(email.lower())
            or get_language()
            or settings.LANGUAGE_CODE
        )
        with override(language):
            message = self.render_mail(
                template_prefix,
                email,
                {
                    "request": request,
                    "email": email,
                    "current_site": get_current_site(request),
                    **context,
                },
            )
        notify_rendered(
            template=template_prefix,
            subject=message.subject,
            body=message.body,
            recipients=message.to,
            language=language,
        )

    def get_client_ip(self, request) -> str:
        """The client's address for rate limits (ALLAUTH_TRUSTED_PROXY_COUNT).

        allauth raises ImproperlyConfigured when X-Forwarded-For has fewer hops
        than the trusted proxy count: a request that reached the site without
        going through the proxies. That is the peer's doing, not a server error
        (a 500), so its own address counts instead.
        """
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            logger.warning(
                "X-Forwarded-For has fewer hops than ALLAUTH_TRUSTED_PROXY_COUNT; "
                "rate-limiting by the peer address"
            )
            return request.META.get("REMOTE_ADDR") or "0.0.0.0"
