"""allauth adapter: where each kind of user lands after logging in."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ImproperlyConfigured

from accounts.services import landing_url_for

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        return landing_url_for(request.user)

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
