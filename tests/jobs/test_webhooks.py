"""Company webhooks (issue 18): signed, sent on commit, retried, swept, disabled.

Deliveries go to a real HTTP receiver on 127.0.0.1 in a thread (with
WEBHOOKS_ALLOW_LOCAL, as in local development); time moves by passing `now=`.
No test sends anything anywhere else: the private addresses are refused before
any connection, and host names are resolved by a stand-in.
"""

import datetime
import json
import socket
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from jobs.models import (
    DeliveryStatus,
    MemberRole,
    OutboxEmail,
    Stage,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from jobs.services import webhooks
from jobs.services.applications import (
    apply_to_role,
    move_application,
    withdraw_application,
)
from jobs.services.roles import approve_role, expire_roles
from jobs.tasks import send_due_webhooks_task, send_webhook_task
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    EmployerFactory,
    MembershipFactory,
    PendingRoleFactory,
    RoleFactory,
    SeekerFactory,
    WebhookDeliveryFactory,
    WebhookEndpointFactory,
)

pytestmark = pytest.mark.django_db

ALL_EVENTS = list(WebhookEvent.values)


# --- a receiver on this machine -------------------------------------------------------


class Receiver:
    """Records every POST; answers `status` (settable)."""

    def __init__(self, server: ThreadingHTTPServer):
        self.server = server
        self.requests: list[dict] = []
        self.status = 200

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook?source=k"


@contextmanager
def receiving():
    holder: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            receiver = holder["receiver"]
            receiver.requests.append(
                {"path": self.path, "headers": dict(self.headers), "body": body}
            )
            self.send_response(receiver.status)
            self.end_headers()
            self.wfile.write(b"thanks" if receiver.status < 300 else b"broken inside")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    holder["receiver"] = Receiver(server)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield holder["receiver"]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_LOCAL = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 5
    with receiving() as r:
        yield r


def _closed_port_url() -> str:
    """An address on this machine where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


def _public_dns(*addresses: str):
    """Host names resolve to `addresses` (no DNS is asked)."""
    return mock.patch.object(webhooks, "_resolve", return_value=list(addresses))


def _at(delivery, seconds: float) -> datetime.datetime:
    return delivery.created_at + datetime.timedelta(seconds=seconds)


# --- signatures -----------------------------------------------------------------------


SECRET = "whsec_test-secret"
BODY = b'{"id":"1","type":"role.published"}'


def test_a_signature_verifies_and_names_its_time():
    header = webhooks.sign(secret=SECRET, timestamp=1_800_000_000, body=BODY)
    assert header.startswith("t=1800000000,v1=")
    assert len(header.partition("v1=")[2]) == 64
    assert webhooks.verify(secret=SECRET, header=header, body=BODY, now=1_800_000_100)


def test_a_tampered_body_wrong_secret_or_garbage_fails():
    header = webhooks.sign(secret=SECRET, timestamp=1_800_000_000, body=BODY)
    now = 1_800_000_000
    assert not webhooks.verify(secret=SECRET, header=header, body=BODY + b" ", now=now)
    assert not webhooks.verify(secret="whsec_other", header=header, body=BODY, now=now)
    for junk in ("", "t=,v1=", "v1=abc", "t=1800000000", "t=x,v1=é", "t=1e9,v1=00"):
        assert not webhooks.verify(secret=SECRET, header=junk, body=BODY, now=now)


def test_the_replay_window_refuses_old_and_future_timestamps():
    header = webhooks.sign(secret=SECRET, timestamp=1_800_000_000, body=BODY)
    verify = webhooks.verify
    assert verify(secret=SECRET, header=header, body=BODY, now=1_800_000_300)
    assert not verify(secret=SECRET, header=header, body=BODY, now=1_800_000_301)
    assert not verify(secret=SECRET, header=header, body=BODY, now=1_799_999_699)
    assert verify(
        secret=SECRET, header=header, body=BODY, now=1_800_000_900, tolerance=900
    )


def test_one_right_signature_among_several_is_enough():
    good = webhooks.sign(secret=SECRET, timestamp=100, body=BODY).partition(",")[2]
    header = f"t=100,v1={'0' * 64},{good}"
    assert webhooks.verify(secret=SECRET, header=header, body=BODY, now=100)


# --- emitting from the services -------------------------------------------------------


@pytest.fixture
def company():
    return MembershipFactory().company


def _endpoints(company):
    """Subscribed and active; subscribed to something else; off; another company's."""
    return {
        "wanted": WebhookEndpointFactory(company=company),
        "other_event": WebhookEndpointFactory(company=company, events=["role.expired"]),
        "off": WebhookEndpointFactory(
            company=company, is_active=False, disabled_at=timezone.now()
        ),
        "other_company": WebhookEndpointFactory(company=CompanyFactory()),
    }


