"""Admin for API keys: every key read-only (the digest never shown), a revoke
action, and staff keys for the screening interface, which superusers create here.

A staff key's plain text is shown once, on the page that answers the add form
(never in a message, which would sit in the session until read).
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

from jobs.models import ApiKey, ApiScope
from jobs.services.api_keys import create_api_key, revoke_api_key

# The fields of a key's page, all read-only: the digest is not among them.
SHOWN = (
    "name",
    "company",
    "prefix",
    "scopes",
    "created_by",
    "created_at",
    "last_used_at",
    "use_count",
    "revoked_at",
    "revoked_by",
)


class StaffKeyForm(forms.ModelForm):
    """A staff key: only its name; the scope is always `screening`."""

    class Meta:
        model = ApiKey
        fields = ["name"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "company",
        "shown_prefix",
        "scope_list",
        "created_at",
        "last_used_at",
        "use_count",
        "revoked_at",
    )
    list_filter = (
        ("revoked_at", admin.EmptyFieldListFilter),
        ("company", admin.EmptyFieldListFilter),
    )
    search_fields = ("name", "prefix", "company__name", "company__name_zh")
    list_select_related = ("company",)
    date_hierarchy = "created_at"
    actions = ["revoke"]

    @admin.display(description=_("key prefix"), ordering="prefix")
    def shown_prefix(self, obj: ApiKey) -> str:
        return f"ktp_{obj.prefix}_…"

    @admin.display(description=_("scopes"))
    def scope_list(self, obj: ApiKey) -> str:
        return ", ".join(obj.scope_labels())

    def get_fields(self, request, obj=None):
        return ["name"] if obj is None else list(SHOWN)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else SHOWN

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = StaffKeyForm
        return super().get_form(request, obj, change=change, **kwargs)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Company keys are made by owners on their team page; staff keys by
        # superusers only.
        return bool(request.user.is_superuser)

    def save_model(self, request, obj: ApiKey, form, change: bool) -> None:
        if change:
            return  # every field is read-only
        key, raw_key = create_api_key(
            name=form.cleaned_data["name"],
            scopes=[ApiScope.SCREENING],
            by=request.user,
            company=None,
        )
        # The admin goes on with `obj` (the log entry, the answer): make it the key.
        for field in ApiKey._meta.concrete_fields:
            setattr(obj, field.attname, getattr(key, field.attname))
        obj._state.adding = False
        request._new_api_key = raw_key

    def response_add(self, request, obj: ApiKey, post_url_continue=None):
        raw_key = getattr(request, "_new_api_key", None)
        if raw_key is None:
            return super().response_add(request, obj, post_url_continue)
        response: HttpResponse = TemplateResponse(
            request,
            "admin/jobs/apikey/created.html",
            {
                **self.admin_site.each_context(request),
                "title": _("New staff API key"),
                "opts": self.model._meta,
                "key": obj,
                "raw_key": raw_key,
            },
        )
        patch_cache_control(response, no_store=True, private=True)
        return response

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        count = 0
        for key in queryset.filter(revoked_at__isnull=True):
            revoke_api_key(key=key, by=request.user)  # type: ignore[arg-type]
            count += 1
        self.message_user(
            request,
            _("%(count)d keys revoked.") % {"count": count},
            messages.SUCCESS,
        )
