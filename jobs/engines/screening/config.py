"""Every assumption the screening rules rest on, as staff-editable configuration.

`RulesConfig` is frozen and JSON-safe: `to_dict()` and `RulesConfig.from_dict()`
round-trip (the Django side stores the dict and staff edit it), and `fingerprint()`
is the rules version every stored verdict records. `ENGINE_VERSION` is part of the
fingerprint so that a change in the rule code also changes the version.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Final

from jobs.engines.screening.cities import DEFAULT_CITY_WAGES, CityWage

# Bump on any change to rule logic or messages that can change a verdict.
ENGINE_VERSION: Final = "3"

POINTS_TABLE_VERSIONS: Final[frozenset[str]] = frozenset({"2017-interim"})

DEFAULT_K_CHECKLIST: Final[tuple[str, ...]] = (
    "Passport valid for at least six months, with a blank visa page",
    "Completed visa application form",
    "Recent passport photo",
)
K_DEGREE_DOCUMENT: Final = "Degree certificate for your qualifying degree"
K_POST_DOCUMENT: Final = (
    "Proof of your current teaching or research post (e.g. a letter from the "
    "institution)"
)
K_EMBASSY_DOCUMENT: Final = (
    "Any further documents the Chinese embassy or consulate where you apply asks for"
)


@dataclass(frozen=True, slots=True)
class RulesConfig:
    """The screening parameters; defaults follow SCREENING.md."""

    # K visa: age in completed years. Nothing official: 18–45 is the commentary
    # figure, 35 is "young under any plausible cap".
    k_age_min: int = 18
    k_age_core_max: int = 35
    k_age_max: int = 45
    # "Well-known" institution proxies (none official for K).
    tier1_max_rank: int = 200
    tier2_max_rank: int = 500
    double_first_class_is_tier1: bool = True
    national_research_is_tier1: bool = True
    # China discipline catalogue: STEM and ambiguous categories / subjects.
    stem_categories: frozenset[str] = frozenset({"07", "08"})
    ambiguous_categories: frozenset[str] = frozenset({"09", "10", "14"})
    ambiguous_subjects: frozenset[str] = frozenset({"0402", "0714", "0270", "1201"})
    k_checklist: tuple[str, ...] = DEFAULT_K_CHECKLIST
    # Work permit (外专发〔2017〕40号 annex 3 and the points table).
    points_table_version: str = "2017-interim"
    wp_min_age: int = 18
    wp_a_min_points: int = 85
    wp_b_min_points: int = 60
    provincial_bonus_max: int = 10
    wp_a_salary_multiple: float = 6.0
    wp_b_salary_multiple: float = 4.0
    wp_b_min_experience_years: float = 2.0
    wp_b_max_age: int = 60
    # B route "master's from a Chinese or top-N overseas university" (W5).
    wp_b_top_overseas_rank: int = 100
    # Points extra "graduate of a high-level foreign university": same top-N proxy.
    points_top_overseas_rank: int = 100
    points_extra_years_in_china: float = 5.0
    city_wages: tuple[CityWage, ...] = field(default=DEFAULT_CITY_WAGES)

    def __post_init__(self) -> None:
        """Reject configurations the rules cannot work with."""
        if not self.k_age_min <= self.k_age_core_max <= self.k_age_max:
            raise ValueError("need k_age_min <= k_age_core_max <= k_age_max")
        if not 0 < self.tier1_max_rank <= self.tier2_max_rank:
            raise ValueError("need 0 < tier1_max_rank <= tier2_max_rank")
        if self.points_table_version not in POINTS_TABLE_VERSIONS:
            raise ValueError(
                f"unknown points_table_version {self.points_table_version!r}; "
                f"known: {sorted(POINTS_TABLE_VERSIONS)}"
            )
        if self.wp_b_min_points > self.wp_a_min_points:
            raise ValueError("need wp_b_min_points <= wp_a_min_points")

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict (sets as sorted lists, city rows as dicts)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, frozenset):
                out[f.name] = sorted(value)
            elif f.name == "city_wages":
                out[f.name] = [dataclasses.asdict(row) for row in value]
            elif isinstance(value, tuple):
                out[f.name] = list(value)
            else:
                out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RulesConfig:
        """Build a config from `to_dict()` output; missing keys take the defaults.

        Unknown keys raise ValueError, so a mistyped setting is not silently ignored.
        """
        known = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ValueError(f"unknown configuration keys: {', '.join(unknown)}")
        kwargs: dict[str, Any] = {}
        for name, value in data.items():
            default = known[name].default
            if name == "city_wages":
                kwargs[name] = tuple(_city_from_dict(row) for row in value)
            elif isinstance(default, frozenset):
                kwargs[name] = frozenset(str(v) for v in value)
            elif isinstance(default, tuple):
                kwargs[name] = tuple(str(v) for v in value)
            elif isinstance(default, bool):
                if not isinstance(value, bool):
                    raise ValueError(f"{name} must be true or false")
                kwargs[name] = value
            elif isinstance(default, int) and not isinstance(value, int | float):
                raise ValueError(f"{name} must be a number")
            elif isinstance(default, float):
                kwargs[name] = float(value)
            else:
                kwargs[name] = value
        return cls(**kwargs)

    def fingerprint(self) -> str:
        """Short stable hash of engine version and settings: the rules version."""
        payload = json.dumps(
            {"engine": ENGINE_VERSION, "config": self.to_dict()},
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        digest = hashlib.sha256(payload.encode()).hexdigest()[:12]
        return f"{ENGINE_VERSION}-{digest}"


def _city_from_dict(row: dict[str, Any]) -> CityWage:
    try:
        return CityWage(
            city=str(row["city"]),
            city_zh=str(row.get("city_zh", "")),
            province=str(row.get("province", "")),
            avg_wage_cny=int(row["avg_wage_cny"]),
            year=int(row["year"]),
            source=str(row.get("source", "")),
            location_points_region=bool(row.get("location_points_region", False)),
            measure=str(row.get("measure", "")),
            valid_from=str(row.get("valid_from") or ""),
            valid_to=str(row.get("valid_to") or ""),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"bad city wage row {row!r}: {exc}") from exc


DEFAULT_CONFIG: Final = RulesConfig()