def _only_to(endpoint, event: str) -> WebhookDelivery:
    deliveries = list(WebhookDelivery.objects.all())
    assert [(d.endpoint_id, d.event) for d in deliveries] == [(endpoint.pk, event)]
    delivery = deliveries[0]
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.payload["id"] == str(delivery.event_id)
    assert delivery.payload["type"] == event
    assert delivery.payload["created"].endswith("+08:00")
    return delivery


def test_an_application_is_sent_to_the_subscribed_endpoints_only(
    company, django_capture_on_commit_callbacks
):
    endpoints = _endpoints(company)
    endpoints["other_event"].events = ["role.published"]
    endpoints["other_event"].save()
    role = RoleFactory(company=company, title="Robot arm engineer")
    with django_capture_on_commit_callbacks() as callbacks:
        application = apply_to_role(role=role, user=SeekerFactory(), cover_note="Hi")
    delivery = _only_to(endpoints["wanted"], "application.created")
    assert delivery.payload["data"] == {
        "application_id": application.pk,
        "role_id": role.pk,
        "role_title": "Robot arm engineer",
        "stage": "applied",
        "applied_at": delivery.payload["data"]["applied_at"],
    }
    assert delivery.payload["data"]["applied_at"].endswith("+08:00")
    assert "enqueue_on_commit[jobs.tasks.send_webhook_task]" in [
        c.__qualname__ for c in callbacks
    ]


def test_a_stage_change_is_sent_and_a_note_alone_is_not(company):
    endpoints = _endpoints(company)
    application = ApplicationFactory(role=RoleFactory(company=company))
    owner = company.memberships.get().user
    move_application(application=application, stage="reviewing", note="Hm", by=owner)
    delivery = _only_to(endpoints["wanted"], "application.stage_changed")
    data = delivery.payload["data"]
    assert (data["from_stage"], data["to_stage"]) == ("applied", "reviewing")
    assert data["application_id"] == application.pk
    assert data["role_id"] == application.role_id
    assert data["changed_at"].endswith("+08:00")
    move_application(application=application, stage="reviewing", note="Again", by=owner)
    assert WebhookDelivery.objects.count() == 1


def test_a_withdrawal_is_a_stage_change_too(company):
    endpoints = _endpoints(company)
    application = ApplicationFactory(role=RoleFactory(company=company))
    withdraw_application(application=application)
    delivery = _only_to(endpoints["wanted"], "application.stage_changed")
    assert delivery.payload["data"]["to_stage"] == Stage.WITHDRAWN


def test_publishing_a_role_is_sent_with_its_public_address(company, settings):
    settings.SITE_URL = "https://k-talent.example.com/"
    endpoints = _endpoints(company)
    role = PendingRoleFactory(
        company=company, title="Optics lead", title_zh="光学负责人"
    )
    approve_role(role=role)
    delivery = _only_to(endpoints["wanted"], "role.published")
    assert delivery.payload["data"] == {
        "role_id": role.pk,
        "title": "Optics lead",
        "title_zh": "光学负责人",
        "url": f"https://k-talent.example.com/roles/{role.pk}/",
    }


