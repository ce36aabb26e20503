"""City average wages and work-location points: staff-editable configuration data.

Each row of `data/city_wages.csv` gives a city's average annual wage in CNY for one year, the statistic it is,
and whether a job there earns the work-permit location points (工作定向, 10 points:
the western region and the north-east old industrial bases, visa-rules-sources.md
§2.5). The work-permit 4× / 6× salary tests compare an offer with the previous year's
local average wage (§2.6).

The figures were compiled offline from recollection of the published municipal
statistics and social-insurance announcements named in each row; they could not be
checked against the releases while writing, so rows marked "approx." are rounded
estimates. They are defaults only: `RulesConfig.city_wages` carries the table, staff
edit it (and should replace every "approx." row with the published figure and its
year) without a code change, and the rules version changes with it. The file is
the seed of that table (migrations 0002 and 0012 read `DEFAULT_CITY_WAGES`);
`data/README.md` lists where its figures come from.

Western region (西部大开发): Chongqing, Sichuan, Guizhou, Yunnan, Tibet, Shaanxi, Gansu,
Qinghai, Ningxia, Xinjiang, Inner Mongolia, Guangxi. North-east old industrial bases
(东北老工业基地): Liaoning, Jilin, Heilongjiang.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from jobs.engines.datafiles import fail, read_csv


@dataclass(frozen=True, slots=True)
class CityWage:
    """One city's average annual wage for a statistical year, and where it applies.

    `measure` says which statistic the figure is (all urban units 全口径, urban
    non-private, on-post: visa-rules-sources §8.2); `valid_from` / `valid_to`
    (ISO dates, "" = open) are the window of application dates it is used for
    (cities switch in July to the latest published year; Beijing and Shanghai
    switched in February 2026). A row without a window applies whenever no dated
    row does.
    """

    city: str
    city_zh: str
    province: str
    avg_wage_cny: int
    year: int
    source: str
    location_points_region: bool
    measure: str = ""
    valid_from: str = ""
    valid_to: str = ""

    def applies_on(self, day: str) -> bool:
        """Whether the window holds the ISO date `day` (open ends hold everything)."""
        return (not self.valid_from or self.valid_from <= day) and (
            not self.valid_to or day <= self.valid_to
        )


MEASURE_ALL = "all urban units (全口径)"
MEASURE_NON_PRIVATE = "urban non-private units (城镇非私营单位)"
MEASURE_ON_POST = "on-post employees of urban units (城镇单位在岗职工)"
MEASURES: Final = (MEASURE_ALL, MEASURE_NON_PRIVATE, MEASURE_ON_POST)


DATA_DIR: Final = Path(__file__).resolve().parent / "data"
_WAGE_COLUMNS: Final = (
    "city",
    "city_zh",
    "province",
    "avg_wage_cny",
    "year",
    "measure",
    "valid_from",
    "valid_to",
    "location_points_region",
    "source",
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _wage_row(path: Path, line: int, row: dict[str, str]) -> CityWage:
    """One `city_wages.csv` row as a `CityWage`; anything odd names the line."""
    if not row["city"] or not row["province"]:
        fail(path, line, "city and province are required")
    if not row["avg_wage_cny"].isdigit() or not row["year"].isdigit():
        fail(path, line, "avg_wage_cny and year must be whole numbers")
    if row["measure"] and row["measure"] not in MEASURES:
        fail(path, line, f"measure {row['measure']!r} is not one of {list(MEASURES)}")
    for column in ("valid_from", "valid_to"):
        if row[column] and not _DATE.fullmatch(row[column]):
            fail(path, line, f"{column} {row[column]!r} is not an ISO date")
    if row["location_points_region"] not in {"0", "1"}:
        fail(path, line, "location_points_region must be 0 or 1")
    return CityWage(
        city=row["city"],
        city_zh=row["city_zh"],
        province=row["province"],
        avg_wage_cny=int(row["avg_wage_cny"]),
        year=int(row["year"]),
        source=row["source"],
        location_points_region=row["location_points_region"] == "1",
        measure=row["measure"],
        valid_from=row["valid_from"],
        valid_to=row["valid_to"],
    )


@cache
def load_city_wages(path: Path = DATA_DIR / "city_wages.csv") -> tuple[CityWage, ...]:
    """The default wage table (`data/city_wages.csv`), in file order."""
    return tuple(
        _wage_row(path, line, row) for line, row in read_csv(path, _WAGE_COLUMNS)
    )


@cache
def load_city_aliases(path: Path = DATA_DIR / "city_aliases.csv") -> dict[str, str]:
    """Old or romanised spellings (`data/city_aliases.csv`), keyed by normalised form."""
    aliases: dict[str, str] = {}
    for line, row in read_csv(path, ("alias", "city")):
        alias, city = row["alias"], row["city"]
        if not alias or not city or _DROP.search(alias) or alias != alias.casefold():
            fail(path, line, "alias and city must be given in normalised form")
        if alias in aliases:
            fail(path, line, f"alias {alias!r} listed twice")
        aliases[alias] = city
    return aliases


_SUFFIXES: Final[tuple[str, ...]] = ("shi", "city", "municipality")
_DROP = re.compile(r"[\s'’`\-_.,()（）·]+")
# Historical or romanised spellings people still type ("Peking", "Amoy").
_ALIASES: Final[dict[str, str]] = load_city_aliases()
# Undated rows apply whenever no dated row holds; dated rows carry the window of
# application dates they are used for (visa-rules-sources §8.2 and §8.4).
DEFAULT_CITY_WAGES: Final[tuple[CityWage, ...]] = load_city_wages()


def pick_wage(rows: tuple[CityWage, ...], as_of: str) -> CityWage | None:
    """The row whose window holds `as_of` (the latest-starting one), else the newest."""
    if not rows:
        return None
    holding = [r for r in rows if r.applies_on(as_of)]
    pool = holding or list(rows)
    return max(pool, key=lambda r: (r.valid_from, r.year, r.valid_to or "9999"))


def normalise_city(name: str) -> str:
    """Fold a city name for lookup: case, accents, punctuation, "Shi"/"市"/"City"."""
    text = unicodedata.normalize("NFKD", name.strip().casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DROP.sub("", text)
    text = text.removesuffix("市")
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text.removesuffix(suffix)
            break
    return _ALIASES.get(text, text)


def build_city_lookup(
    rows: tuple[CityWage, ...],
) -> dict[str, tuple[CityWage, ...]]:
    """Map every normalised English and Chinese spelling of a city to its rows."""
    lookup: dict[str, list[CityWage]] = {}
    for row in rows:
        keys = {normalise_city(s) for s in (row.city, row.city_zh) if s}
        for key in keys:
            lookup.setdefault(key, []).append(row)
    return {key: tuple(found) for key, found in lookup.items()}


def find_city(
    name: str | None, rows: tuple[CityWage, ...], *, as_of: str = "9999-12-31"
) -> CityWage | None:
    """Return the row for a city however it is written (see `pick_wage`), or None."""
    if not name:
        return None
    return pick_wage(build_city_lookup(rows).get(normalise_city(name), ()), as_of)
