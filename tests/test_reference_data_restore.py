"""A transactional test's flush empties the seeded tables; the next one finds them
as migrate left them (tests/conftest.py, `_restore_reference_data`)."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.core.management import call_command

from jobs.models import CityWage, Institution
from tests.conftest import _restore_reference_data

pytestmark = pytest.mark.django_db(transaction=True)


def _rows(model) -> list[tuple]:
    fields = [f.attname for f in model._meta.concrete_fields]
    return list(model.objects.order_by("pk").values_list(*fields))


def _groups() -> dict[str, set[str]]:
    return {
        group.name: set(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }


def test_after_a_flush_the_seeded_rows_come_back_as_they_were():
    institutions, wages, groups = _rows(Institution), _rows(CityWage), _groups()
    site = Site.objects.get_current().name
    assert len(institutions) > 10_000
    assert wages
    assert groups

    for _ in range(2):  # the copies serve every later flush, not only the first
        call_command("flush", interactive=False, verbosity=0)
        assert not Institution.objects.exists()
        _restore_reference_data()
        Site.objects.clear_cache()
        assert _rows(Institution) == institutions
        assert _rows(CityWage) == wages
        assert _groups() == groups
        assert Site.objects.get_current().name == site


def test_a_table_left_with_rows_is_not_copied_into_again():
    _restore_reference_data()
    count = Institution.objects.count()
    _restore_reference_data()
    assert Institution.objects.count() == count
