"""Messages between a candidate and a company: one conversation per application
or per invitation to apply, and its messages."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobs.models.applications import Application
from jobs.models.matching import ApplyInvitation
from jobs.models.roles import Role


class Side(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    COMPANY = "company", _("Company")


class Conversation(models.Model):
    """The thread of one application or of one invitation to apply (exactly one).

    Each side's `last_read_at` says what it has seen; `notified_at` when it was
    last emailed about unread messages, so a burst of messages is one email.
    """

    application = models.OneToOneField(
        Application,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conversation",
    )
    invitation = models.OneToOneField(
        ApplyInvitation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conversation",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    candidate_last_read_at = models.DateTimeField(null=True, blank=True)
    company_last_read_at = models.DateTimeField(null=True, blank=True)
    candidate_notified_at = models.DateTimeField(null=True, blank=True)
    company_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False, invitation__isnull=True)
                | Q(application__isnull=True, invitation__isnull=False),
                name="jobs_conversation_one_subject",
            )
        ]

    def __str__(self) -> str:
        if self.application_id:
            return f"conversation on application {self.application_id}"
        return f"conversation on invitation {self.invitation_id}"

    @property
    def role(self) -> Role:
        """The role the conversation is about."""
        if self.application is not None:
            return self.application.role
        assert self.invitation is not None  # the check constraint
        return self.invitation.role

    @property
    def candidate_id(self) -> int | None:
        """The candidate's user id (None once their account is deleted)."""
        if self.application is not None:
            return self.application.candidate_id
        assert self.invitation is not None
        return self.invitation.profile.user_id

    @property
    def candidate(self):
        """The candidate's user (None once their account is deleted)."""
        if self.application is not None:
            return self.application.candidate
        assert self.invitation is not None
        return self.invitation.profile.user


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_candidate = models.BooleanField()
    body = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["conversation", "id"], name="jobs_message_thread")
        ]

    def __str__(self) -> str:
        return f"message {self.pk} in {self.conversation_id}"
