"""One key per Chinese city however it is written: 北京, 北京市, Beijing, Peking.

The cities are the work-permit wage table's (`screening/data/city_wages.csv`,
English and Chinese names, with the alias file's old spellings); a name the
table does not know keeps its own folded spelling, so it still matches itself.
"""

from __future__ import annotations

from functools import cache

from jobs.engines.screening.cities import DEFAULT_CITY_WAGES, normalise_city


@cache
def _places() -> dict[str, tuple[str, str]]:
    """Folded spelling -> (English name, Chinese name)."""
    found: dict[str, tuple[str, str]] = {}
    for row in DEFAULT_CITY_WAGES:
        for spelling in (row.city, row.city_zh):
            if spelling:
                found.setdefault(normalise_city(spelling), (row.city, row.city_zh))
    return found


def place(name: str) -> tuple[str, str] | None:
    """(English, Chinese) names of a known city, or None."""
    return _places().get(normalise_city(name)) if name.strip() else None


def city_key(name: str) -> str:
    """The comparison key of a city: its English name folded when known, else its own."""
    known = place(name)
    return normalise_city(known[0] if known else name)
