"""JSON Lines interface: parse candidate lines, screen them, write result dicts.

The shapes are SCREENING.md's "file interface". `screen_lines` keeps the input order
and turns a bad line into `{"id": …, "error": "line N: …"}` instead of stopping.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, Final

from jobs.engines.screening.config import DEFAULT_CONFIG, RulesConfig
from jobs.engines.screening.engine import screen
from jobs.engines.screening.facts import (
    Candidate,
    Degree,
    DegreeLevel,
    Offer,
    Position,
    PositionKind,
)
from jobs.engines.screening.lookups import InstitutionResolver
from jobs.engines.screening.outcomes import RuleResult, params_json
from jobs.engines.screening.results import (
    RouteResult,
    ScreeningResult,
    WorkPermitResult,
)

_DATE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LEVELS: Final = ", ".join(lv.value for lv in DegreeLevel)
_KINDS: Final = ", ".join(k.value for k in PositionKind)


class InvalidInput(ValueError):
    """A candidate line that cannot be screened; the message says what is wrong."""


def _date(obj: dict[str, Any], key: str, where: str) -> date | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not _DATE.match(value):
        raise InvalidInput(
            f"{where}{key} must be a date like 2026-01-15, got {value!r}"
        )
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{where}{key} is not a valid date: {value!r}") from exc


def _str(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{where}{key} must be text, got {value!r}")
    return value.strip() or None


def _bool(obj: dict[str, Any], key: str, where: str) -> bool | None:
    value = obj.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise InvalidInput(f"{where}{key} must be true, false or null, got {value!r}")


def _num(
    obj: dict[str, Any],
    key: str,
    where: str,
    *,
    lo: float = 0,
    hi: float | None = None,
    integer: bool = False,
) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"{where}{key} must be a number, got {value!r}")
    if value != value or value in (float("inf"), float("-inf")):
        raise InvalidInput(f"{where}{key} must be a finite number")
    if integer and value != int(value):
        raise InvalidInput(f"{where}{key} must be a whole number, got {value!r}")
    if value < lo or (hi is not None and value > hi):
        bound = f"between {lo:g} and {hi:g}" if hi is not None else f"at least {lo:g}"
        raise InvalidInput(f"{where}{key} must be {bound}, got {value!r}")
    return value


def _list(obj: dict[str, Any], key: str) -> list[dict[str, Any]]:
    # A missing (or null) list means none listed, exactly as [] (SCREENING.md): a
    # profile cannot say "unknown" for its degrees or posts.
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidInput(f"{key} must be a list, got {type(value).__name__}")
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise InvalidInput(f"{key}[{i}] must be an object")
    return value


def _degree(obj: dict[str, Any], where: str) -> Degree:
    level_text = _str(obj, "level", where)
    try:
        level = DegreeLevel(level_text.lower()) if level_text else None
    except ValueError as exc:
        raise InvalidInput(
            f"{where}level must be one of {_LEVELS}, got {level_text!r}"
        ) from exc
    code = _str(obj, "discipline_code", where)
    if code is not None and not re.fullmatch(r"\d{2}|\d{4}|\d{6}", code):
        raise InvalidInput(
            f"{where}discipline_code must be 2, 4 or 6 digits, got {code!r}"
        )
    return Degree(
        level=level,
        field=_str(obj, "field", where),
        discipline_code=code,
        institution=_str(obj, "institution", where),
        conferred=_date(obj, "conferred", where),
        taught_in_chinese=_bool(obj, "taught_in_chinese", where),
        grade_pct=_num(obj, "grade_pct", where, hi=100),
    )


def _position(obj: dict[str, Any], where: str) -> Position:
    kind_text = _str(obj, "kind", where)
    try:
        kind = PositionKind(kind_text.lower()) if kind_text else None
    except ValueError as exc:
        raise InvalidInput(
            f"{where}kind must be one of {_KINDS}, got {kind_text!r}"
        ) from exc
    start, end = _date(obj, "start", where), _date(obj, "end", where)
    if start and end and end < start:
        raise InvalidInput(f"{where}end is before start")
    return Position(
        title=_str(obj, "title", where),
        kind=kind,
        organisation=_str(obj, "organisation", where),
        field=_str(obj, "field", where),
        start=start,
        end=end,
    )


def _offer(obj: Any) -> Offer | None:
    if obj is None:
        return None
    if not isinstance(obj, dict):
        raise InvalidInput("offer must be an object or null")
    where = "offer."
    return Offer(
        salary_cny_annual=_num(obj, "salary_cny_annual", where),
        city=_str(obj, "city", where),
        months_per_year_in_china=_num(obj, "months_per_year_in_china", where, hi=12),
        inviting_unit=_bool(obj, "inviting_unit", where),
    )


def _int(value: float | None) -> int | None:
    return None if value is None else int(value)


def candidate_from_json(obj: Any) -> tuple[Candidate, Offer | None, date | None]:
    """Parse one input object into (candidate, offer or None, as_of or None).

    Raises InvalidInput (a ValueError) naming the bad key. Unknown keys are ignored.
    """
    if not isinstance(obj, dict):
        raise InvalidInput("a line must be a JSON object")
    raw_id = obj.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or raw_id == "":
        raise InvalidInput("id is required and must be text")
    degrees = _list(obj, "degrees")
    positions = _list(obj, "positions")
    candidate = Candidate(
        id=str(raw_id),
        date_of_birth=_date(obj, "date_of_birth", ""),
        nationality=_str(obj, "nationality", ""),
        degrees=tuple(_degree(d, f"degrees[{i}].") for i, d in enumerate(degrees)),
        positions=tuple(
            _position(p, f"positions[{i}].") for i, p in enumerate(positions)
        ),
        years_experience=_num(obj, "years_experience", "", hi=80),
        hsk_level=_int(_num(obj, "hsk_level", "", hi=9, integer=True)),
        former_chinese_national=_bool(obj, "former_chinese_national", ""),
        fortune500_experience=_bool(obj, "fortune500_experience", ""),
        patents=_int(_num(obj, "patents", "", integer=True)),
        years_working_in_china=_num(obj, "years_working_in_china", "", hi=80),
        talent_programme=_bool(obj, "talent_programme", ""),
        major_award=_bool(obj, "major_award", ""),
    )
    return candidate, _offer(obj.get("offer")), _date(obj, "as_of", "")


def _rule(r: RuleResult, extended: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule": r.rule,
        "outcome": r.outcome.value,
        "message": r.message,
    }
    if r.route:
        out["route"] = r.route
    if extended and r.hint:
        out["hint"] = r.hint
    # The stored shape only: the file interface's keys stay SCREENING.md's.
    if extended and r.code:
        out["code"] = r.code
        out["params"] = params_json(r.params)
    if extended and r.parts:
        out["parts"] = [
            {"aspect": p.aspect, "outcome": p.outcome.value, "message": p.message}
            | ({"hint": p.hint} if p.hint else {})
            | ({"code": p.code, "params": params_json(p.params)} if p.code else {})
            for p in r.parts
        ]
    return out


def _route(route: RouteResult, extended: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"outcome": route.outcome.value}
    # K visa: which route decided, and the other one when it is not needed. Only in
    # the extended (stored) shape: the file interface keeps SCREENING.md's keys and
    # names the route on each reason, from which the same follows.
    if extended and route.decided_by:
        out["decided_by"] = route.decided_by
        out["not_needed"] = route.not_needed or None
    out["reasons"] = [_rule(r, extended) for r in route.reasons]
    return out


def _work_permit(wp: WorkPermitResult, extended: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "points": wp.points,
        "points_max": wp.points_max,
        "category": wp.category,
        "outcome": wp.outcome.value,
        "reasons": [_rule(r, extended) for r in wp.reasons],
    }
    if extended:
        out["points_version"] = wp.points_version
        out["breakdown"] = [
            {
                "factor": line.factor,
                "points": line.points,
                "max_points": line.max_points,
                "detail": line.detail,
                "missing": line.missing,
            }
            | (
                {"code": line.code, "params": params_json(line.params)}
                if line.code
                else {}
            )
            for line in wp.breakdown
        ]
        out["hints"] = list(wp.hints)
    return out


def work_permit_to_json(wp: WorkPermitResult) -> dict[str, Any]:
    """A work-permit result in the extended shape (as `result_to_json` gives it)."""
    return _work_permit(wp, True)


def result_to_json(
    candidate_id: str | None, result: ScreeningResult, *, extended: bool = False
) -> dict[str, Any]:
    """The SCREENING.md result shape; `extended` adds hints, notes and the breakdown."""
    k = _route(result.k_visa, extended)
    k["checklist"] = list(result.k_visa.checklist)
    if extended:
        k["hints"] = list(result.k_visa.hints)
        k["notes"] = list(result.k_visa.notes)
    out: dict[str, Any] = {
        "id": candidate_id,
        "rules_version": result.rules_version,
        "k_visa": k,
    }
    if result.work_permit is not None:
        out["work_permit"] = _work_permit(result.work_permit, extended)
    if result.r_visa is not None:
        out["r_visa"] = _route(result.r_visa, extended)
        if extended:
            out["r_visa"]["hints"] = list(result.r_visa.hints)
    return out


def screen_lines(
    lines: Iterable[str],
    *,
    config: RulesConfig = DEFAULT_CONFIG,
    institutions: InstitutionResolver | None = None,
    today: date,
    extended: bool = False,
) -> Iterator[dict[str, Any]]:
    """Screen each JSON line in order; a bad line yields an `error` result, not a stop.

    Blank lines are skipped; line numbers count every physical line from 1.
    """
    if institutions is None:
        from jobs.engines.screening.institutions import default_index

        institutions = default_index()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        obj: Any = None
        try:
            obj = json.loads(line)
            candidate, offer, as_of = candidate_from_json(obj)
        except (ValueError, RecursionError) as exc:
            # json.JSONDecodeError and InvalidInput are both ValueErrors.
            reason = (
                f"not valid JSON ({exc.msg} at column {exc.colno})"
                if isinstance(exc, json.JSONDecodeError)
                else str(exc)
            )
            yield {"id": _loose_id(obj), "error": f"line {number}: {reason}"}
            continue
        try:
            result = screen(
                candidate,
                config=config,
                institutions=institutions,
                as_of=as_of or today,
                offer=offer,
            )
        except Exception as exc:
            error = f"line {number}: could not screen ({type(exc).__name__}: {exc})"
            yield {"id": candidate.id, "error": error}
            continue
        yield result_to_json(candidate.id, result, extended=extended)


def _loose_id(obj: Any) -> str | None:
    """The id of a rejected line when one can be read, so the error can be matched."""
    if isinstance(obj, dict):
        raw = obj.get("id")
        if isinstance(raw, str | int) and not isinstance(raw, bool):
            return str(raw)
    return None
