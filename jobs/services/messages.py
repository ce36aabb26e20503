"""Messages between a candidate and a company (issue 16).

A conversation belongs to one application or one invitation to apply. Posting
marks the sender's side read and queues `notify_unread_messages_task`
`MESSAGE_EMAIL_DELAY_SECONDS` later: by then a burst of messages is one email
per recipient, and a reader who opened the thread meanwhile gets none.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.forms import MessageForm
from jobs.models import Conversation, Message, Side, Stage
from jobs.selectors.companies import team_emails
from jobs.services import notifications
from jobs.services.page_versions import touch_conversation
from jobs.services.queueing import enqueue_on_commit
from jobs.tasks import notify_unread_messages_task

_READ = {Side.CANDIDATE: "candidate_last_read_at", Side.COMPANY: "company_last_read_at"}
_NOTIFIED = {
    Side.CANDIDATE: "candidate_notified_at",
    Side.COMPANY: "company_notified_at",
}


def conversation_for_application(*, application) -> Conversation:
    conversation, _created = Conversation.objects.get_or_create(application=application)
    return conversation


def conversation_for_invitation(*, invitation) -> Conversation:
    conversation, _created = Conversation.objects.get_or_create(invitation=invitation)
    return conversation


def side_of(*, conversation: Conversation, user) -> Side:
    """The side `user` writes on: the candidate's, or (a member's) the company's."""
    return Side.CANDIDATE if user.pk == conversation.candidate_id else Side.COMPANY


def is_closed(conversation: Conversation) -> bool:
    """A withdrawn application's thread (or a deleted account's) takes no messages."""
    application = conversation.application
    return application is not None and (
        application.stage == Stage.WITHDRAWN or application.candidate_id is None
    )


def post_message(*, conversation: Conversation, sender, body: str) -> Message:
    """Add a message from `sender` (the candidate or a company member; the caller
    checked access). Raises ValidationError for an empty or too-long body, or
    on a closed thread."""
    form = MessageForm({"body": body})
    if not form.is_valid():
        raise ValidationError(list(form.errors["body"]))
    if is_closed(conversation):
        raise ValidationError(
            _("This application was withdrawn; the conversation is closed."),
            code="closed",
        )
    side = side_of(conversation=conversation, user=sender)
    with transaction.atomic():
        message = Message.objects.create(
            conversation=conversation,
            sender=sender,
            from_candidate=side == Side.CANDIDATE,
            body=form.cleaned_data["body"],
        )
        mark_read(conversation=conversation, side=side)
        enqueue_on_commit(
            notify_unread_messages_task,
            conversation.pk,
            countdown=settings.MESSAGE_EMAIL_DELAY_SECONDS or None,
        )
    return message


def mark_read(*, conversation: Conversation, side: Side | str) -> None:
    """`side` has seen every message so far."""
    field = _READ[Side(side)]
    now = timezone.now()
    Conversation.objects.filter(pk=conversation.pk).update(**{field: now})
    setattr(conversation, field, now)
    touch_conversation(conversation_id=conversation.pk)  # the unread badges


def notify_unread_messages(*, conversation_id: int) -> int:
    """Email each side once about the other side's messages it has neither read
    nor been told about; returns the number of sides emailed."""
    emailed = 0
    with transaction.atomic():
        conversation = (
            Conversation.objects.select_for_update().filter(pk=conversation_id).first()
        )
        if conversation is None:
            return 0
        now = timezone.now()
        changed = []
        for side in Side:
            since = max(
                (
                    t
                    for t in (
                        getattr(conversation, _READ[side]),
                        getattr(conversation, _NOTIFIED[side]),
                    )
                    if t is not None
                ),
                default=None,
            )
            notified = getattr(conversation, _NOTIFIED[side])
            if notified is not None and now - notified < _email_gap():
                # Emailed about this thread moments ago: what came since waits
                # for the next email (a later message's task or the sweep), so
                # a burst is one email even where tasks run at once (eager).
                continue
            unread = conversation.messages.filter(from_candidate=side != Side.CANDIDATE)
            if since is not None:
                unread = unread.filter(created_at__gt=since)
            messages = list(unread.order_by("id"))
            if not messages:
                continue
            recipients = _recipients(conversation, side)
            if recipients:
                notifications.unread_messages(
                    conversation=conversation,
                    to_candidate=side == Side.CANDIDATE,
                    messages=messages,
                    recipients=recipients,
                )
                emailed += 1
            setattr(conversation, _NOTIFIED[side], now)
            changed.append(_NOTIFIED[side])
        if changed:
            conversation.save(update_fields=changed)
    return emailed


def _email_gap() -> timedelta:
    return timedelta(seconds=settings.MESSAGE_EMAIL_DELAY_SECONDS)


def conversations_with_unemailed_messages() -> list[int]:
    """Threads with a message neither read nor emailed about, older than the
    delay: the sweep's safety net for a task lost with the broker."""
    cutoff = timezone.now() - _email_gap()
    ids: set[int] = set()
    for from_candidate, read, notified in (
        (True, "company_last_read_at", "company_notified_at"),
        (False, "candidate_last_read_at", "candidate_notified_at"),
    ):
        late = Message.objects.filter(
            from_candidate=from_candidate, created_at__lte=cutoff
        )
        for field in (read, notified):
            late = late.filter(
                Q(**{f"conversation__{field}__isnull": True})
                | Q(created_at__gt=F(f"conversation__{field}"))
            )
        ids.update(late.values_list("conversation_id", flat=True).distinct()[:1000])
    return sorted(ids)


def notify_all_unread_messages() -> int:
    """The sweep: email every thread a lost task left unannounced."""
    return sum(
        notify_unread_messages(conversation_id=pk)
        for pk in conversations_with_unemailed_messages()
    )


def _recipients(conversation: Conversation, side: Side) -> list[str]:
    if side == Side.COMPANY:
        return team_emails(conversation.role.company)
    candidate = conversation.candidate
    return [candidate.email] if candidate is not None else []


def forget_messages(*, user_id: int) -> int:
    """A deleting seeker's conversations lose their messages (both sides': the
    thread is about the seeker). Invitation threads go with the profile."""
    deleted, _counts = Message.objects.filter(
        conversation__application__candidate_id=user_id
    ).delete()
    more, _counts = Message.objects.filter(
        conversation__invitation__profile__user_id=user_id
    ).delete()
    return deleted + more