def test_expiry_sends_one_event_per_role(company):
    endpoints = _endpoints(company)
    endpoints["other_event"].delete()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    roles = [RoleFactory(company=company, valid_until=yesterday) for _ in range(2)]
    RoleFactory(company=endpoints["other_company"].company, valid_until=yesterday)
    assert expire_roles(today=timezone.localdate()) == 3
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoints["wanted"])
    assert sorted(d.payload["data"]["role_id"] for d in deliveries) == sorted(
        r.pk for r in roles
    )
    assert len({d.event_id for d in deliveries}) == 2
    # The other company's endpoint wants role.expired too: its own role only.
    theirs = WebhookDelivery.objects.filter(endpoint=endpoints["other_company"])
    assert theirs.count() == 1
    assert WebhookDelivery.objects.count() == 3


def test_a_company_without_endpoints_costs_one_query(
    company, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert webhooks.emit(company=company, event="role.published", data={}) == []


def test_one_event_to_two_endpoints_shares_its_id(company):
    first, second = WebhookEndpointFactory.create_batch(2, company=company)
    deliveries = webhooks.emit(company=company, event="role.published", data={"x": 1})
    assert {d.endpoint_id for d in deliveries} == {first.pk, second.pk}
    assert len({d.event_id for d in deliveries}) == 1


def test_nothing_is_sent_for_a_change_that_rolled_back(company, receiver):
    from django.db import transaction

    WebhookEndpointFactory(company=company, url=receiver.url)

    @transaction.atomic
    def emit_then_fail():
        webhooks.emit(company=company, event="role.published", data={})
        raise RuntimeError

    with pytest.raises(RuntimeError):
        emit_then_fail()
    assert WebhookDelivery.objects.count() == 0
    assert receiver.requests == []


# --- delivery to a real receiver ------------------------------------------------------


def test_a_delivery_reaches_the_receiver_signed(
    company, receiver, django_capture_on_commit_callbacks
):
    endpoint = WebhookEndpointFactory(company=company, url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        (delivery,) = webhooks.emit(
            company=company, event="role.published", data={"title": "光学 lead"}
        )
    (request,) = receiver.requests
    headers = request["headers"]
    assert request["path"] == "/hook?source=k"
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"] == "K-Talent-Portal-Webhooks/1"
    assert headers["K-Talent-Event"] == "role.published"
    assert headers["K-Talent-Delivery"] == str(delivery.pk)
    now = int(timezone.now().timestamp())
    assert webhooks.verify(
        secret=endpoint.secret,
        header=headers["K-Talent-Signature"],
        body=request["body"],
        now=now,
    )
    assert not webhooks.verify(
        secret="whsec_guess",
        header=headers["K-Talent-Signature"],
        body=request["body"],
        now=now,
    )
    assert json.loads(request["body"]) == {
        "id": str(delivery.event_id),
        "type": "role.published",
        "created": delivery.payload["created"],
        "data": {"title": "光学 lead"},
    }
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert (delivery.last_status_code, delivery.attempts) == (200, 1)
    assert delivery.delivered_at is not None


def test_a_delivered_event_is_never_sent_twice(company, receiver):
    WebhookEndpointFactory(company=company, url=receiver.url)
    (delivery,) = webhooks.emit(company=company, event="role.published", data={})
    assert webhooks.deliver(delivery=delivery) is True
    assert webhooks.deliver(delivery=delivery) is False
    assert send_webhook_task.run(delivery.pk) is False
    assert len(receiver.requests) == 1


def test_a_delivery_another_worker_claimed_is_left_alone(company, receiver):
    endpoint = WebhookEndpointFactory(company=company, url=receiver.url)
    delivery = WebhookDeliveryFactory(endpoint=endpoint)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now()
    )
    assert webhooks.deliver(delivery=delivery) is False
    assert receiver.requests == []


def test_a_receiver_that_is_down_is_retried_with_backoff_and_later_succeeds(
    company, receiver
):
    endpoint = WebhookEndpointFactory(company=company, url=_closed_port_url())
    (delivery,) = webhooks.emit(company=company, event="role.published", data={})
    with mock.patch.object(send_webhook_task, "apply_async") as queued:
        assert webhooks.deliver(delivery=delivery, now=_at(delivery, 1)) is False
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 1
    assert delivery.last_status_code is None
    assert "Connection" in delivery.last_error or "refused" in delivery.last_error
    assert delivery.next_attempt_at == _at(delivery, 31)
    assert queued.call_args.kwargs["countdown"] == 30
    endpoint.refresh_from_db()
    assert endpoint.failing_since == _at(delivery, 1)

    # Not due yet: a task arriving early sends nothing.
    assert webhooks.deliver(delivery=delivery, now=_at(delivery, 20)) is False
    assert WebhookDelivery.objects.get(pk=delivery.pk).attempts == 1

    # The receiver answers 500: the wait doubles.
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url=receiver.url)
    receiver.status = 500
    with mock.patch.object(send_webhook_task, "apply_async"):
        webhooks.deliver(delivery=delivery, now=_at(delivery, 31))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.FAILED, 500)
    assert delivery.last_error == "HTTP 500: broken inside"
    assert delivery.next_attempt_at == _at(delivery, 91)

    # Back up: delivered, and the endpoint's failing streak ends.
    receiver.status = 204
    assert webhooks.deliver(delivery=delivery, now=_at(delivery, 91)) is True
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 3)
    assert delivery.last_error == ""
    endpoint.refresh_from_db()
    assert endpoint.failing_since is None
    assert endpoint.is_active
    assert len(receiver.requests) == 2


