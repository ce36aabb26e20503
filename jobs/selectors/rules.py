"""The live screening rules, read from the database.

`current_rules()` turns the newest `RulesConfiguration`, the active `CityWage` rows
and the `Institution` table into the pure engine's objects, cached per process and
rebuilt when a cheap one-query "rules stamp" changes, so a worker picks up a staff
edit without a restart. `jobs.services.rules` is the only writer of these tables.
"""

import dataclasses
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection

from jobs.engines.screening import cities
from jobs.engines.screening.config import DEFAULT_CONFIG, RulesConfig
from jobs.engines.screening.engine import rules_version
from jobs.engines.screening.institutions import Institution as InstitutionRecord
from jobs.engines.screening.institutions import InstitutionIndex
from jobs.models import CityWage, Institution, RulesConfiguration

UserOrNone = AbstractBaseUser | AnonymousUser | None

# Fields copied between the engine's Institution dataclass and the model.
_INSTITUTION_FIELDS = tuple(f.name for f in dataclasses.fields(InstitutionRecord))


@dataclass(frozen=True, slots=True)
class CurrentRules:
    """What a screen needs: the rules version, the configuration and the index.

    `version` is the engine fingerprint of `config` (city wages included): the
    `rules_version` every verdict made with these objects records.
    """

    version: str
    config: RulesConfig
    institutions: InstitutionIndex


_lock = threading.Lock()

_config_cache: tuple[tuple[Any, ...], RulesConfig] | None = None

_index_cache: tuple[tuple[Any, ...], InstitutionIndex] | None = None

_rules_cache: tuple[tuple[Any, ...], CurrentRules] | None = None


def rules_stamp_sql() -> list[str]:
    """`rules_stamp`'s scalar subqueries, for a statement that reads them with
    others (`jobs.selectors.page_versions`)."""
    q = connection.ops.quote_name
    rc = q(RulesConfiguration._meta.db_table)
    cw = q(CityWage._meta.db_table)
    inst = q(Institution._meta.db_table)
    return [
        f"(SELECT MAX(id) FROM {rc})",
        f"(SELECT MAX(created_at) FROM {rc})",
        f"(SELECT MAX(updated_at) FROM {cw})",
        f"(SELECT COUNT(*) FROM {cw})",
        f"(SELECT MAX(updated_at) FROM {inst})",
        f"(SELECT COUNT(*) FROM {inst})",
    ]


def rules_stamp_of(values) -> tuple[Any, ...]:
    return (connection.alias, *values)


def rules_stamp() -> tuple[Any, ...]:
    """One cheap query whose result changes whenever the rules tables change.

    (newest config id and time, wage max(updated_at) and row count, institution
    max(updated_at) and row count): counts catch deletions, timestamps catch edits
    (and ids reused after a rollback).
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(rules_stamp_sql())}")
        row = cursor.fetchone()
    return rules_stamp_of(row)


def current_rules() -> CurrentRules:
    """The rules in force: newest configuration, active wage rows, institution table.

    Cached per process: one query (the stamp) when nothing changed; a rebuild reads
    only the part that changed (the institution index is the slow part to build).
    """
    global _config_cache, _index_cache, _rules_cache
    stamp = rules_stamp()
    cached = _rules_cache
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with _lock:
        # (alias, config id, config time, wage time, wage count) | institution part
        config_stamp, index_stamp = stamp[:5], (stamp[0], *stamp[5:])
        if _config_cache is None or _config_cache[0] != config_stamp:
            _config_cache = (config_stamp, _load_config())
        if _index_cache is None or _index_cache[0] != index_stamp:
            _index_cache = (index_stamp, _load_index())
        config = _config_cache[1]
        rules = CurrentRules(
            version=rules_version(config),
            config=config,
            institutions=_index_cache[1],
        )
        _rules_cache = (stamp, rules)
        return rules


def clear_rules_cache() -> None:
    """Forget the cached rules (tests; the stamp makes this unnecessary otherwise)."""
    global _config_cache, _index_cache, _rules_cache
    with _lock:
        _config_cache = _index_cache = _rules_cache = None


def _engine_wages(rows: Iterable[CityWage]) -> tuple[cities.CityWage, ...]:
    """Engine wage rows: every active row (the engine picks by the as-of date)."""
    out = []
    for row in sorted(rows, key=lambda r: (r.city.casefold(), -r.year, r.pk or 0)):
        out.append(
            cities.CityWage(
                city=row.city,
                city_zh=row.city_zh,
                province=row.province,
                avg_wage_cny=row.average_wage_cny,
                year=row.year,
                source=row.source,
                location_points_region=row.location_points,
                measure=row.measure,
                valid_from=row.valid_from.isoformat() if row.valid_from else "",
                valid_to=row.valid_to.isoformat() if row.valid_to else "",
            )
        )
    return tuple(out)


def _base_settings() -> dict[str, Any]:
    """The newest stored settings (defaults if none) without the wage table."""
    newest = RulesConfiguration.objects.order_by("-pk").only("config").first()
    data = dict(newest.config) if newest is not None else DEFAULT_CONFIG.to_dict()
    data.pop("city_wages", None)
    return data


def _load_config() -> RulesConfig:
    data = _base_settings()
    wages = _engine_wages(CityWage.objects.active())
    return dataclasses.replace(RulesConfig.from_dict(data), city_wages=wages)


def _load_index() -> InstitutionIndex:
    rows = Institution.objects.order_by("pk").values_list(*_INSTITUTION_FIELDS)
    records = []
    for values in rows.iterator(chunk_size=5000):
        data = dict(zip(_INSTITUTION_FIELDS, values, strict=True))
        data["aliases"] = tuple(data["aliases"] or ())
        records.append(InstitutionRecord(**data))
    return InstitutionIndex(records)


def settings_for_editing(config: RulesConfig) -> dict[str, Any]:
    """`config.to_dict()` minus the wage table (staff edit it as `CityWage` rows)."""
    data = config.to_dict()
    data.pop("city_wages", None)
    return data
