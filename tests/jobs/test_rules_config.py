"""Rules versions, city wages and the cached `current_rules()` selector."""

import dataclasses
import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs.engines.screening.cities import DEFAULT_CITY_WAGES, find_city
from jobs.engines.screening.config import DEFAULT_CONFIG, RulesConfig
from jobs.engines.screening.jsonl import screen_lines
from jobs.models import CityWage, Institution, RulesConfiguration
from jobs.selectors.rules import clear_rules_cache, current_rules
from jobs.services.rules import (
    delete_city_wages,
    save_city_wage,
    save_rules_configuration,
)
from tests.factories import StaffFactory
from tests.jobs.screening_input import EXAMPLE_LINE

pytestmark = pytest.mark.django_db


def _verdict() -> dict:
    rules = current_rules()
    (result,) = screen_lines(
        [json.dumps(EXAMPLE_LINE)],
        config=rules.config,
        institutions=rules.institutions,
        today=date(2026, 1, 15),
    )
    return result


def _shanghai() -> CityWage:
    # Several rows a city since wave 2 (one per window): the older, undated one.
    return CityWage.objects.get(city="Shanghai", year=2023)


def test_seeded_tables_give_the_engine_defaults():
    config = current_rules().config

    assert set(config.city_wages) == set(DEFAULT_CITY_WAGES)
    assert dataclasses.replace(config, city_wages=DEFAULT_CITY_WAGES) == DEFAULT_CONFIG
    assert not RulesConfiguration.objects.exists()


def test_every_configuration_change_adds_a_version():
    staff = StaffFactory()
    first = save_rules_configuration(
        config=dataclasses.replace(current_rules().config, k_age_max=40),
        user=staff,
        note="cap 40",
    )
    second = save_rules_configuration(
        config=dataclasses.replace(current_rules().config, k_age_max=50),
        user=None,
        note="cap 50",
    )

    assert RulesConfiguration.objects.count() == 2
    first.refresh_from_db()
    assert first.config["k_age_max"] == 40  # the old row is history, untouched
    assert first.created_by == staff
    assert second.version != first.version
    assert current_rules().config.k_age_max == 50
    assert current_rules().version == second.version


def test_stored_snapshot_reproduces_its_version():
    row = save_rules_configuration(
        config=dataclasses.replace(DEFAULT_CONFIG, tier1_max_rank=150), user=None
    )

    assert RulesConfig.from_dict(row.config).fingerprint() == row.version
    assert len(row.config["city_wages"]) == CityWage.objects.count()


def test_verdict_rules_version_changes_with_the_age_band():
    before = _verdict()["rules_version"]
    save_rules_configuration(
        config=dataclasses.replace(current_rules().config, k_age_core_max=30),
        user=None,
        note="narrower core band",
    )

    after = _verdict()["rules_version"]

    assert after != before
    assert after == RulesConfiguration.objects.latest().version


def test_verdict_rules_version_changes_with_a_wage_row():
    before = _verdict()["rules_version"]
    wage = _shanghai()
    wage.average_wage_cny = 150_000
    wage.year = 2022  # 2024 has its own (dated) row since wave 2

    _, version = save_city_wage(wage=wage, user=None)

    assert version is not None
    assert "Shanghai" in version.note
    after = _verdict()["rules_version"]
    assert after != before
    assert after == version.version == current_rules().version
    shanghai = next(
        c
        for c in current_rules().config.city_wages
        if c.city == "Shanghai" and c.year == 2022
    )
    assert shanghai.avg_wage_cny == 150_000


def test_saving_an_unchanged_wage_row_adds_no_version():
    save_city_wage(wage=_shanghai(), user=None, note="first")  # records the table
    _, version = save_city_wage(wage=_shanghai(), user=None)

    assert version is None
    assert RulesConfiguration.objects.count() == 1


def test_wage_row_whose_window_holds_the_as_of_date_is_used():
    # Spec change (wave 2): not "the newest year", but the row whose window holds
    # the as-of date; the migration gives the shipped rows their windows.
    CityWage.objects.create(
        city="Beijing", average_wage_cny=1, year=2030, source="x", is_active=False
    )
    shanghai_2024 = CityWage.objects.get(city="Shanghai", year=2024)
    assert shanghai_2024.valid_from == date(2026, 2, 3)
    assert shanghai_2024.measure == "all urban units (全口径)"

    config = current_rules().config
    rows = [c for c in config.city_wages if c.city in {"Shanghai", "Beijing"}]

    assert all(c.year != 2030 for c in rows)
    assert find_city(
        "Shanghai", config.city_wages, as_of="2026-03-01"
    ).avg_wage_cny == (149_208)
    assert find_city("Shanghai", config.city_wages, as_of="2026-01-15").year == 2023
    assert find_city("Beijing", config.city_wages, as_of="2026-02-04").year == 2024


def test_deleting_wage_rows_adds_a_version():
    version = delete_city_wages(wages=CityWage.objects.filter(city="Lhasa"), user=None)

    assert version is not None
    assert "Lhasa" in version.note
    assert all(c.city != "Lhasa" for c in current_rules().config.city_wages)


def test_current_rules_cold_then_cached_query_counts(django_assert_num_queries):
    clear_rules_cache()
    with django_assert_num_queries(4):  # stamp, config, wages, institutions
        cold = current_rules()
    for _ in range(3):
        with django_assert_num_queries(1):  # the stamp only
            assert current_rules() is cold


