"""Cities as places: resolution, the picker, the filter, the estimate, the names.

Run on both databases (`scripts/with-postgres ... pytest tests/jobs/test_places.py`).
"""

import importlib
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from accounts.services import update_profile
from jobs.engines.places import city_key, find_place, load_places
from jobs.engines.screening.cities import DEFAULT_CITY_WAGES, normalise_city
from jobs.models import City, Role
from jobs.selectors.engine_inputs import role_offer
from jobs.services.matching import refresh_cards, requirements_of, summary_of
from jobs.services.roles import skills_from_names
from tests.factories import (
    CandidateProfileFactory,
    MembershipFactory,
    RoleFactory,
    SeekerFactory,
)

pytestmark = pytest.mark.django_db


def _role(**fields) -> Role:
    return Role.objects.select_related("city_place").get(pk=RoleFactory(**fields).pk)


def test_every_wage_city_is_a_place_with_the_wage_tables_key():
    keys = {p.key for p in load_places()}
    assert {normalise_city(row.city) for row in DEFAULT_CITY_WAGES} <= keys
    assert len(keys) >= 60
    assert City.objects.count() == len(load_places())  # seeded by the migration


@pytest.mark.parametrize(
    "written", ["北京", "北京市", "Beijing", "beijing shi", "Peking"]
)
def test_a_role_city_resolves_to_its_place_however_written(written):
    role = _role(city=written)
    assert role.city_place is not None
    assert role.city_place.key == "beijing"
    assert role.city == written  # kept as the employer wrote it
    assert not role.city_unresolved


def test_an_unknown_city_is_kept_and_flagged():
    role = _role(city="Gotham")
    assert role.city_place is None
    assert role.city == "Gotham"
    assert role.city_unresolved
    assert list(Role.objects.filter(city_unresolved=True)) == [role]


def test_migration_resolves_existing_free_text_and_flags_the_rest():
    migration = importlib.import_module("jobs.migrations.0017_cities_as_places")
    known = RoleFactory(city="Tsingtao")
    unknown = RoleFactory(city="Atlantis")
    Role.objects.update(city_place=None, city_unresolved=False, city_key="")
    profile = CandidateProfileFactory(desired_cities="上海， Shenzhen, Atlantis")
    profile.desired_city_places.clear()
    migration.seed(apps, None)
    known.refresh_from_db()
    unknown.refresh_from_db()
    assert known.city_place.key == "qingdao"
    assert not known.city_unresolved
    assert unknown.city_place is None
    assert unknown.city_unresolved
    assert unknown.city == "Atlantis"
    assert {c.key for c in profile.desired_city_places.all()} == {
        "shanghai",
        "shenzhen",
    }
    profile.refresh_from_db()
    assert profile.desired_cities == "上海， Shenzhen, Atlantis"  # text kept


def test_a_seekers_desired_cities_link_to_places_on_save():
    profile = CandidateProfileFactory()
    update_profile(profile=profile, desired_cities="珠海市, Hefei, Gotham")
    assert {c.key for c in profile.desired_city_places.all()} == {"zhuhai", "hefei"}
    assert profile.desired_cities == "珠海市, Hefei, Gotham"


@pytest.mark.parametrize(
    ("typed", "language", "expected"),
    [
        ("bei", "en", "Beijing"),
        ("bei", "zh-hans", "北京"),
        ("北京", "en", "Beijing"),
        ("Peking", "zh-hans", "北京"),
        ("zhuh", "en", "Zhuhai"),
        ("珠", "zh-hans", "珠海"),
        ("haerbin", "en", "Harbin"),
    ],
)
def test_city_picker_suggests_in_the_readers_language(
    client, typed, language, expected
):
    client.force_login(SeekerFactory())
    response = client.get(
        reverse("jobs:city_suggest"), {"q": typed}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    assert expected in response.json()["results"]


def test_city_picker_needs_text(client):
    client.force_login(SeekerFactory())
    assert client.get(reverse("jobs:city_suggest")).json() == {"results": []}


@pytest.mark.parametrize("query", ["Zhuhai", "珠海", "珠海市", "zhuhai shi"])
def test_city_filter_finds_places_beyond_the_wage_table(client, query):
    # Zhuhai is no row of the wage table: only the places file knows 珠海 is Zhuhai.
    assert find_place("珠海") is not None
    RoleFactory(title="Photonics engineer", city="珠海市")
    RoleFactory(title="Battery engineer", city="Shanghai")
    url = f"{reverse('jobs:role_search')}?{urlencode({'city': query})}"
    text = client.get(url).text
    assert "Photonics engineer" in text
    assert "Battery engineer" not in text


def test_unresolved_cities_still_filter_by_their_own_spelling(client):
    RoleFactory(title="Moon base engineer", city="Gotham")
    url = f"{reverse('jobs:role_search')}?{urlencode({'city': 'gotham'})}"
    assert "Moon base engineer" in client.get(url).text


def test_matching_meets_a_seeker_and_a_role_in_a_place_beyond_the_wage_table():
    role = RoleFactory(title="芯片验证工程师", city="珠海市", skills=["Verilog"])
    profile = CandidateProfileFactory(
        desired_cities="Zhuhai", willing_to_relocate=False
    )
    profile.skills.set(skills_from_names(["Verilog"]))
    (card,) = refresh_cards(profile_ids=[profile.pk])
    from jobs.engines.matching.engine import score_match

    match = score_match(requirements_of(role), summary_of(card))
    assert match.component("city").score == 1.0


def test_the_estimate_reads_the_places_wage_row():
    # "Tsingtao" is a variant only the places file knows; the wage row is Qingdao's.
    role = _role(city="Tsingtao", salary_min=400_000)
    assert role_offer(role).city == "Qingdao"
    assert role_offer(_role(city="Gotham")).city == "Gotham"


def test_the_estimate_on_the_role_page_uses_the_place(client):
    role = RoleFactory(city="Tsingtao", salary_min=400_000, salary_max=500_000)
    client.force_login(CandidateProfileFactory().user)
    with translation.override("en"):
        text = client.get(
            reverse("jobs:role_detail", args=[role.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).text
    assert "not in our table" not in text  # the free text alone finds no wage
    assert "Qingdao" in text


def test_city_names_in_the_readers_language_on_search_and_dashboard(client):
    RoleFactory(title="Vision engineer", city="北京市")
    RoleFactory(title="Chip engineer", city="Shenzhen")
    en = client.get(reverse("jobs:role_search"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "· Beijing ·" in en
    assert "北京市" not in en
    zh = client.get(reverse("jobs:role_search"), HTTP_ACCEPT_LANGUAGE="zh-hans").text
    assert "· 深圳 ·" in zh
    assert city_key("北京市") == "beijing"


def test_city_name_on_the_employer_dashboard(client):
    member = MembershipFactory()
    RoleFactory(company=member.company, title="Vision engineer", city="北京市")
    client.force_login(member.user)
    with translation.override("en"):
        text = client.get(reverse("jobs:employer_dashboard")).text
    assert "Beijing" in text