def test_the_backoff_doubles_from_30_seconds_to_two_hours():
    seconds = [webhooks.retry_delay(n).total_seconds() for n in range(1, 12)]
    assert seconds[:5] == [30, 60, 120, 240, 480]
    assert seconds[-1] == 7200
    assert max(seconds) == 7200


def test_a_long_wait_is_left_to_the_sweep_not_a_countdown(company, receiver):
    endpoint = WebhookEndpointFactory(company=company, url=_closed_port_url())
    delivery = WebhookDeliveryFactory(endpoint=endpoint, attempts=6)
    with mock.patch.object(send_webhook_task, "apply_async") as queued:
        webhooks.deliver(delivery=delivery, now=_at(delivery, 1))
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == _at(delivery, 1 + 1920)
    queued.assert_not_called()


def test_a_delivery_failing_for_a_day_is_given_up(company, receiver):
    endpoint = WebhookEndpointFactory(company=company, url=_closed_port_url())
    delivery = WebhookDeliveryFactory(endpoint=endpoint)
    with mock.patch.object(send_webhook_task, "apply_async"):
        webhooks.deliver(delivery=delivery, now=_at(delivery, 86_399))
        assert WebhookDelivery.objects.get(pk=delivery.pk).status == "failed"
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            next_attempt_at=_at(delivery, 86_400)
        )
        webhooks.deliver(delivery=delivery, now=_at(delivery, 86_400))
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.ABANDONED
    assert delivery.attempts == 2
    # The endpoint's streak began at the first failure: not a day yet.
    endpoint.refresh_from_db()
    assert endpoint.is_active


def test_an_endpoint_failing_for_a_day_is_disabled_and_its_owners_emailed_once(
    company, receiver
):
    owner = company.memberships.get().user
    owner.language = "zh-hans"
    owner.save()
    MembershipFactory(company=company, role=MemberRole.RECRUITER)
    second_owner = MembershipFactory(
        company=company, user=EmployerFactory(language="en")
    ).user
    since = timezone.now() - datetime.timedelta(days=1, seconds=1)
    endpoint = WebhookEndpointFactory(
        company=company, url=_closed_port_url(), failing_since=since
    )
    first, waiting = WebhookDeliveryFactory.create_batch(2, endpoint=endpoint)
    webhooks.deliver(delivery=first)
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert endpoint.disabled_at is not None
    assert WebhookDelivery.objects.get(pk=first.pk).status == "abandoned"
    # What waited for it is given up too (and can be redelivered once it is on).
    waiting.refresh_from_db()
    assert waiting.status == DeliveryStatus.ABANDONED
    assert waiting.last_error == "The endpoint is disabled."
    emails = list(OutboxEmail.objects.order_by("pk"))
    assert [(e.language, e.recipients) for e in emails] == [
        ("zh-hans", [owner.email]),
        ("en", [second_owner.email]),
    ]
    assert "关闭" in emails[0].subject
    assert endpoint.url in emails[1].body
    assert f"/employer/webhooks/{endpoint.pk}/deliveries/" in emails[1].body
    # A delivery claimed before the endpoint went off does not email again,
    # nor does a second sender that finds the streak too long at the same time.
    WebhookDelivery.objects.filter(pk=waiting.pk).update(status="failed")
    webhooks.deliver(delivery=waiting)
    webhooks._disable(endpoint, now=timezone.now())
    assert OutboxEmail.objects.count() == 2


