"""Webhook reads: a company's endpoints, one endpoint's delivery log, owners to tell."""

from django.db.models import Count, Q, QuerySet

from jobs.models import (
    Company,
    DeliveryStatus,
    MemberRole,
    Membership,
    WebhookDelivery,
    WebhookEndpoint,
)

# Rows of a delivery log page.
DELIVERIES_SHOWN = 100


def endpoints_of(*, company: Company) -> QuerySet[WebhookEndpoint]:
    """The company's endpoints, each with its count of deliveries still to send."""
    return WebhookEndpoint.objects.filter(company=company).annotate(
        open_deliveries=Count(
            "deliveries",
            filter=Q(
                deliveries__status__in=[
                    DeliveryStatus.PENDING,
                    DeliveryStatus.SENDING,
                    DeliveryStatus.FAILED,
                ]
            ),
        )
    )


def endpoint_of(*, company: Company, pk: int) -> WebhookEndpoint | None:
    """The company's endpoint with this id; another company's is None."""
    return WebhookEndpoint.objects.filter(company=company, pk=pk).first()


def delivery_of(*, company: Company, pk: int) -> WebhookDelivery | None:
    """A delivery to one of the company's endpoints; another company's is None."""
    return (
        WebhookDelivery.objects.select_related("endpoint")
        .filter(endpoint__company=company, pk=pk)
        .first()
    )


def deliveries_of(*, endpoint: WebhookEndpoint) -> list[WebhookDelivery]:
    """The endpoint's latest deliveries, newest first."""
    return list(endpoint.deliveries.order_by("-created_at", "-pk")[:DELIVERIES_SHOWN])


def owner_emails(*, company_id: int) -> list[str]:
    return list(
        Membership.objects.filter(
            company_id=company_id, role=MemberRole.OWNER
        ).values_list("user__email", flat=True)
    )
