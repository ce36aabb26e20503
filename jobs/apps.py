from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Employers, roles and screening")

    def ready(self) -> None:
        # "My data" exports what jobs holds about a person (accounts cannot import
        # jobs, so jobs registers its sections; see accounts/exports.py).
        from jobs.personal_data import register as register_export_sections

        register_export_sections()

        from accounts.signals import profile_changed
        from jobs.pipeline import enqueue_screening

        def screen_changed_profile(sender, profile_id: int, **kwargs) -> None:
            enqueue_screening(profile_id)

        profile_changed.connect(
            screen_changed_profile, weak=False, dispatch_uid="screen_profile"
        )

        # accounts deletes users without knowing about applications: blank what a
        # deleted seeker wrote; the rows stay (candidate SET_NULL) for the counts.
        from django.conf import settings
        from django.db.models.signals import pre_delete

        from jobs.applications import anonymise_applications
        from jobs.notifications import forget_recipient

        def anonymise_deleted_user(sender, instance, **kwargs) -> None:
            anonymise_applications(user_id=instance.pk)
            # Queued or sent emails to the address go too (bodies name the person).
            forget_recipient(email=instance.email)

        pre_delete.connect(
            anonymise_deleted_user,
            sender=settings.AUTH_USER_MODEL,
            weak=False,
            dispatch_uid="anonymise_applications",
        )
