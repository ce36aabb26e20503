"""The company's webhooks: endpoints, their signing secrets and delivery logs.

Owners only (`company_member_required(owner=True)`): an endpoint's page shows the
secret that signs every delivery, and the endpoints carry the company's data to
its own systems. Another company's endpoint or delivery id is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.requests import AuthenticatedRequest
from jobs.forms import WebhookEndpointForm
from jobs.models import Company, WebhookEndpoint
from jobs.selectors import webhooks as selectors
from jobs.services import webhooks
from jobs.views.access import company_member_required


def _endpoint(company: Company, pk: int) -> WebhookEndpoint:
    endpoint = selectors.endpoint_of(company=company, pk=pk)
    if endpoint is None:
        raise Http404
    return endpoint


@company_member_required(owner=True)
@require_GET
def webhook_list(request: HttpRequest, *, company: Company) -> HttpResponse:
    return render(
        request,
        "jobs/webhooks/list.html",
        {"company": company, "endpoints": selectors.endpoints_of(company=company)},
    )


def _form_page(
    request: HttpRequest, *, form: WebhookEndpointForm, endpoint=None
) -> HttpResponse:
    if form.is_bound:
        messages.error(
            request, _("Please correct the errors below; nothing was saved.")
        )
    return render(
        request,
        "jobs/webhooks/form.html",
        {"form": form, "endpoint": endpoint},
        status=400 if form.is_bound else 200,
    )


@company_member_required(owner=True)
@require_http_methods(["GET", "POST"])
def webhook_create(request: AuthenticatedRequest, *, company: Company) -> HttpResponse:
    form = WebhookEndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = webhooks.create_endpoint(
                company=company,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Endpoint added. Use its signing secret below to check that each delivery comes from us."
                ),
            )
            return redirect("jobs:webhook_edit", endpoint.pk)
    return _form_page(request, form=form)


@company_member_required(owner=True)
@require_http_methods(["GET", "POST"])
def webhook_edit(request: HttpRequest, pk: int, *, company: Company) -> HttpResponse:
    endpoint = _endpoint(company, pk)
    form = WebhookEndpointForm(
        request.POST or None, initial={"url": endpoint.url, "events": endpoint.events}
    )
    if request.method == "POST":
        if request.POST.get("rotate_secret") == "1":
            webhooks.rotate_secret(endpoint=endpoint)
            messages.success(
                request,
                _("New signing secret made: the old one no longer signs deliveries."),
            )
            return redirect("jobs:webhook_edit", endpoint.pk)
        if form.is_valid():
            try:
                webhooks.update_endpoint(
                    endpoint=endpoint,
                    url=form.cleaned_data["url"],
                    events=form.cleaned_data["events"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Endpoint saved."))
                return redirect("jobs:webhook_list")
    return _form_page(request, form=form, endpoint=endpoint)


@company_member_required(owner=True)
@require_POST
def webhook_delete(request: HttpRequest, pk: int, *, company: Company) -> HttpResponse:
    webhooks.delete_endpoint(endpoint=_endpoint(company, pk))
    messages.success(request, _("Endpoint deleted: nothing more is sent to it."))
    return redirect("jobs:webhook_list")


@company_member_required(owner=True)
@require_POST
def webhook_enable(request: HttpRequest, pk: int, *, company: Company) -> HttpResponse:
    endpoint = webhooks.enable_endpoint(endpoint=_endpoint(company, pk))
    messages.success(
        request,
        _("Endpoint turned back on. Redeliver from its log what it missed."),
    )
    return redirect("jobs:webhook_deliveries", endpoint.pk)


@company_member_required(owner=True)
@require_GET
def webhook_deliveries(
    request: HttpRequest, pk: int, *, company: Company
) -> HttpResponse:
    endpoint = _endpoint(company, pk)
    return render(
        request,
        "jobs/webhooks/deliveries.html",
        {
            "endpoint": endpoint,
            "deliveries": selectors.deliveries_of(endpoint=endpoint),
            "shown": selectors.DELIVERIES_SHOWN,
        },
    )


@company_member_required(owner=True)
@require_POST
def webhook_redeliver(
    request: HttpRequest, pk: int, *, company: Company
) -> HttpResponse:
    delivery = selectors.delivery_of(company=company, pk=pk)
    if delivery is None:
        raise Http404
    try:
        webhooks.redeliver(delivery=delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Queued again, with the same event id."))
    return redirect("jobs:webhook_deliveries", delivery.endpoint_id)
