"""One key per Chinese city however it is written: 北京, 北京市, Beijing, Peking.

The cities are `data/cities.csv` (English, Chinese and pinyin names, provinces,
variants; seeded into the `City` table) plus the work-permit wage table's cities
(`screening/data/city_wages.csv`, with the alias file's old spellings). A place's
key is its folded English name, the spelling the wage table is looked up by, so a
role's place finds its wage row. A name neither knows keeps its own folded
spelling, so it still matches itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from jobs.engines.datafiles import fail, read_csv
from jobs.engines.screening.cities import DEFAULT_CITY_WAGES, normalise_city

DATA_DIR: Final = Path(__file__).resolve().parent / "data"
_COLUMNS: Final = (
    "key",
    "name",
    "name_zh",
    "pinyin",
    "province",
    "province_zh",
    "tier",
    "variants",
)


@dataclass(frozen=True, slots=True)
class Place:
    """One city as `data/cities.csv` gives it."""

    key: str
    name: str
    name_zh: str
    pinyin: str
    province: str
    province_zh: str
    tier: int
    variants: tuple[str, ...] = ()

    def spellings(self) -> tuple[str, ...]:
        """Every way of writing the city this row knows."""
        return (self.name, self.name_zh, self.pinyin, *self.variants)

    def name_for(self, language: str | None) -> str:
        """The name in `language` ("zh…" gives the Chinese name)."""
        if (language or "").lower().startswith("zh") and self.name_zh:
            return self.name_zh
        return self.name


@cache
def load_places(path: Path = DATA_DIR / "cities.csv") -> tuple[Place, ...]:
    """The shipped cities, in file order; a bad row names its line."""
    rows: list[Place] = []
    seen: set[str] = set()
    for line, row in read_csv(path, _COLUMNS):
        if not all(row[c] for c in ("key", "name", "name_zh", "province")):
            fail(path, line, "key, name, name_zh and province are required")
        if row["key"] != normalise_city(row["name"]):
            fail(
                path,
                line,
                f"key must be the folded name {normalise_city(row['name'])!r}",
            )
        if row["key"] in seen:
            fail(path, line, f"key {row['key']!r} listed twice")
        if not row["tier"].isdigit():
            fail(path, line, "tier must be a whole number")
        seen.add(row["key"])
        rows.append(
            Place(
                key=row["key"],
                name=row["name"],
                name_zh=row["name_zh"],
                pinyin=row["pinyin"],
                province=row["province"],
                province_zh=row["province_zh"],
                tier=int(row["tier"]),
                variants=tuple(
                    v.strip() for v in row["variants"].split("|") if v.strip()
                ),
            )
        )
    return tuple(rows)


@cache
def _by_spelling() -> dict[str, Place]:
    """Folded spelling -> place; the wage table's cities are places too."""
    found: dict[str, Place] = {}
    for known in load_places():
        for spelling in known.spellings():
            found.setdefault(normalise_city(spelling), known)
    for row in DEFAULT_CITY_WAGES:
        key = normalise_city(row.city)
        if key not in found:
            extra = Place(key, row.city, row.city_zh, key, row.province, "", 2)
            for spelling in (row.city, row.city_zh):
                if spelling:
                    found.setdefault(normalise_city(spelling), extra)
    return found


def find_place(name: str) -> Place | None:
    """The known city `name` is a spelling of, or None."""
    return _by_spelling().get(normalise_city(name)) if name.strip() else None


def place(name: str) -> tuple[str, str] | None:
    """(English, Chinese) names of a known city, or None."""
    known = find_place(name)
    return (known.name, known.name_zh) if known else None


def city_key(name: str) -> str:
    """The comparison key of a city: its place's key when known, else its own folding."""
    known = find_place(name)
    return known.key if known else normalise_city(name)


def suggest_places(text: str, *, limit: int = 12) -> list[Place]:
    """Places one of whose spellings starts with (then contains) the typed text."""
    wanted = normalise_city(text)
    if not wanted:
        return []
    starts: list[Place] = []
    inside: list[Place] = []
    for known in load_places():
        folded = [normalise_city(s) for s in known.spellings()]
        if any(f.startswith(wanted) for f in folded):
            starts.append(known)
        elif any(wanted in f for f in folded):
            inside.append(known)
    return (
        sorted(starts, key=lambda p: p.tier)[:limit]
        + inside[: max(0, limit - len(starts))]
    )