def test_current_rules_picks_up_a_change_and_keeps_the_index(
    django_assert_num_queries,
):
    rules = current_rules()
    save_rules_configuration(
        config=dataclasses.replace(rules.config, k_age_max=44), user=None
    )

    with django_assert_num_queries(3):  # stamp, config, wages: no institution reload
        changed = current_rules()

    assert changed.config.k_age_max == 44
    assert changed.institutions is rules.institutions


def test_current_rules_sees_an_institution_edit():
    rules = current_rules()
    eth = Institution.objects.get(name="ETH Zurich")
    eth.aliases = [*eth.aliases, "Polytechnikum am Zürichberg"]
    eth.save()

    resolved = current_rules().institutions.resolve("Polytechnikum am Zürichberg")

    assert current_rules().institutions is not rules.institutions
    assert resolved is not None
    assert resolved.key == eth.key


# --- admin -------------------------------------------------------------------------


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def _settings_json(**changes) -> str:
    data = current_rules().config.to_dict()
    data.pop("city_wages")
    data.update(changes)
    return json.dumps(data)


def test_admin_add_creates_a_new_version(staff_client):
    url = reverse("admin:jobs_rulesconfiguration_add")
    assert staff_client.get(url).status_code == 200

    response = staff_client.post(
        url, {"config": _settings_json(k_age_max=42), "note": "cap 42"}
    )

    assert response.status_code == 302
    row = RulesConfiguration.objects.get()
    assert (row.config["k_age_max"], row.note) == (42, "cap 42")
    assert row.version == current_rules().version
    assert row.created_by is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"k_age_min": 50}, "k_age_min &lt;= k_age_core_max"),
        ({"k_age_maximum": 40}, "unknown configuration keys: k_age_maximum"),
        ({"points_table_version": "2099"}, "unknown points_table_version"),
        ({"city_wages": []}, "edited under City wages"),
        ({}, "Nothing changed"),
    ],
)
def test_admin_add_shows_engine_validation_on_the_field(staff_client, changes, message):
    response = staff_client.post(
        reverse("admin:jobs_rulesconfiguration_add"),
        {"config": _settings_json(**changes), "note": ""},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["adminform"].form.errors["config"]
    assert not RulesConfiguration.objects.exists()


def test_admin_versions_are_read_only(staff_client):
    row = save_rules_configuration(config=DEFAULT_CONFIG, user=None, note="seed")

    change = staff_client.get(
        reverse("admin:jobs_rulesconfiguration_change", args=[row.pk])
    )
    post = staff_client.post(
        reverse("admin:jobs_rulesconfiguration_change", args=[row.pk]),
        {"note": "edited"},
    )
    delete = staff_client.get(
        reverse("admin:jobs_rulesconfiguration_delete", args=[row.pk])
    )

    assert change.status_code == 200  # view only
    assert post.status_code == 403
    assert delete.status_code == 403
    row.refresh_from_db()
    assert row.note == "seed"


def _changelist_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_admin_version_list_has_no_n_plus_one(staff_client):
    url = reverse("admin:jobs_rulesconfiguration_changelist")
    save_rules_configuration(config=DEFAULT_CONFIG, user=StaffFactory(), note="1")
    few = _changelist_queries(staff_client, url)
    for n in range(6):
        save_rules_configuration(
            config=dataclasses.replace(DEFAULT_CONFIG, k_age_max=46 + n),
            user=StaffFactory(),
            note=str(n),
        )

    assert _changelist_queries(staff_client, url) == few


def test_admin_wage_edit_records_a_version(staff_client):
    wage = _shanghai()
    url = reverse("admin:jobs_citywage_change", args=[wage.pk])
    data = {
        "city": wage.city,
        "city_zh": wage.city_zh,
        "province": wage.province,
        "average_wage_cny": 155_555,
        "year": 2022,
        "source": "Shanghai HRSS 2025 notice",
        "location_points": "",
        "is_active": "on",
    }

    response = staff_client.post(url, data)

    assert response.status_code == 302
    version = RulesConfiguration.objects.get()
    assert version.version == current_rules().version
    row = next(
        r
        for r in version.config["city_wages"]
        if r["city"] == "Shanghai" and r["year"] == 2022
    )
    assert row["avg_wage_cny"] == 155_555


def test_admin_wage_list_is_editable_and_constant_queries(staff_client):
    url = reverse("admin:jobs_citywage_changelist")
    page = staff_client.get(url)
    assert page.status_code == 200
    assert 'name="form-0-average_wage_cny"' in page.content.decode()
    assert _changelist_queries(staff_client, url + "?q=Sh") == _changelist_queries(
        staff_client, url
    )


def test_admin_wage_list_edit_records_a_version(staff_client):
    url = reverse("admin:jobs_citywage_changelist")
    formset = staff_client.get(url).context["cl"].formset
    data = {
        "form-TOTAL_FORMS": str(formset.total_form_count()),
        "form-INITIAL_FORMS": str(formset.initial_form_count()),
        "_save": "Save",
    }
    for form in formset.forms:
        for name in ("id", "average_wage_cny", "year", "source"):
            value = form.initial.get(name, form[name].value())
            data[form.add_prefix(name)] = value if value is not None else ""
    shanghai = next(
        f
        for f in formset.forms
        if f.instance.city == "Shanghai" and f.instance.year == 2023
    )
    data[shanghai.add_prefix("average_wage_cny")] = 151_000

    response = staff_client.post(url, data)

    assert response.status_code == 302
    version = RulesConfiguration.objects.get()
    assert "Shanghai" in version.note
    assert _shanghai().average_wage_cny == 151_000
    assert current_rules().version == version.version
