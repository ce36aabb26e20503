"""The email outbox: every message the portal sends is a row here first."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OutboxStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("e-mail status", "Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxEmail(models.Model):
    """One email, rendered when it was written, sent by a task or the sweep.

    Written in the same transaction as the change it reports, so a message is
    never lost (the broker was down) nor sent for a change that rolled back.
    A sender claims the row (pending → sending) before sending, so two senders
    never send it twice.
    """

    template = models.CharField(_("template"), max_length=200)
    language = models.CharField(_("language"), max_length=16)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("body"))
    recipients = models.JSONField(_("recipients"), default=list)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OutboxStatus.choices,
        default=OutboxStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # When the sweep may (re)try it: pushed back after each failure.
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox email")
        verbose_name_plural = _("outbox emails")
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"], name="jobs_outbox_due_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.recipients)} ({self.status})"
