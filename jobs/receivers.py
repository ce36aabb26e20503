"""Signal receivers: what jobs does when accounts tells it something happened.

accounts never imports jobs, so it announces events as signals and jobs listens:
a changed profile is screened again; a deleted user's applications are blanked
(the rows stay, candidate SET_NULL, for the counts), their conversations'
messages are deleted, and the emails written to
their address leave the outbox (bodies name the person). `connect()` is called
once, from `JobsConfig.ready()`.
"""

from collections.abc import Callable

from allauth.account.signals import user_logged_in
from django.conf import settings
from django.contrib import messages
from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils.translation import gettext as _

from accounts.models import CandidateProfile, User
from accounts.signals import profile_changed
from jobs.models import (
    Application,
    ApplyInvitation,
    CityWage,
    Company,
    Conversation,
    Institution,
    Membership,
    Message,
    Role,
    RulesConfiguration,
    SavedRole,
    SavedSearch,
)
from jobs.selectors.page_versions import forget_rules_stamp
from jobs.services.applications import anonymise_applications
from jobs.services.messages import forget_messages
from jobs.services.notifications import forget_recipient
from jobs.services.page_versions import (
    companies_showing_profiles,
    touch_conversation,
    touch_pages,
    touch_profiles,
)
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


# --- the signed-in pages' cache (jobs/web/page_cache.py) ---------------------------


def _company_of_role(role_id: int | None) -> int | None:
    return (
        Role.objects.filter(pk=role_id).values_list("company_id", flat=True).first()
        if role_id
        else None
    )


def touch_changed_profile(sender, profile_id: int, **kwargs) -> None:
    touch_profiles(profile_ids=[profile_id])


def touch_saved_profile(sender, instance: CandidateProfile, **kwargs) -> None:
    # pre_delete too: the profile's matches and applications still name the
    # companies that show it.
    touch_pages(
        user_ids=[instance.user_id],
        company_ids=companies_showing_profiles([instance.pk]),
    )


def touch_user(sender, instance: User, **kwargs) -> None:
    touch_pages(user_ids=[instance.pk])


def touch_application(sender, instance: Application, **kwargs) -> None:
    touch_pages(
        user_ids=[instance.candidate_id],
        company_ids=[_company_of_role(instance.role_id)],
    )


def touch_saved(sender, instance: SavedRole | SavedSearch, **kwargs) -> None:
    touch_pages(user_ids=[instance.user_id])


def touch_role(sender, instance: Role, **kwargs) -> None:
    touch_pages(company_ids=[instance.company_id])


def touch_company(sender, instance: Company, **kwargs) -> None:
    touch_pages(company_ids=[instance.pk])


def touch_membership(sender, instance: Membership, **kwargs) -> None:
    touch_pages(user_ids=[instance.user_id], company_ids=[instance.company_id])


def touch_invitation(sender, instance: ApplyInvitation, **kwargs) -> None:
    user_id = (
        CandidateProfile.objects.filter(pk=instance.profile_id)
        .values_list("user_id", flat=True)
        .first()
    )
    touch_pages(user_ids=[user_id], company_ids=[_company_of_role(instance.role_id)])


def touch_message(sender, instance: Message | Conversation, **kwargs) -> None:
    conversation_id = (
        instance.conversation_id if isinstance(instance, Message) else instance.pk
    )
    touch_conversation(conversation_id=conversation_id)


_PAGE_RECEIVERS: list[tuple[type[Model], Callable[..., None]]] = [
    (User, touch_user),
    (Application, touch_application),
    (SavedRole, touch_saved),
    (SavedSearch, touch_saved),
    (Role, touch_role),
    (Company, touch_company),
    (Membership, touch_membership),
    (ApplyInvitation, touch_invitation),
    (Message, touch_message),
    (Conversation, touch_message),
]


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


def forget_page_rules_stamp(sender, **kwargs) -> None:
    """A rules row changed in this process: page keys read the stamp again."""
    forget_rules_stamp()


def connect() -> None:
    for rules_model in (RulesConfiguration, CityWage, Institution):
        name = f"rules_stamp_{rules_model._meta.model_name}"
        post_save.connect(
            forget_page_rules_stamp, sender=rules_model, weak=False, dispatch_uid=name
        )
        post_delete.connect(
            forget_page_rules_stamp,
            sender=rules_model,
            weak=False,
            dispatch_uid=f"{name}_deleted",
        )
    for model, receiver in _PAGE_RECEIVERS:
        name = f"pages_{model._meta.model_name}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=name)
        post_delete.connect(
            receiver, sender=model, weak=False, dispatch_uid=f"{name}_deleted"
        )
    post_save.connect(
        touch_saved_profile,
        sender=CandidateProfile,
        weak=False,
        dispatch_uid="pages_profile",
    )
    pre_delete.connect(
        touch_saved_profile,
        sender=CandidateProfile,
        weak=False,
        dispatch_uid="pages_profile_deleted",
    )
    profile_changed.connect(
        touch_changed_profile, weak=False, dispatch_uid="pages_profile_changed"
    )
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