def test_redelivery_is_a_new_row_with_the_same_event(
    company, receiver, django_capture_on_commit_callbacks
):
    endpoint = WebhookEndpointFactory(company=company, url=receiver.url)
    delivery = WebhookDeliveryFactory(
        endpoint=endpoint, status=DeliveryStatus.ABANDONED, payload={"data": 1}
    )
    with django_capture_on_commit_callbacks(execute=True):
        again = webhooks.redeliver(delivery=delivery)
    assert again.pk != delivery.pk
    assert (again.event_id, again.payload, again.event) == (
        delivery.event_id,
        delivery.payload,
        delivery.event,
    )
    again.refresh_from_db()
    assert again.status == DeliveryStatus.DELIVERED
    (request,) = receiver.requests
    assert request["headers"]["K-Talent-Delivery"] == str(again.pk)


def test_a_disabled_endpoint_refuses_redelivery_until_turned_back_on(company):
    endpoint = WebhookEndpointFactory(
        company=company, is_active=False, disabled_at=timezone.now()
    )
    delivery = WebhookDeliveryFactory(endpoint=endpoint, status="abandoned")
    with pytest.raises(ValidationError, match="turn it back on"):
        webhooks.redeliver(delivery=delivery)
    assert WebhookDelivery.objects.count() == 1
    webhooks.enable_endpoint(endpoint=endpoint)
    webhooks.redeliver(delivery=WebhookDelivery.objects.get(pk=delivery.pk))
    assert WebhookDelivery.objects.count() == 2


# --- addresses (SSRF) -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://172.16.0.9/hook",
        "https://192.168.1.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://[fe80::1]/hook",
        "https://0.0.0.0/hook",
        "https://localhost/hook",
    ],
)
def test_private_and_local_addresses_are_refused(url):
    with pytest.raises(ValidationError) as error:
        webhooks.validate_endpoint_url(url)
    assert "private network" in error.value.message_dict["url"][0]


def test_a_host_name_resolving_to_a_private_address_is_refused():
    with _public_dns("93.184.215.14", "10.0.0.7"), pytest.raises(ValidationError):
        webhooks.validate_endpoint_url("https://hooks.example.com/in")
    with _public_dns("93.184.215.14"):
        webhooks.validate_endpoint_url("https://hooks.example.com/in")


def test_plain_http_credentials_and_unknown_hosts_are_refused():
    cases = {
        "http://hooks.example.com/in": "https://",
        "https://user:pw@hooks.example.com/in": "user name",
    }
    for url, message in cases.items():
        with _public_dns("93.184.215.14"), pytest.raises(ValidationError) as error:
            webhooks.validate_endpoint_url(url)
        assert message in error.value.message_dict["url"][0]
    with (
        mock.patch.object(webhooks, "_resolve", side_effect=socket.gaierror),
        pytest.raises(ValidationError, match="could not be found"),
    ):
        webhooks.validate_endpoint_url("https://no-such-host.invalid/")


def test_local_addresses_are_allowed_in_local_development(settings):
    settings.WEBHOOKS_ALLOW_LOCAL = True
    webhooks.validate_endpoint_url("http://127.0.0.1:9000/hook")
    webhooks.validate_endpoint_url("https://10.1.2.3/hook")


def test_the_address_is_checked_again_before_each_send(company):
    endpoint = WebhookEndpointFactory(company=company, url="https://hooks.example.com/")
    delivery = WebhookDeliveryFactory(endpoint=endpoint)
    with (
        _public_dns("10.0.0.7"),
        mock.patch.object(socket, "create_connection") as connect,
        mock.patch.object(send_webhook_task, "apply_async"),
    ):
        assert webhooks.deliver(delivery=delivery) is False
    connect.assert_not_called()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "private network" in delivery.last_error


