from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and candidate profiles")

    def ready(self) -> None:
        from accounts.services import register_export_sections

        register_export_sections()
