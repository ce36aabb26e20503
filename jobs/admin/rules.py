"""Admin for the screening rules, city wages and institutions.

Every write goes through `jobs.services.rules`, so a rules or wage change always
records a new rules version and an import behaves as `import_institutions` does.
"""

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobs.admin.history import AuditedAdmin
from jobs.engines.screening.config import RulesConfig
from jobs.engines.screening.engine import rules_version
from jobs.engines.screening.sources import FORMATS
from jobs.models import CityWage, Institution, RulesConfiguration
from jobs.selectors.rules import current_rules, settings_for_editing
from jobs.services.rules import (
    delete_city_wages,
    import_institutions_from_file,
    save_city_wage,
    save_rules_configuration,
)

_FORMAT_LABELS = {
    "domains-json": _("World universities and domains (JSON)"),
    "ranking-csv": _("World ranking table (QS layout CSV)"),
    "arwu-csv": _("ARWU ranking (rank, rank_band, name, country, year CSV)"),
    "the-csv": _("THE ranking (rank, rank_band, name, country, year CSV)"),
    "dfc-csv": _("China Double First-Class list (CSV)"),
    "ror-csv": _("Research institutions from ROR (CSV)"),
}


class RulesConfigurationForm(forms.ModelForm):
    """Edit the settings as JSON; validated by the engine's `RulesConfig.from_dict`."""

    config = forms.JSONField(
        label=_("Settings"),
        widget=forms.Textarea(
            attrs={"rows": 30, "cols": 90, "class": "vLargeTextField"}
        ),
        help_text=_(
            "The engine's settings as JSON. City wages are not here: edit "
            "them under City wages (each change there records a version too)."
        ),
    )

    class Meta:
        model = RulesConfiguration
        fields = ["config", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rules_config: RulesConfig | None = None
        if not self.is_bound:
            self.initial["config"] = settings_for_editing(current_rules().config)

    def clean_config(self) -> dict[str, Any]:
        data = self.cleaned_data["config"]
        if not isinstance(data, dict):
            raise forms.ValidationError(_("Enter a JSON object ({…})."))
        if "city_wages" in data:
            raise forms.ValidationError(
                _("Remove city_wages: city wages are edited under City wages.")
            )
        current = current_rules()
        wages = current.config.to_dict()["city_wages"]
        try:
            config = RulesConfig.from_dict({**data, "city_wages": wages})
        except (ValueError, TypeError) as exc:
            raise forms.ValidationError(str(exc)) from exc
        if rules_version(config) == current.version:
            raise forms.ValidationError(
                _("Nothing changed: these are the rules in force.")
            )
        self.rules_config = config
        return data


@admin.register(RulesConfiguration)
class RulesConfigurationAdmin(AuditedAdmin):
    form = RulesConfigurationForm
    list_display = ["version", "created_at", "created_by", "note"]
    list_select_related = ["created_by"]
    search_fields = ["version", "note"]
    date_hierarchy = "created_at"
    readonly_fields = ["version", "created_at", "created_by", "note", "settings"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return ["config", "note"]
        return ["version", "created_at", "created_by", "note", "settings"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else self.readonly_fields

    @admin.display(description=_("settings (including city wages)"))
    def settings(self, obj: RulesConfiguration) -> str:
        text = json.dumps(obj.config, indent=2, ensure_ascii=False, sort_keys=True)
        return format_html("<pre>{}</pre>", text)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # versions are history: change = add a new version

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: RulesConfiguration, form: Any, change: bool
    ) -> None:
        saved = save_rules_configuration(
            config=form.rules_config, user=request.user, note=form.cleaned_data["note"]
        )
        # The admin logs and redirects with `obj`: make it the row the service made.
        for field in obj._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        messages.info(
            request,
            _("Rules version %(version)s is now in force.")
            % {"version": saved.version},
        )


class CityWageChangeListForm(forms.ModelForm):
    class Meta:
        model = CityWage
        fields = ["average_wage_cny", "year", "source"]
        widgets = {"source": forms.TextInput(attrs={"size": 40})}


@admin.register(CityWage)
class CityWageAdmin(admin.ModelAdmin):
    list_display = [
        "city",
        "city_zh",
        "province",
        "average_wage_cny",
        "year",
        "measure",
        "valid_from",
        "valid_to",
        "source",
        "location_points",
        "is_active",
        "updated_at",
    ]
    list_display_links = ["city"]
    list_editable = ["average_wage_cny", "year", "source"]
    list_filter = ["is_active", "location_points", "year", "province"]
    search_fields = ["city", "city_zh", "province"]
    list_select_related = False  # no relations: one query per page
    readonly_fields = ["updated_at"]

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> type:
        return CityWageChangeListForm

    def save_model(
        self, request: HttpRequest, obj: CityWage, form: Any, change: bool
    ) -> None:
        _saved, version = save_city_wage(wage=obj, user=request.user)
        if version is not None:
            messages.info(
                request,
                _("Rules version %(version)s is now in force.")
                % {"version": version.version},
            )

    def delete_model(self, request: HttpRequest, obj: CityWage) -> None:
        delete_city_wages(wages=CityWage.objects.filter(pk=obj.pk), user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        delete_city_wages(wages=queryset, user=request.user)


class InstitutionImportForm(forms.Form):
    file = forms.FileField(label=_("File"))
    format = forms.ChoiceField(
        label=pgettext_lazy("file format", "Format"),
        choices=[(f, _FORMAT_LABELS.get(f, f)) for f in FORMATS],
    )
    year = forms.IntegerField(
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Ranking edition (ranking formats only; default: from the file)."),
    )
    dry_run = forms.BooleanField(
        required=False, help_text=_("Report what would change, write nothing.")
    )


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "name_zh",
        "country",
        "kind",
        "rank_best",
        "double_first_class",
        "national_research",
        "updated_at",
    ]
    list_filter = [
        "kind",
        "double_first_class",
        "national_research",
        "rank_band",
        "country",
    ]
    search_fields = ["name", "name_zh", "aliases", "key"]
    list_select_related = False  # no relations: one query per page
    show_full_result_count = False  # skip the extra COUNT(*) of the whole table
    readonly_fields = ["updated_at"]
    ordering = ["name"]

    def get_urls(self) -> list[URLPattern]:
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="jobs_institution_import",
            )
        ]
        return custom + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a reference file; runs the same service as `import_institutions`."""
        if not (
            self.has_add_permission(request) and self.has_change_permission(request)
        ):
            raise PermissionDenied
        form = InstitutionImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = import_institutions_from_file(
                    fp=upload.file,
                    name=upload.name,
                    fmt=form.cleaned_data["format"],
                    year=form.cleaned_data["year"],
                    dry_run=form.cleaned_data["dry_run"],
                )
            except ValueError as exc:
                form.add_error(
                    "file",
                    _("Not imported, nothing written: %(error)s") % {"error": exc},
                )
            else:
                messages.success(request, f"{upload.name}: {report}")
                for error in report.errors[:10]:
                    messages.warning(
                        request, _("Skipped record: %(error)s") % {"error": error}
                    )
                return redirect("admin:jobs_institution_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import institutions from a file"),
            "form": form,
        }
        return TemplateResponse(request, "admin/jobs/institution/import.html", context)
