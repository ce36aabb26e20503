"""Cached look-ups the rules share: institution tier, field STEM status, city wage.

Resolving a name and classifying a field are the slow parts of a screen, and the same
few thousand names recur across candidates, so each `Lookups` memoises them. One
`Lookups` exists per (config, institution index) pair and is reused across calls.
"""

from __future__ import annotations

import re
import unicodedata
from enum import IntEnum
from typing import TYPE_CHECKING, Final, Protocol

from jobs.engines.screening.cities import (
    CityWage,
    build_city_lookup,
    normalise_city,
    pick_wage,
)
from jobs.engines.screening.fields import StemStatus, classify_field, stem_status

if TYPE_CHECKING:
    from jobs.engines.screening.config import RulesConfig
    from jobs.engines.screening.institutions import Institution
    from jobs.engines.screening.outcomes import RuleResult


class InstitutionResolver(Protocol):
    """What the rules need from an institution index (the real one or a test fake)."""

    def resolve(self, name: str | None) -> Institution | None:
        """Return the institution a free-text name refers to, or None."""
        ...


class Tier(IntEnum):
    """How well-known an institution is, by the configured proxies (1 is best)."""

    TIER1 = 1
    TIER2 = 2
    OTHER = 3


# Memory bound for long-running workers: caches are dropped wholesale past this size.
_MAX_CACHE: Final = 200_000
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def _fold(name: str) -> str:
    """Cache key for a name: case, width and punctuation folded."""
    return _PUNCT.sub(" ", unicodedata.normalize("NFKC", name).casefold()).strip()


class Lookups:
    """Memoised institution, field and city look-ups for one config and index."""

    __slots__ = (
        "_by_fold",
        "_by_raw",
        "_cities",
        "_city_raw",
        "_fields",
        "config",
        "index",
        "memo",
    )

    def __init__(self, config: RulesConfig, index: InstitutionResolver) -> None:
        self.config = config
        self.index = index
        self._by_raw: dict[str, Institution | None] = {}
        self._by_fold: dict[str, Institution | None] = {}
        self._fields: dict[tuple[str | None, str | None], tuple[StemStatus, str]] = {}
        self._cities = build_city_lookup(config.city_wages)
        self._city_raw: dict[tuple[str, str], CityWage | None] = {}
        # Rule results that depend only on (rule, inputs): formatted once, reused.
        self.memo: dict[tuple[object, ...], RuleResult] = {}

    def institution(self, name: str | None) -> Institution | None:
        """Resolve an institution name, memoised by raw and by folded spelling."""
        if not name or not name.strip():
            return None
        try:
            return self._by_raw[name]
        except KeyError:
            pass
        key = _fold(name)
        try:
            found = self._by_fold[key]
        except KeyError:
            found = self.index.resolve(name)
            if len(self._by_fold) >= _MAX_CACHE:
                self._by_fold.clear()
            self._by_fold[key] = found
        if len(self._by_raw) >= _MAX_CACHE:
            self._by_raw.clear()
        self._by_raw[name] = found
        return found

    def tier(self, inst: Institution) -> Tier:
        """Tier 1: rank ≤ tier-1 cap, Double First-Class or national research body."""
        cfg = self.config
        rank = inst.rank_best
        if rank is not None and rank <= cfg.tier1_max_rank:
            return Tier.TIER1
        if cfg.double_first_class_is_tier1 and inst.double_first_class:
            return Tier.TIER1
        if cfg.national_research_is_tier1 and inst.national_research:
            return Tier.TIER1
        if rank is not None and rank <= cfg.tier2_max_rank:
            return Tier.TIER2
        return Tier.OTHER

    def field(self, name: str | None, code: str | None) -> tuple[StemStatus, str]:
        """STEM status of a field and the label to show; memoised per (name, code)."""
        key = (name, code)
        try:
            return self._fields[key]
        except KeyError:
            pass
        fc = classify_field(name, code)
        status = stem_status(
            fc,
            stem_categories=self.config.stem_categories,
            ambiguous_categories=self.config.ambiguous_categories,
            ambiguous_subjects=self.config.ambiguous_subjects,
        )
        label = fc.label or name or code or ""
        if len(self._fields) >= _MAX_CACHE:
            self._fields.clear()
        self._fields[key] = (status, label)
        return status, label

    def city(self, name: str | None, as_of: str = "9999-12-31") -> CityWage | None:
        """The wage row for a city however written: the one whose window holds as_of."""
        if not name:
            return None
        key = (name, as_of)
        try:
            return self._city_raw[key]
        except KeyError:
            found = pick_wage(self._cities.get(normalise_city(name), ()), as_of)
            if len(self._city_raw) >= _MAX_CACHE:
                self._city_raw.clear()
            self._city_raw[key] = found
            return found

    def remember(self, key: tuple[object, ...], value: RuleResult) -> None:
        """Store a memoised rule result, keeping the memo bounded."""
        if len(self.memo) >= _MAX_CACHE:
            self.memo.clear()
        self.memo[key] = value


_LOOKUPS: dict[tuple[int, int], tuple[RulesConfig, InstitutionResolver, Lookups]] = {}


def lookups_for(config: RulesConfig, index: InstitutionResolver) -> Lookups:
    """The shared `Lookups` for this config and index (created on first use)."""
    key = (id(config), id(index))
    hit = _LOOKUPS.get(key)
    # The stored strong references keep the ids from being reused by other objects.
    if hit is not None and hit[0] is config and hit[1] is index:
        return hit[2]
    if len(_LOOKUPS) >= 16:
        _LOOKUPS.clear()
    made = Lookups(config, index)
    _LOOKUPS[key] = (config, index, made)
    return made
