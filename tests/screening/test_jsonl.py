"""The JSON Lines interface: parsing, the result shape, order and per-line errors."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from jobs.engines.screening.config import DEFAULT_CONFIG
from jobs.engines.screening.facts import DegreeLevel, PositionKind
from jobs.engines.screening.jsonl import (
    InvalidInput,
    candidate_from_json,
    result_to_json,
    screen_lines,
)
from tests.screening.fakes import FAKE_INDEX

TODAY = date(2026, 1, 15)

# The input line of SCREENING.md, verbatim.
EXAMPLE = (
    '{"id": "c-17", "as_of": "2026-01-15", "date_of_birth": "1997-05-10", '
    '"nationality": "DE",\n'
    ' "degrees": [{"level": "master", "field": "Computer Science", '
    '"discipline_code": "0812",\n'
    '              "institution": "ETH Zurich", "conferred": "2022-06-30", '
    '"taught_in_chinese": false, "grade_pct": 86}],\n'
    ' "positions": [{"title": "Research engineer", "kind": "research", '
    '"organisation": "Max Planck Institute for Informatics",\n'
    '                "field": "Computer Science", "start": "2022-09-01", '
    '"end": null}],\n'
    ' "years_experience": 4, "hsk_level": 3, "former_chinese_national": false, '
    '"fortune500_experience": false,\n'
    ' "patents": 0, "years_working_in_china": 0, "talent_programme": false, '
    '"major_award": false,\n'
    ' "offer": {"salary_cny_annual": 400000, "city": "Shanghai", '
    '"months_per_year_in_china": 12, "inviting_unit": false}}'
)
EXAMPLE_LINE = json.dumps(json.loads(EXAMPLE))  # one physical line


def test_parse_example_line() -> None:
    candidate, offer, as_of = candidate_from_json(json.loads(EXAMPLE_LINE))
    assert candidate.id == "c-17"
    assert as_of == date(2026, 1, 15)
    assert candidate.date_of_birth == date(1997, 5, 10)
    assert candidate.degrees is not None
    assert candidate.positions is not None
    assert candidate.degrees[0].level is DegreeLevel.MASTER
    assert candidate.degrees[0].institution == "ETH Zurich"
    assert candidate.positions[0].kind is PositionKind.RESEARCH
    assert candidate.positions[0].end is None
    assert candidate.hsk_level == 3
    assert offer is not None
    assert offer.city == "Shanghai"
    assert offer.inviting_unit is False


def test_example_line_result_shape_with_real_tables() -> None:
    (out,) = list(screen_lines([EXAMPLE_LINE], today=TODAY))
    assert set(out) == {"id", "rules_version", "k_visa", "work_permit", "r_visa"}
    assert out["id"] == "c-17"
    assert out["rules_version"] == DEFAULT_CONFIG.fingerprint()
    assert set(out["k_visa"]) == {"outcome", "reasons", "checklist"}
    assert out["k_visa"]["outcome"] == "likely"
    assert [r["rule"] for r in out["k_visa"]["reasons"]] == [
        "K-AGE",
        "K-DEGREE",
        "K-FIELD",
        "K-INSTITUTION",
        "K-POSITION",
    ]
    for r in out["k_visa"]["reasons"]:
        # Spec change (wave 2): each K reason names its route.
        assert set(r) == {"rule", "outcome", "message", "route"}
    wp = out["work_permit"]
    assert set(wp) == {"points", "points_max", "category", "outcome", "reasons"}
    # age 15 + master's 15 + salary 17 + 4 years 7 + months 15 + HSK 3 + ETH extra 5
    assert (wp["points"], wp["points_max"], wp["category"], wp["outcome"]) == (
        77,
        87,
        "B",
        "likely",
    )
    assert [r["rule"] for r in wp["reasons"]] == ["WP-POINTS", "WP-A", "WP-B"]
    assert out["r_visa"]["outcome"] == "unlikely"  # no inviting unit
    assert [r["rule"] for r in out["r_visa"]["reasons"]] == ["R"]
    json.dumps(out)  # JSON-safe


def _line(**kw: Any) -> str:
    base: dict[str, Any] = {"id": "x", "date_of_birth": "1997-05-10", "degrees": []}
    base.update(kw)
    return json.dumps(base)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[1, 2]", "must be a JSON object"),
        ('{"date_of_birth": "1990-01-01"}', "id is required"),
        (_line(date_of_birth="10/05/1997"), "date_of_birth must be a date"),
        (_line(date_of_birth="1997-02-30"), "not a valid date"),
        (_line(degrees=[{"level": "phd"}]), "degrees[0].level must be one of"),
        (
            _line(degrees=[{"level": "master", "conferred": 2022}]),
            "degrees[0].conferred",
        ),
        (_line(degrees={"level": "master"}), "degrees must be a list"),
        (_line(degrees=["master"]), "degrees[0] must be an object"),
        (_line(positions=[{"kind": "sales"}]), "positions[0].kind must be one of"),
        (_line(years_experience="four"), "years_experience must be a number"),
        (_line(years_experience=-1), "years_experience must be between"),
        (_line(hsk_level=3.5), "hsk_level must be a whole number"),
        (_line(patents=True), "patents must be a number"),
        (_line(talent_programme="yes"), "talent_programme must be true, false"),
        (
            _line(offer={"months_per_year_in_china": 13}),
            "offer.months_per_year_in_china",
        ),
        (_line(offer=[1]), "offer must be an object"),
        (_line(nationality=49), "nationality must be text"),
    ],
)
def test_bad_input_raises_invalid_input(line: str, message: str) -> None:
    obj = json.loads(line)
    with pytest.raises(InvalidInput) as info:
        candidate_from_json(obj)
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)
    (out,) = screen_lines([line], institutions=FAKE_INDEX, today=TODAY)
    assert out["error"] == f"line 1: {info.value}"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 1: not valid JSON"),
        (_line(degrees=[{"level": "phd"}]), "line 1: degrees[0].level must be one of"),
    ],
)
def test_screen_lines_reports_errors_per_line(line: str, message: str) -> None:
    (out,) = list(screen_lines([line], institutions=FAKE_INDEX, today=TODAY))
    assert out["error"].startswith(message)


def test_screen_lines_keeps_order_and_goes_on_after_bad_lines() -> None:
    lines = [
        _line(id="a"),
        "{broken",
        "",
        _line(id="c", date_of_birth="nope"),
        _line(id="d", offer={"salary_cny_annual": 300000, "city": "Beijing"}),
        '"just a string"',
        _line(id="f"),
    ]
    out = list(screen_lines(lines, institutions=FAKE_INDEX, today=TODAY))
    assert [o["id"] for o in out] == ["a", None, "c", "d", None, "f"]
    assert "error" not in out[0]
    assert "k_visa" in out[0]
    assert out[1]["error"].startswith("line 2: ")
    assert out[2]["error"].startswith("line 4: date_of_birth")  # blank line 3 skipped
    assert "work_permit" in out[3]
    assert "r_visa" in out[3]
    assert out[4]["error"].startswith("line 6: ")
    assert "work_permit" not in out[5]
    assert "r_visa" not in out[5]


def test_as_of_defaults_to_today() -> None:
    line = _line(date_of_birth="2008-01-16")  # 18 tomorrow
    (young,) = screen_lines([line], institutions=FAKE_INDEX, today=TODAY)
    (adult,) = screen_lines([line], institutions=FAKE_INDEX, today=date(2026, 1, 16))
    age = {r["rule"]: r["outcome"] for r in young["k_visa"]["reasons"]}["K-AGE"]
    assert age == "possible"
    age = {r["rule"]: r["outcome"] for r in adult["k_visa"]["reasons"]}["K-AGE"]
    assert age == "likely"


def test_minimal_line_with_only_id_is_screened_not_an_error() -> None:
    # Spec change (wave 2): missing lists mean none listed, so no degree and no post
    # give `unlikely`; the missing date of birth is still `unknown` for K-AGE.
    (out,) = screen_lines(['{"id": "only-id"}'], institutions=FAKE_INDEX, today=TODAY)
    assert out["k_visa"]["outcome"] == "unlikely"
    rules = {r["rule"]: r["outcome"] for r in out["k_visa"]["reasons"]}
    assert rules["K-AGE"] == "unknown"
    assert rules["K-DEGREE"] == "unlikely"


@pytest.mark.parametrize("missing", ["positions", "degrees"])
def test_missing_list_reads_as_an_empty_list(missing: str) -> None:
    obj = json.loads(EXAMPLE)
    absent = {k: v for k, v in obj.items() if k != missing}
    empty = {**obj, missing: []}
    (a,) = screen_lines([json.dumps(absent)], institutions=FAKE_INDEX, today=TODAY)
    (b,) = screen_lines([json.dumps(empty)], institutions=FAKE_INDEX, today=TODAY)
    assert a == b


def test_harvard_mba_without_positions_key_is_unlikely() -> None:
    line = json.dumps(
        {
            "id": "mba",
            "as_of": "2026-01-15",
            "date_of_birth": "1995-03-03",
            "degrees": [
                {
                    "level": "master",
                    "field": "Business Administration",
                    "institution": "Harvard University",
                    "conferred": "2020-05-30",
                }
            ],
        }
    )
    (out,) = screen_lines([line], today=TODAY)
    assert out["k_visa"]["outcome"] == "unlikely"
    rules = {r["rule"]: r["outcome"] for r in out["k_visa"]["reasons"]}
    assert rules["K-POSITION"] == "unlikely"


def test_unknown_keys_are_ignored() -> None:
    candidate, _, _ = candidate_from_json({"id": "x", "favourite_colour": "blue"})
    assert candidate.id == "x"


def test_extended_output_adds_hints_notes_and_breakdown() -> None:
    line = _line(offer={"salary_cny_annual": 300000, "city": "Beijing"})
    (out,) = screen_lines([line], institutions=FAKE_INDEX, today=TODAY, extended=True)
    assert out["k_visa"]["notes"]
    assert {b["factor"] for b in out["work_permit"]["breakdown"]} >= {"salary", "age"}
    (plain,) = screen_lines([line], institutions=FAKE_INDEX, today=TODAY)
    assert "notes" not in plain["k_visa"]


def test_result_to_json_matches_screen_lines() -> None:
    from jobs.engines.screening.engine import screen

    candidate, offer, _as_of = candidate_from_json(json.loads(_line()))
    result = screen(candidate, institutions=FAKE_INDEX, as_of=TODAY, offer=offer)
    (out,) = screen_lines([_line()], institutions=FAKE_INDEX, today=TODAY)
    assert result_to_json("x", result) == out


def test_k_reasons_name_their_route() -> None:
    (out,) = screen_lines([EXAMPLE_LINE], institutions=FAKE_INDEX, today=TODAY)
    routes = {r["rule"]: r["route"] for r in out["k_visa"]["reasons"]}
    assert routes == {
        "K-AGE": "both",
        "K-DEGREE": "degree",
        "K-FIELD": "degree",
        "K-INSTITUTION": "degree",
        "K-POSITION": "position",
    }
