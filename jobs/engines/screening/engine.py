"""Screening entry point: one candidate (and optionally a role) in, every verdict out.

Pure: no database and no clock; the caller passes `as_of`. `facts_fingerprint` lets a
pipeline skip candidates whose facts have not changed since their last screen.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from datetime import date
from typing import Any

from jobs.engines.screening.config import DEFAULT_CONFIG, RulesConfig
from jobs.engines.screening.facts import Candidate, Degree, Offer, Position
from jobs.engines.screening.k_visa import screen_k_visa
from jobs.engines.screening.lookups import InstitutionResolver, lookups_for
from jobs.engines.screening.r_visa import screen_r_visa
from jobs.engines.screening.results import ScreeningResult, WorkPermitResult
from jobs.engines.screening.work_permit import screen_work_permit

_VERSIONS: dict[int, tuple[RulesConfig, str]] = {}


def rules_version(config: RulesConfig) -> str:
    """The config's fingerprint, memoised (hashing the city table per call is slow)."""
    hit = _VERSIONS.get(id(config))
    if hit is not None and hit[0] is config:
        return hit[1]
    if len(_VERSIONS) >= 16:
        _VERSIONS.clear()
    version = config.fingerprint()
    _VERSIONS[id(config)] = (config, version)
    return version


def screen(
    candidate: Candidate,
    *,
    config: RulesConfig = DEFAULT_CONFIG,
    institutions: InstitutionResolver | None = None,
    as_of: date,
    offer: Offer | None = None,
) -> ScreeningResult:
    """Screen the K visa, and with an offer also the work permit and the R visa."""
    if institutions is None:
        from jobs.engines.screening.institutions import default_index

        institutions = default_index()
    lookups = lookups_for(config, institutions)
    k = screen_k_visa(candidate, as_of=as_of, lookups=lookups)
    if offer is None:
        return ScreeningResult(rules_version(config), k)
    wp = screen_work_permit(candidate, offer, as_of=as_of, lookups=lookups)
    r = screen_r_visa(wp, offer)
    return ScreeningResult(rules_version(config), k, wp, r)


def estimate_work_permit(
    candidate: Candidate,
    *,
    config: RulesConfig = DEFAULT_CONFIG,
    institutions: InstitutionResolver | None = None,
    as_of: date,
    offer: Offer,
) -> WorkPermitResult:
    """The work-permit part of `screen` alone, for one offer: the same result as
    `screen(...).work_permit`, without the K visa (a page that shows only the
    estimate for a role need not screen the K visa again)."""
    if institutions is None:
        from jobs.engines.screening.institutions import default_index

        institutions = default_index()
    lookups = lookups_for(config, institutions)
    return screen_work_permit(candidate, offer, as_of=as_of, lookups=lookups)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Degree | Position | Offer):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


def facts_fingerprint(candidate: Candidate, offer: Offer | None = None) -> str:
    """Stable hash of every fact the rules read; degree/position order is ignored.

    The candidate id is left out (it is not a fact). Ages move with the as-of date,
    so a pipeline keying on this should also re-screen when a birthday passes.
    """
    facts: dict[str, Any] = {}
    for f in fields(candidate):
        if f.name == "id":
            continue
        value = getattr(candidate, f.name)
        if f.name in ("degrees", "positions") and value is not None:
            items = [json.dumps(_plain(v), sort_keys=True) for v in value]
            facts[f.name] = sorted(items)
        else:
            facts[f.name] = _plain(value)
    if offer is not None:
        facts["offer"] = _plain(offer)
    payload = json.dumps(facts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]
