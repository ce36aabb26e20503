from allauth.mfa import apps as allauth_mfa_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True  # the module also holds MFAConfig
    name = "accounts"
    verbose_name = _("Accounts and candidate profiles")

    def ready(self) -> None:
        from accounts.services import register_export_sections

        register_export_sections()


class MFAConfig(allauth_mfa_apps.MFAConfig):
    """allauth's MFA app under a name the admin shows in the reader's language."""

    default = False  # named in INSTALLED_APPS as accounts.apps.MFAConfig
    verbose_name = _("Two-factor authentication")
