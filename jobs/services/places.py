"""Place services: load the shipped cities, resolve typed city names to places."""

from django.db import transaction

from accounts.models import CandidateProfile
from jobs.engines.places import Place, city_key, find_place, load_places
from jobs.models import City


def _fields(known: Place) -> dict:
    return {
        "name": known.name,
        "name_zh": known.name_zh,
        "pinyin": known.pinyin,
        "province": known.province,
        "province_zh": known.province_zh,
        "tier": known.tier,
        "variants": list(known.variants),
    }


@transaction.atomic
def load_cities() -> tuple[int, int]:
    """Create or refresh every city of `jobs/engines/data/cities.csv`: (created, updated).

    Cities staff added by hand are left alone; nothing is deleted.
    """
    existing = {c.key: c for c in City.objects.all()}
    created: list[City] = []
    changed: list[City] = []
    for known in load_places():
        values = _fields(known)
        row = existing.get(known.key)
        if row is None:
            created.append(City(key=known.key, **values))
        elif any(getattr(row, f) != v for f, v in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            changed.append(row)
    City.objects.bulk_create(created)
    City.objects.bulk_update(changed, list(_fields(load_places()[0])))
    return len(created), len(changed)


def resolve_city(text: str) -> City | None:
    """The place a typed city name is, in any language or spelling, or None."""
    if not text.strip():
        return None
    known = find_place(text)
    if known is None:
        return City.objects.filter(key=city_key(text)).first()
    return City.objects.filter(key=known.key).first()


def split_city_names(text: str) -> list[str]:
    """The cities of a comma-separated list (English or Chinese commas)."""
    parts = text.replace("，", ",").replace("、", ",").split(",")
    return [part.strip() for part in parts if part.strip()]


def sync_desired_places(*, profile: CandidateProfile) -> list[str]:
    """Link the profile to the places its desired cities name; the unknown names.

    The text stays as written; a name no place matches is returned (and shown to
    staff in the City admin's "unresolved" list), never dropped.
    """
    names = split_city_names(profile.desired_cities)
    keys = {city_key(name): name for name in names}
    places = list(City.objects.filter(key__in=keys))
    profile.desired_city_places.set(places)
    found = {c.key for c in places}
    return [name for key, name in keys.items() if key not in found]


def link_desired_places(*, profiles) -> int:
    """Link many profiles to the places their desired cities name (bulk; for
    rows written without the profile signal, e.g. the demo data). Links added."""
    places = dict(City.objects.values_list("key", "pk"))
    through = City.desired_by.through
    links = [
        through(city_id=places[key], candidateprofile_id=profile.pk)
        for profile in profiles
        for key in {city_key(name) for name in split_city_names(profile.desired_cities)}
        if key in places
    ]
    return len(through.objects.bulk_create(links, ignore_conflicts=True))
