"""Admin for stored screenings: filter by outcome and failed rule, re-screen, progress."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jobs.engines.screening.outcomes import RULE_IDS
from jobs.models import Screening, ScreeningChange, ScreeningRun
from jobs.selectors.screening import screening_totals
from jobs.services.pipeline import queue_rescreen


class FailedRuleFilter(admin.SimpleListFilter):
    title = _("rule not passed")
    parameter_name = "failed_rule"

    def lookups(self, request, model_admin):
        return [(rule, rule) for rule in RULE_IDS if rule.startswith("K-")]

    def queryset(self, request, queryset):
        if self.value() in RULE_IDS:
            # The list is stored as JSON text: match the quoted id exactly.
            return queryset.filter(failed_rules__icontains=f'"{self.value()}"')
        return queryset


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
    list_display = (
        "candidate",
        "outcome",
        "failed",
        "rules_version",
        "outcome_since",
        "checked_at",
    )
    list_filter = ("outcome", FailedRuleFilter, "rules_version")
    search_fields = (
        "profile__user__email",
        "profile__family_name",
        "profile__given_name",
    )
    list_select_related = ("profile__user",)
    readonly_fields = [f.name for f in Screening._meta.fields]
    actions = ["rescreen_selected"]
    change_list_template = "admin/jobs/screening/change_list.html"
    date_hierarchy = "outcome_since"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("candidate"), ordering="profile__family_name")
    def candidate(self, obj: Screening) -> str:
        return f"{obj.profile} <{obj.profile.user.email}>"

    @admin.display(description=_("not passed"))
    def failed(self, obj: Screening) -> str:
        return ", ".join(obj.failed_rules)

    def has_rescreen_permission(self, request) -> bool:
        """Re-screening starts a run: it needs the right to add runs."""
        return request.user.has_perm("jobs.add_screeningrun")

    @admin.action(
        description=_("Re-screen selected candidates"), permissions=["rescreen"]
    )
    def rescreen_selected(self, request, queryset):
        run = queue_rescreen(
            kind=ScreeningRun.Kind.SELECTED,
            profile_ids=list(queryset.values_list("profile_id", flat=True)),
            user=request.user,
        )
        self._report_run(request, run)

    def _report_run(self, request, run: ScreeningRun) -> None:
        url = reverse("admin:jobs_screeningrun_change", args=[run.pk])
        messages.success(
            request,
            format_html(
                str(
                    _(
                        'Queued {} candidates for re-screening. <a href="{}">Follow the progress</a>.'
                    )
                ),
                run.total,
                url,
            ),
        )

    def get_urls(self):
        return [
            path(
                "rescreen-all/",
                self.admin_site.admin_view(self.rescreen_all_view),
                name="jobs_screening_rescreen_all",
            ),
            *super().get_urls(),
        ]

    def rescreen_all_view(self, request: HttpRequest):
        if not self.has_rescreen_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return TemplateResponse(
                request,
                "admin/jobs/screening/rescreen_all.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "title": _("Re-screen all candidates"),
                    "totals": screening_totals(),
                },
            )
        run = queue_rescreen(kind=ScreeningRun.Kind.ALL, user=request.user)
        self._report_run(request, run)
        return HttpResponseRedirect(
            reverse("admin:jobs_screeningrun_change", args=[run.pk])
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "totals": screening_totals()}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(ScreeningChange)
class ScreeningChangeAdmin(admin.ModelAdmin):
    list_display = (
        "profile",
        "from_outcome",
        "to_outcome",
        "changed_at",
        "notified_at",
        "rules_version",
    )
    list_filter = ("to_outcome", "from_outcome")
    search_fields = ("profile__user__email",)
    list_select_related = ("profile__user",)
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ScreeningRun)
class ScreeningRunAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "kind",
        "progress",
        "total",
        "done",
        "started_by",
        "finished_at",
    )
    list_filter = ("kind",)
    list_select_related = ("started_by",)
    readonly_fields = (
        "kind",
        "progress",
        "total",
        "done",
        "rules_version",
        "started_at",
        "finished_at",
        "started_by",
    )
    change_form_template = "admin/jobs/screeningrun/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("progress"))
    def progress(self, obj: ScreeningRun) -> str:
        return format_html(
            '<progress value="{}" max="100" aria-label="{}"></progress> {}%',
            obj.progress_percent,
            _("progress"),
            obj.progress_percent,
        )
