from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Employers, roles and screening")

    def ready(self) -> None:
        # Imported here, not at the top: Django loads apps before their models,
        # and both modules import models. (The one cycle-breaker outside tasks.)
        from jobs import receivers
        from jobs.selectors.personal_data import register as register_export_sections

        # "My data" exports what jobs holds about a person (accounts cannot import
        # jobs, so jobs registers its sections; see accounts/exports.py).
        register_export_sections()
        receivers.connect()
