"""Signal receivers: what jobs does when accounts tells it something happened.

accounts never imports jobs, so it announces events as signals and jobs listens:
a changed profile is screened again; a deleted user's applications are blanked
(the rows stay, candidate SET_NULL, for the counts), their conversations'
messages are deleted, and the emails written to
their address leave the outbox (bodies name the person). `connect()` is called
once, from `JobsConfig.ready()`.
"""

from allauth.account.signals import user_logged_in
from django.conf import settings
from django.contrib import messages
from django.db.models.signals import pre_delete
from django.utils.translation import gettext as _

from accounts.models import CandidateProfile
from accounts.signals import profile_changed
from jobs.services.applications import anonymise_applications
from jobs.services.messages import forget_messages
from jobs.services.notifications import forget_recipient
from jobs.services.pipeline import enqueue_screening
from jobs.services.places import sync_desired_places
from jobs.services.visa_check import SESSION_KEY, take_answers_into_profile


def screen_changed_profile(sender, profile_id: int, **kwargs) -> None:
    enqueue_screening(profile_id)


def link_desired_places(sender, profile_id: int, **kwargs) -> None:
    """The seeker's desired cities, as typed, linked to the places they name."""
    profile = CandidateProfile.objects.filter(pk=profile_id).first()
    if profile is not None:
        sync_desired_places(profile=profile)


def anonymise_deleted_user(sender, instance, **kwargs) -> None:
    anonymise_applications(user_id=instance.pk)
    forget_messages(user_id=instance.pk)
    forget_recipient(email=instance.email)


def profile_from_check(sender, request, user, **kwargs) -> None:
    """ "Save this as my profile" on the public check: the answers kept in the
    session become the new seeker's degrees and post once they sign in."""
    session = getattr(request, "session", None)
    if session is None or SESSION_KEY not in session:
        return
    if take_answers_into_profile(session=session, user=user):
        messages.success(
            request, _("Your answers from the check were added to your profile.")
        )


def connect() -> None:
    user_logged_in.connect(
        profile_from_check, weak=False, dispatch_uid="profile_from_check"
    )
    profile_changed.connect(
        screen_changed_profile, weak=False, dispatch_uid="screen_profile"
    )
    profile_changed.connect(
        link_desired_places, weak=False, dispatch_uid="link_desired_places"
    )
    pre_delete.connect(
        anonymise_deleted_user,
        sender=settings.AUTH_USER_MODEL,
        weak=False,
        dispatch_uid="anonymise_applications",
    )
