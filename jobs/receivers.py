"""Signal receivers: what jobs does when accounts tells it something happened.

accounts never imports jobs, so it announces events as signals and jobs listens:
a changed profile is screened again; a deleted user's applications are blanked
(the rows stay, candidate SET_NULL, for the counts), their conversations'
messages are deleted, and the emails written to
their address leave the outbox (bodies name the person). `connect()` is called
once, from `JobsConfig.ready()`.
"""

from django.conf import settings
from django.db.models.signals import pre_delete

from accounts.signals import profile_changed
from jobs.services.applications import anonymise_applications
from jobs.services.messages import forget_messages
from jobs.services.notifications import forget_recipient
from jobs.services.pipeline import enqueue_screening


def screen_changed_profile(sender, profile_id: int, **kwargs) -> None:
    enqueue_screening(profile_id)


def anonymise_deleted_user(sender, instance, **kwargs) -> None:
    anonymise_applications(user_id=instance.pk)
    forget_messages(user_id=instance.pk)
    forget_recipient(email=instance.email)


def connect() -> None:
    profile_changed.connect(
        screen_changed_profile, weak=False, dispatch_uid="screen_profile"
    )
    pre_delete.connect(
        anonymise_deleted_user,
        sender=settings.AUTH_USER_MODEL,
        weak=False,
        dispatch_uid="anonymise_applications",
    )