def test_the_connection_goes_to_the_address_that_was_checked(company, receiver):
    """A second DNS answer (rebinding) is never asked: the checked address is used."""
    host_url = receiver.url.replace("127.0.0.1", "hooks.example.com")
    endpoint = WebhookEndpointFactory(company=company, url=host_url)
    delivery = WebhookDeliveryFactory(endpoint=endpoint)
    with _public_dns("127.0.0.1"):
        assert webhooks.deliver(delivery=delivery) is True
    (request,) = receiver.requests
    assert request["headers"]["Host"].startswith("hooks.example.com:")


def test_endpoint_services_validate_events_and_address(company):
    with pytest.raises(ValidationError) as error:
        webhooks.create_endpoint(company=company, url="https://10.0.0.1/", events=[])
    assert set(error.value.message_dict) == {"events"}
    with pytest.raises(ValidationError) as error:
        webhooks.create_endpoint(
            company=company, url="https://10.0.0.1/", events=["role.expired"]
        )
    assert set(error.value.message_dict) == {"url"}
    with _public_dns("93.184.215.14"):
        endpoint = webhooks.create_endpoint(
            company=company,
            url="https://hooks.example.com/in",
            events=["role.expired", "role.published"],
        )
    assert endpoint.events == ["role.published", "role.expired"]
    assert endpoint.secret.startswith("whsec_")
    assert len(endpoint.secret) > 40
    before = endpoint.secret
    assert webhooks.rotate_secret(endpoint=endpoint).secret != before


# --- the beat sweep -------------------------------------------------------------------


def test_the_sweep_requeues_a_delivery_whose_task_was_lost(company, receiver):
    WebhookEndpointFactory(company=company, url=receiver.url)
    with mock.patch.object(
        send_webhook_task,
        "apply_async",
        side_effect=OperationalError("Error 111 connecting to redis."),
    ):
        from django.db import transaction

        with transaction.atomic():
            (delivery,) = webhooks.emit(company=company, event="role.expired", data={})
    assert receiver.requests == []
    assert WebhookDelivery.objects.get(pk=delivery.pk).status == "pending"
    # Within the grace period the sweep leaves it to its own task.
    assert webhooks.sweep_deliveries(now=_at(delivery, 30)) == 0
    assert send_due_webhooks_task.run() == 0
    # Later, the sweep queues it (eager here: sent at once) and it arrives.
    assert webhooks.sweep_deliveries(now=_at(delivery, 120)) == 1
    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get(pk=delivery.pk).status == "delivered"
    assert webhooks.sweep_deliveries(now=_at(delivery, 180)) == 0


def test_the_sweep_puts_back_a_claim_whose_sender_died(company):
    endpoint = WebhookEndpointFactory(company=company)
    delivery = WebhookDeliveryFactory(endpoint=endpoint)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=_at(delivery, 0)
    )
    with mock.patch.object(send_webhook_task, "apply_async") as queued:
        assert webhooks.sweep_deliveries(now=_at(delivery, 60)) == 0
        assert webhooks.sweep_deliveries(now=_at(delivery, 3600)) == 1
    assert queued.call_args.kwargs["args"] == (delivery.pk,)
    assert WebhookDelivery.objects.get(pk=delivery.pk).status == "failed"


def test_the_sweep_forgets_finished_deliveries_after_30_days(company):
    endpoint = WebhookEndpointFactory(company=company)
    old = timezone.now() - datetime.timedelta(days=31)
    kept = [
        WebhookDeliveryFactory(endpoint=endpoint, status="delivered"),
        # Still open: kept whatever its age (the sweep queues it instead).
        WebhookDeliveryFactory(endpoint=endpoint, status="failed", created_at=old),
    ]
    for status in ("delivered", "abandoned"):
        WebhookDeliveryFactory(endpoint=endpoint, status=status, created_at=old)
    with mock.patch.object(send_webhook_task, "apply_async"):
        webhooks.sweep_deliveries()
    assert sorted(WebhookDelivery.objects.values_list("pk", flat=True)) == sorted(
        d.pk for d in kept
    )


