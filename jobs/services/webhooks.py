"""Company webhooks: events written as deliveries, signed, sent, retried, logged.

- `emit` (called by the application and role services) writes one pending
  `WebhookDelivery` per active endpoint of the company that wants the event, in
  the caller's transaction, and queues `send_webhook_task` on commit. A company
  without endpoints costs one small query.
- `deliver` claims a delivery (one conditional UPDATE: two workers never send
  it twice), POSTs the signed JSON and records the answer. A 2xx is delivered;
  anything else is retried with exponential backoff (30 s, 1 min, 2 min … at
  most 2 h) until `WEBHOOK_RETRY_FOR_SECONDS` after the event, then given up.
  An endpoint whose failures have lasted that long is disabled and its owners
  emailed once.
- Beat's `send_due_webhooks_task` (`sweep_deliveries`) queues every delivery
  whose attempt is overdue: its task was lost (broker down, worker died) or its
  wait was longer than a queued countdown should be. Nothing is lost.
- Addresses are checked when an endpoint is saved and again before each send
  (DNS can change): HTTPS only, and never this machine or a private network,
  unless `WEBHOOKS_ALLOW_LOCAL` (local development). The connection goes to the
  address that was checked, and redirects are not followed.
"""

import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import socket
import ssl
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import (
    Company,
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from jobs.models.webhooks import OPEN_STATUSES, new_webhook_secret
from jobs.services import notifications
from jobs.services.queueing import enqueue, enqueue_on_commit
from jobs.tasks import send_webhook_task
from portal.formatting import iso_timestamp

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "K-Talent-Signature"
USER_AGENT = "K-Talent-Portal-Webhooks/1"
# A wait longer than this is left to beat's sweep rather than a queued countdown
# (Redis hands a task held past its visibility timeout to a second worker).
LONGEST_COUNTDOWN_SECONDS = 600
# A delivery overdue by more than this is queued again by the sweep.
SWEEP_GRACE_SECONDS = 60
# Delivered and abandoned rows are kept this long for the log, then deleted.
KEEP_DAYS = 30
# What of a receiver's answer is kept in the log.
ERROR_CHARS = 300
MAX_ENDPOINTS_PER_COMPANY = 20


# --- Signatures -----------------------------------------------------------------------


def sign(*, secret: str, timestamp: int, body: bytes) -> str:
    """The `K-Talent-Signature` header: `t=<unix time>,v1=<hex HMAC-SHA256>` of
    `"<t>." + body` under the endpoint's secret."""
    mac = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(
    *, secret: str, header: str, body: bytes, now: int, tolerance: int = 300
) -> bool:
    """Whether `header` signs `body` with `secret` within `tolerance` seconds of
    `now` (a replayed old request fails). Compared in constant time."""
    timestamp: int | None = None
    signatures = []
    for part in header.split(","):
        key, _sep, value = part.strip().partition("=")
        if key == "t" and value.isascii() and value.isdigit() and len(value) < 20:
            timestamp = int(value)
        elif key == "v1":
            signatures.append(value)
    if timestamp is None or not signatures or abs(now - timestamp) > tolerance:
        return False
    expected = sign(secret=secret, timestamp=timestamp, body=body).partition("v1=")[2]
    return any(hmac.compare_digest(expected.encode(), s.encode()) for s in signatures)


# --- Addresses ------------------------------------------------------------------------


def _refused_address(address: str) -> bool:
    """This machine, a private or link-local network, or anything not public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def _resolve(host: str, port: int) -> list[str]:
    """Every address the host name resolves to (raises OSError when none)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _checked_address(url: str) -> tuple[str, str]:
    """(an address to connect to, an error message); the message is empty when
    the URL may be sent to, and the address empty when it may not."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return "", _("Enter a valid address.")
    allow_local = settings.WEBHOOKS_ALLOW_LOCAL
    if parts.scheme != "https" and not (allow_local and parts.scheme == "http"):
        return "", _("Enter an address that starts with https://.")
    if not parts.hostname:
        return "", _("Enter a valid address.")
    if parts.username or parts.password:
        return "", _("Leave the user name and password out of the address.")
    try:
        addresses = _resolve(parts.hostname, port)
    except (OSError, UnicodeError):
        return "", _("This host name could not be found.")
    if not addresses:
        return "", _("This host name could not be found.")
    if not allow_local and any(_refused_address(a) for a in addresses):
        return "", _(
            "This address is on a private network or this machine: webhooks go to public addresses only."
        )
    return addresses[0], ""


def validate_endpoint_url(url: str) -> None:
    """Refuse what could not or should not be sent to (ValidationError on `url`)."""
    _address, error = _checked_address(url)
    if error:
        raise ValidationError({"url": error})


def _validate_events(events: Iterable[str]) -> list[str]:
    known = set(WebhookEvent.values)
    chosen = [event for event in WebhookEvent.values if event in set(events)]
    if not chosen or not set(events) <= known:
        raise ValidationError({"events": _("Choose at least one event.")})
    return chosen


# --- Endpoints ------------------------------------------------------------------------


def create_endpoint(
    *, company: Company, url: str, events: Iterable[str], by: User | None = None
) -> WebhookEndpoint:
    events = _validate_events(events)
    validate_endpoint_url(url)
    if company.webhook_endpoints.count() >= MAX_ENDPOINTS_PER_COMPANY:
        raise ValidationError(
            _("A company may have at most %(count)d endpoints.")
            % {"count": MAX_ENDPOINTS_PER_COMPANY}
        )
    endpoint = WebhookEndpoint(company=company, url=url, events=events, created_by=by)
    endpoint.full_clean()
    endpoint.save()
    return endpoint


def update_endpoint(
    *, endpoint: WebhookEndpoint, url: str, events: Iterable[str]
) -> WebhookEndpoint:
    chosen = _validate_events(events)
    validate_endpoint_url(url)
    endpoint.url, endpoint.events = url, chosen
    endpoint.full_clean()
    endpoint.save(update_fields=["url", "events"])
    return endpoint


def delete_endpoint(*, endpoint: WebhookEndpoint) -> None:
    """The endpoint and its delivery log go; nothing more is sent to it."""
    endpoint.delete()


def enable_endpoint(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Turn a disabled endpoint back on, with a clean failure record."""
    endpoint.is_active = True
    endpoint.disabled_at = None
    endpoint.failing_since = None
    endpoint.save(update_fields=["is_active", "disabled_at", "failing_since"])
    return endpoint


def rotate_secret(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """A new signing secret; the old one stops working at once."""
    endpoint.secret = new_webhook_secret()
    endpoint.save(update_fields=["secret"])
    return endpoint


# --- Events ---------------------------------------------------------------------------


def _company_id(company: Company | int) -> int:
    return company if isinstance(company, int) else company.pk


def emit_each(
    *,
    event: str,
    items: Iterable[tuple[Company | int, dict]],
    now: datetime | None = None,
) -> list[WebhookDelivery]:
    """`emit` for several (company, data) pairs: one query finds the endpoints."""
    pairs = [(_company_id(company), data) for company, data in items]
    if not pairs:
        return []
    endpoints: dict[int, list[int]] = {}
    for pk, owner_id, events in WebhookEndpoint.objects.filter(
        company_id__in={company_id for company_id, _data in pairs}, is_active=True
    ).values_list("pk", "company_id", "events"):
        if event in events:
            endpoints.setdefault(owner_id, []).append(pk)
    if not endpoints:
        return []
    now = now or timezone.now()
    rows = []
    for company_id, data in pairs:
        event_id = uuid.uuid4()
        payload = {
            "id": str(event_id),
            "type": event,
            "created": iso_timestamp(now),
            "data": data,
        }
        rows += [
            WebhookDelivery(
                endpoint_id=endpoint_id,
                event=event,
                event_id=event_id,
                payload=payload,
                next_attempt_at=now,
                created_at=now,
            )
            for endpoint_id in endpoints.get(company_id, [])
        ]
    deliveries = WebhookDelivery.objects.bulk_create(rows)
    for delivery in deliveries:
        enqueue_on_commit(send_webhook_task, delivery.pk)
    return deliveries


def emit(
    *, company: Company | int, event: str, data: dict, now: datetime | None = None
) -> list[WebhookDelivery]:
    """One pending delivery per active endpoint of the company subscribed to
    `event`, all with one event id, each queued once the transaction commits."""
    return emit_each(event=event, items=[(company, data)], now=now)


def role_url(role_id: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("jobs:role_detail", args=[role_id])


# --- Sending --------------------------------------------------------------------------


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, not to a fresh DNS answer."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to the checked address; the certificate is checked for the host name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]  # typeshed lacks HTTPSConnection._context


def _post(*, url: str, address: str, body: bytes, headers: dict) -> tuple[int, str]:
    """POST `body`; (status code, the start of the answer's body)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    connection_class = (
        _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    )
    connection = connection_class(
        host,
        parts.port or (443 if parts.scheme == "https" else 80),
        address=address,
        timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
    )
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(ERROR_CHARS).decode("utf-8", "replace")
        return response.status, text
    finally:
        connection.close()


def request_for(delivery: WebhookDelivery, *, now: datetime) -> tuple[bytes, dict]:
    """The body and headers of one attempt, signed at `now`."""
    body = json.dumps(
        delivery.payload, ensure_ascii=False, separators=(",", ":")
    ).encode()
    return body, {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "K-Talent-Event": delivery.event,
        "K-Talent-Delivery": str(delivery.pk),
        SIGNATURE_HEADER: sign(
            secret=delivery.endpoint.secret,
            timestamp=int(now.timestamp()),
            body=body,
        ),
    }


def retry_delay(attempts: int) -> timedelta:
    """30 s after the first failure, doubling each time, at most 2 hours."""
    return timedelta(seconds=min(2 * 60 * 60, 30 * 2 ** min(max(0, attempts - 1), 12)))


def deliver(*, delivery: WebhookDelivery, now: datetime | None = None) -> bool:
    """Send one delivery if it is due and nobody else is sending it; True when
    the receiver took it (2xx)."""
    now = now or timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery.pk, status__in=OPEN_STATUSES, next_attempt_at__lte=now
    ).update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False  # delivered, being sent, not due yet, given up or gone
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery.pk)
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        _finish(delivery, status=DeliveryStatus.ABANDONED, error=_disabled_error())
        return False
    address, refusal = _checked_address(endpoint.url)
    status_code: int | None = None
    if refusal:
        error = refusal
    else:
        body, headers = request_for(delivery, now=now)
        try:
            status_code, text = _post(
                url=endpoint.url, address=address, body=body, headers=headers
            )
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
        else:
            error = "" if 200 <= status_code < 300 else f"HTTP {status_code}: {text}"
    if not error:
        _finish(delivery, status=DeliveryStatus.DELIVERED, code=status_code, at=now)
        WebhookEndpoint.objects.filter(
            pk=endpoint.pk, failing_since__isnull=False
        ).update(failing_since=None)
        return True
    _failed(delivery, code=status_code, error=error, now=now)
    return False


def _disabled_error() -> str:
    return _("The endpoint is disabled.")


def _finish(
    delivery: WebhookDelivery,
    *,
    status: str,
    code: int | None = None,
    error: str = "",
    at: datetime | None = None,
) -> None:
    fields: dict = {"status": status, "last_error": error[:ERROR_CHARS]}
    if code is not None or status == DeliveryStatus.DELIVERED:
        fields["last_status_code"] = code
    if at is not None:
        fields["delivered_at"] = at
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)


def _failed(
    delivery: WebhookDelivery, *, code: int | None, error: str, now: datetime
) -> None:
    """Record a failed attempt: retry later, or give up after the retry window;
    disable the endpoint once its failures have lasted as long."""
    window = timedelta(seconds=settings.WEBHOOK_RETRY_FOR_SECONDS)
    endpoint = delivery.endpoint
    WebhookEndpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(
        failing_since=now
    )
    failing_too_long = now - (endpoint.failing_since or now) >= window
    if failing_too_long:
        _disable(endpoint, now=now)
    if failing_too_long or now - delivery.created_at >= window:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.ABANDONED,
            last_status_code=code,
            last_error=error[:ERROR_CHARS],
        )
        logger.warning("Webhook delivery %s given up: %s", delivery.pk, error)
        return
    delay = retry_delay(delivery.attempts)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED,
        last_status_code=code,
        last_error=error[:ERROR_CHARS],
        next_attempt_at=now + delay,
    )
    logger.info(
        "Webhook delivery %s failed (attempt %s), retrying in %s: %s",
        delivery.pk,
        delivery.attempts,
        delay,
        error,
    )
    if delay.total_seconds() <= LONGEST_COUNTDOWN_SECONDS:
        # Early arrivals are harmless: the claim waits for next_attempt_at.
        enqueue(send_webhook_task, delivery.pk, countdown=int(delay.total_seconds()))


def _disable(endpoint: WebhookEndpoint, *, now: datetime) -> None:
    """Turn the endpoint off, give up what waits for it, email its owners once."""
    with transaction.atomic():
        turned_off = WebhookEndpoint.objects.filter(
            pk=endpoint.pk, is_active=True
        ).update(is_active=False, disabled_at=now)
        if not turned_off:
            return  # another sender did it (and sent the email)
        WebhookDelivery.objects.filter(
            endpoint_id=endpoint.pk, status__in=OPEN_STATUSES
        ).update(status=DeliveryStatus.ABANDONED, last_error=_disabled_error())
        endpoint.refresh_from_db()
        notifications.webhook_disabled(endpoint=endpoint)
    logger.warning(
        "Webhook endpoint %s disabled after failing since %s",
        endpoint.pk,
        endpoint.failing_since,
    )


def redeliver(
    *, delivery: WebhookDelivery, now: datetime | None = None
) -> WebhookDelivery:
    """Send an event again: a new delivery with the same event id and payload,
    queued on commit. Refused while the endpoint is disabled."""
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        raise ValidationError(
            _("This endpoint is disabled: turn it back on before redelivering.")
        )
    now = now or timezone.now()
    again = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=delivery.event,
        event_id=delivery.event_id,
        payload=delivery.payload,
        next_attempt_at=now,
        created_at=now,
    )
    enqueue_on_commit(send_webhook_task, again.pk)
    return again


def sweep_deliveries(*, now: datetime | None = None, limit: int = 500) -> int:
    """Beat: queue deliveries overdue by more than a minute (their task was lost,
    or their wait was too long for a countdown); put back claims whose sender
    died; forget old finished rows. Returns how many were queued."""
    now = now or timezone.now()
    stale = WebhookDelivery.objects.filter(
        status=DeliveryStatus.SENDING,
        claimed_at__lt=now
        - timedelta(seconds=2 * settings.WEBHOOK_TIMEOUT_SECONDS + 300),
    ).update(status=DeliveryStatus.FAILED)
    if stale:
        logger.warning("Webhooks: %s deliveries claimed long ago are retried", stale)
    due = list(
        WebhookDelivery.objects.filter(
            status__in=OPEN_STATUSES,
            next_attempt_at__lte=now - timedelta(seconds=SWEEP_GRACE_SECONDS),
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        enqueue(send_webhook_task, pk)
    WebhookDelivery.objects.filter(
        status__in=[DeliveryStatus.DELIVERED, DeliveryStatus.ABANDONED],
        created_at__lt=now - timedelta(days=KEEP_DAYS),
    ).delete()
    return len(due)
