"""Company webhooks: the endpoints a company registers and every delivery to them.

A delivery is a row before it is a request: written in the transaction of the
change it reports (so nothing is sent for a change that rolled back, and nothing
is lost while the broker or the receiver is down), then claimed by one sender at
a time (pending or failed → sending, one conditional UPDATE).
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobs.models.companies import Company


class WebhookEvent(models.TextChoices):
    APPLICATION_CREATED = "application.created", _("A candidate applied")
    APPLICATION_STAGE_CHANGED = (
        "application.stage_changed",
        _("An application moved to another stage"),
    )
    ROLE_PUBLISHED = "role.published", _("A role was published")
    ROLE_EXPIRED = "role.expired", _("A role expired")


def new_webhook_secret() -> str:
    """The signing secret: shown to the company's owners, kept in plain text to sign."""
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """An HTTPS address of a company's own system and the events it wants."""

    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("company"),
    )
    url = models.URLField(_("address (URL)"), max_length=500)
    # A list of WebhookEvent values (JSON, so every database reads it the same).
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(
        _("signing secret"), max_length=100, default=new_webhook_secret, editable=False
    )
    is_active = models.BooleanField(_("active"), default=True)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    # The first failure of the current run of failures; a success clears it.
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["company", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url

    def event_labels(self) -> list[str]:
        known = dict(WebhookEvent.choices)
        return [str(known.get(event, event)) for event in self.events]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("webhook delivery status", "Pending")
    SENDING = "sending", pgettext_lazy("webhook delivery status", "Sending")
    DELIVERED = "delivered", pgettext_lazy("webhook delivery status", "Delivered")
    FAILED = "failed", pgettext_lazy("webhook delivery status", "Failed, will retry")
    ABANDONED = "abandoned", pgettext_lazy("webhook delivery status", "Gave up")


# The statuses a sender may claim (when their next attempt is due).
OPEN_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one endpoint; a redelivery is a new row
    with the same `event_id`, so receivers can tell they saw it already."""

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, db_index=True)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status_code = models.PositiveSmallIntegerField(
        _("last status code"), null=True, blank=True
    )
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"], name="jobs_webhook_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