def test_a_refused_edit_changes_nothing(owner_client, company):
    endpoint = WebhookEndpointFactory(company=company, events=["role.expired"])
    response = owner_client.post(
        reverse("jobs:webhook_edit", args=[endpoint.pk]),
        {"url": "https://10.0.0.1/", "events": ["role.published"]},
    )
    assert response.status_code == 400
    assert "private network" in response.content.decode()
    endpoint.refresh_from_db()
    assert endpoint.events == ["role.expired"]


def test_the_sweep_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["webhooks-due-deliveries"]
    assert entry == {"task": "jobs.tasks.send_due_webhooks_task", "schedule": 60}
    assert send_due_webhooks_task.name == entry["task"]


# --- the pages ------------------------------------------------------------------------


@pytest.fixture
def owner_client(client, company):
    client.force_login(company.memberships.get().user)
    return client


def test_the_team_page_links_owners_to_the_webhooks(owner_client, client, company):
    page = owner_client.get(reverse("jobs:team")).content.decode()
    assert reverse("jobs:webhook_list") in page
    recruiter = MembershipFactory(company=company, role=MemberRole.RECRUITER).user
    client.force_login(recruiter)
    assert (
        reverse("jobs:webhook_list")
        not in client.get(reverse("jobs:team")).content.decode()
    )


