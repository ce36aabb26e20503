"""allauth adapter: where each kind of user lands after logging in."""

from allauth.account.adapter import DefaultAccountAdapter

from accounts.services import landing_url_for


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        return landing_url_for(request.user)
