"""Message reads: a conversation as its viewer may open it, its thread, the
unread count of the nav badge (one query) and the inbox.

Access: a seeker opens the conversations of their own applications and
invitations; a company member those of the company's invitations and of the
applications it may open (`applications_visible_to`: a withdrawn, hidden
candidate's thread is a 404 like their profile).
"""

from django.db.models import (
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
)

from jobs.models import Conversation, Message, Stage
from jobs.selectors.companies import company_for
from jobs.selectors.matching import applications_visible_to


def _is_seeker(user) -> bool:
    return bool(getattr(user, "is_seeker", False))


def conversations_visible_to(*, user) -> QuerySet[Conversation]:
    """Every conversation `user` may open (none for anyone else)."""
    if not user.is_authenticated:
        return Conversation.objects.none()
    if _is_seeker(user):
        return Conversation.objects.filter(
            Q(application__candidate=user) | Q(invitation__profile__user=user)
        )
    if not getattr(user, "is_employer", False):
        return Conversation.objects.none()
    company = company_for(user)
    if company is None:
        return Conversation.objects.none()
    return Conversation.objects.filter(
        Q(application__in=applications_visible_to(company).values("pk"))
        | Q(invitation__role__company=company)
    )


def conversation_for_viewer(*, user, pk: int) -> Conversation | None:
    """The conversation with what its pages show, if `user` may open it."""
    return (
        conversations_visible_to(user=user)
        .select_related(
            "application__role__company",
            "application__candidate__profile",
            "invitation__role__company",
            "invitation__profile__user",
        )
        .filter(pk=pk)
        .first()
    )


def thread(*, conversation: Conversation, after_id: int | None = None):
    """The conversation's messages, oldest first (only those after `after_id`)."""
    messages = Message.objects.filter(conversation=conversation)
    if after_id is not None:
        messages = messages.filter(id__gt=after_id)
    return messages.select_related("sender").order_by("id")


def _unread_messages(user) -> QuerySet[Message]:
    if _is_seeker(user):
        return Message.objects.filter(
            Q(conversation__application__candidate=user)
            | Q(conversation__invitation__profile__user=user),
            from_candidate=False,
        ).filter(
            Q(conversation__candidate_last_read_at__isnull=True)
            | Q(created_at__gt=F("conversation__candidate_last_read_at"))
        )
    # Withdrawn applications' threads are closed: not counted, even while the
    # company may still open them (counting visibility would cost queries).
    return Message.objects.filter(
        (
            Q(conversation__application__role__company__memberships__user=user)
            & ~Q(conversation__application__stage=Stage.WITHDRAWN)
        )
        | Q(conversation__invitation__role__company__memberships__user=user),
        from_candidate=True,
    ).filter(
        Q(conversation__company_last_read_at__isnull=True)
        | Q(created_at__gt=F("conversation__company_last_read_at"))
    )


def unread_count(*, user) -> int:
    """How many of the viewer's conversations hold messages they have not read
    (one query; 0 without one for anyone but a signed-in seeker or employer)."""
    if not user.is_authenticated or not (
        _is_seeker(user) or getattr(user, "is_employer", False)
    ):
        return 0
    return _unread_messages(user).values("conversation").distinct().count()


def conversations_for(*, user) -> list[Conversation]:
    """The inbox: the viewer's conversations with messages, unread first, then
    the latest first; each with `unread` and `last_at`."""
    seeker = _is_seeker(user)
    read_at = "candidate_last_read_at" if seeker else "company_last_read_at"
    unread = Message.objects.filter(
        conversation=OuterRef("pk"), from_candidate=not seeker
    ).filter(
        Q(**{f"conversation__{read_at}__isnull": True})
        | Q(created_at__gt=F(f"conversation__{read_at}"))
    )
    conversations = (
        conversations_visible_to(user=user)
        .annotate(last_at=Max("messages__created_at"), unread=Exists(unread))
        .filter(last_at__isnull=False)
        .select_related(
            "application__role__company",
            "application__candidate__profile",
            "invitation__role__company",
            "invitation__profile",
        )
        .order_by("-unread", "-last_at", "-pk")
    )
    return list(conversations)
