from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Employers, roles and screening")

    def ready(self) -> None:
        from accounts.signals import profile_changed
        from jobs.pipeline import enqueue_screening

        def screen_changed_profile(sender, profile_id: int, **kwargs) -> None:
            enqueue_screening(profile_id)

        profile_changed.connect(
            screen_changed_profile, weak=False, dispatch_uid="screen_profile"
        )
