"""Admin for company webhooks: endpoints and their deliveries, to look at.

Read-mostly: endpoints and deliveries are written by the company's owners and the
sending tasks (`jobs.services.webhooks`); staff look, and may delete. The
signing secret is never shown here.
"""

from django.contrib import admin

from jobs.models import WebhookDelivery, WebhookEndpoint


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(_ReadOnly):
    list_display = ("url", "company", "is_active", "failing_since", "disabled_at")
    list_filter = ("is_active",)
    search_fields = ("url", "company__name", "company__name_zh")
    list_select_related = ("company",)
    fields = (
        "company",
        "url",
        "events",
        "is_active",
        "failing_since",
        "disabled_at",
        "created_by",
        "created_at",
    )
    readonly_fields = fields


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(_ReadOnly):
    list_display = (
        "event",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "created_at",
    )
    list_filter = ("status", "event")
    search_fields = ("endpoint__url", "event_id")
    list_select_related = ("endpoint",)
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
