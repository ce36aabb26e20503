"""Staff screens in Chinese: names the audit found English (issue 14)."""

from django.apps import apps
from django.utils import translation

from jobs.admin.rules import InstitutionImportForm
from jobs.models import Institution, Screening
from jobs.services.rules import ImportReport


def test_the_mfa_app_and_screening_fields_have_chinese_names():
    with translation.override("zh-hans"):
        assert str(apps.get_app_config("mfa").verbose_name) == "双重身份验证"
        assert (
            str(Screening._meta.get_field("rules_version").verbose_name) == "规则版本"
        )
        assert str(Institution._meta.get_field("name").verbose_name) == "名称"


def test_the_import_form_and_report_read_in_chinese():
    with translation.override("zh-hans"):
        form = InstitutionImportForm()
        labels = dict(form.fields["format"].choices)
        assert labels["dfc-csv"] == "中国“双一流”建设名单（CSV）"
        assert str(ImportReport(1, 2, 3, dry_run=True)).startswith("试运行")
    with translation.override("en"):
        assert str(ImportReport(1, 2, 3)) == (
            "created 1, updated 2, skipped 3 (nothing new), errors 0"
        )