def test_a_bad_address_re_renders_the_form_with_its_error(owner_client):
    response = owner_client.post(
        reverse("jobs:webhook_create"),
        {"url": "https://192.168.0.10/hook", "events": ["role.published"]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "private network" in page
    assert 'value="https://192.168.0.10/hook"' in page
    assert 'value="role.published"' in page
    assert "checked" in page
    assert WebhookEndpoint.objects.count() == 0
    response = owner_client.post(reverse("jobs:webhook_create"), {"url": "ftp://x"})
    assert response.status_code == 400
    assert "Choose at least one event." in response.content.decode()


def test_an_owner_adds_edits_and_deletes_an_endpoint(owner_client, company, settings):
    settings.WEBHOOKS_ALLOW_LOCAL = True
    response = owner_client.post(
        reverse("jobs:webhook_create"),
        {"url": "http://127.0.0.1:9000/hook", "events": ALL_EVENTS},
    )
    endpoint = WebhookEndpoint.objects.get(company=company)
    assert response.url == reverse("jobs:webhook_edit", args=[endpoint.pk])
    page = owner_client.get(response.url).content.decode()
    assert endpoint.secret in page
    response = owner_client.post(
        response.url, {"url": "http://127.0.0.1:9001/in", "events": ["role.expired"]}
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.url, endpoint.events) == (
        "http://127.0.0.1:9001/in",
        ["role.expired"],
    )
    listing = owner_client.get(reverse("jobs:webhook_list")).content.decode()
    assert "http://127.0.0.1:9001/in" in listing
    owner_client.post(reverse("jobs:webhook_delete", args=[endpoint.pk]))
    assert not WebhookEndpoint.objects.exists()


def test_the_delivery_log_lists_codes_and_redelivers(owner_client, company):
    endpoint = WebhookEndpointFactory(company=company)
    delivery = WebhookDeliveryFactory(
        endpoint=endpoint, status="failed", attempts=3, last_status_code=503
    )
    page = owner_client.get(
        reverse("jobs:webhook_deliveries", args=[endpoint.pk])
    ).content.decode()
    assert "503" in page
    assert "application.created" in page
    assert reverse("jobs:webhook_redeliver", args=[delivery.pk]) in page
    with mock.patch.object(send_webhook_task, "apply_async"):
        response = owner_client.post(
            reverse("jobs:webhook_redeliver", args=[delivery.pk])
        )
    assert response.url == reverse("jobs:webhook_deliveries", args=[endpoint.pk])
    assert WebhookDelivery.objects.filter(event_id=delivery.event_id).count() == 2


def test_a_disabled_endpoint_is_turned_back_on_from_its_page(owner_client, company):
    endpoint = WebhookEndpointFactory(
        company=company,
        is_active=False,
        disabled_at=timezone.now(),
        failing_since=timezone.now(),
    )
    delivery = WebhookDeliveryFactory(endpoint=endpoint, status="abandoned")
    response = owner_client.post(
        reverse("jobs:webhook_redeliver", args=[delivery.pk]), follow=True
    )
    assert "turn it back on" in response.content.decode()
    assert WebhookDelivery.objects.count() == 1
    owner_client.post(reverse("jobs:webhook_enable", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert endpoint.is_active
    assert endpoint.failing_since is None


def test_another_companys_endpoint_and_delivery_are_404(owner_client):
    theirs = WebhookDeliveryFactory()
    pk = theirs.endpoint.pk
    for name in ("webhook_edit", "webhook_deliveries"):
        assert owner_client.get(reverse(f"jobs:{name}", args=[pk])).status_code == 404
    for name in ("webhook_delete", "webhook_enable", "webhook_edit"):
        assert owner_client.post(reverse(f"jobs:{name}", args=[pk])).status_code == 404
    url = reverse("jobs:webhook_redeliver", args=[theirs.pk])
    assert owner_client.post(url).status_code == 404
    assert WebhookEndpoint.objects.filter(pk=pk).exists()
    assert WebhookDelivery.objects.count() == 1


def test_recruiters_get_403_on_every_webhook_page(client, company):
    endpoint = WebhookEndpointFactory(company=company)
    client.force_login(MembershipFactory(company=company, role="recruiter").user)
    assert client.get(reverse("jobs:webhook_list")).status_code == 403
    assert (
        client.get(reverse("jobs:webhook_edit", args=[endpoint.pk])).status_code == 403
    )
    assert (
        client.get(reverse("jobs:webhook_deliveries", args=[endpoint.pk])).status_code
        == 403
    )


def test_the_pages_read_in_chinese(owner_client, company):
    endpoint = WebhookEndpointFactory(company=company)
    WebhookDeliveryFactory(endpoint=endpoint, status="failed", attempts=1)
    pages = [
        owner_client.get(reverse("jobs:webhook_list"), HTTP_ACCEPT_LANGUAGE="zh-hans"),
        owner_client.get(
            reverse("jobs:webhook_deliveries", args=[endpoint.pk]),
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        ),
        owner_client.get(
            reverse("jobs:webhook_create"), HTTP_ACCEPT_LANGUAGE="zh-hans"
        ),
    ]
    text = [p.content.decode() for p in pages]
    assert "添加接收地址" in text[0]
    assert "推送记录" in text[1]
    assert "失败，将重试" in text[1]
    assert "候选人投递了岗位" in text[2]


# --- HTTPS: the certificate is checked for the host name, at the checked address ---


@pytest.fixture
def tls_receiver(settings, tmp_path):
    """A receiver on 127.0.0.1 speaking TLS with a certificate for hooks.example.com."""
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=hooks.example.com",
            "-addext", "subjectAltName=DNS:hooks.example.com",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    settings.WEBHOOKS_ALLOW_LOCAL = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 5
    with receiving() as receiver:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        receiver.server.socket = context.wrap_socket(
            receiver.server.socket, server_side=True
        )
        receiver.cafile = str(cert)
        yield receiver


def test_https_delivery_checks_the_certificate_for_the_host_name(company, tls_receiver):
    import ssl

    port = tls_receiver.server.server_address[1]
    endpoint = WebhookEndpointFactory(
        company=company, url=f"https://hooks.example.com:{port}/in"
    )
    first, second = WebhookDeliveryFactory.create_batch(2, endpoint=endpoint)
    trusting = ssl.create_default_context(cafile=tls_receiver.cafile)
    with _public_dns("127.0.0.1"), mock.patch.object(send_webhook_task, "apply_async"):
        # Our test certificate is not one the system trusts: refused.
        assert webhooks.deliver(delivery=first) is False
        first.refresh_from_db()
        assert "CERTIFICATE_VERIFY_FAILED" in first.last_error
        with mock.patch.object(
            webhooks.ssl, "create_default_context", return_value=trusting
        ):
            assert webhooks.deliver(delivery=second) is True
    (request,) = tls_receiver.requests
    assert request["headers"]["Host"] == f"hooks.example.com:{port}"
