"""K verdicts by route: which route decided, what each reason speaks of (no database).

SCREENING.md "How a verdict explains itself": K-FIELD and K-INSTITUTION always speak
of the degree that decided the degree route; K-POSITION speaks of the post (kind,
field, institution, each with its own outcome); a route not needed because the other
passes is marked as such.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from jobs.engines.screening.engine import screen
from jobs.engines.screening.facts import (
    Candidate,
    Degree,
    DegreeLevel,
    Position,
    PositionKind,
)
from jobs.engines.screening.jsonl import result_to_json, screen_lines
from jobs.engines.screening.outcomes import Outcome, RuleResult
from jobs.engines.screening.results import RouteResult
from tests.screening.fakes import FAKE_INDEX

AS_OF = date(2026, 1, 15)
L, P, U, D, X = (
    Outcome.LIKELY,
    Outcome.POSSIBLE,
    Outcome.UNKNOWN,
    Outcome.DOUBTFUL,
    Outcome.UNLIKELY,
)
MSC_CS = Degree(
    DegreeLevel.MASTER, "Computer Science", "0812", "Top University", date(2022, 6, 30)
)
MBA = Degree(
    DegreeLevel.MASTER,
    "Business Administration",
    "1202",
    "Mid University",
    date(2020, 1, 1),
)
POST = Position(
    "Research engineer",
    PositionKind.RESEARCH,
    "National Physics Institute",
    "Physics",
    date(2022, 9, 1),
    None,
)


def k(**kw: object) -> RouteResult:
    kw.setdefault("degrees", ())
    kw.setdefault("positions", ())
    candidate = Candidate(id="t", date_of_birth=date(1997, 5, 10), **kw)  # type: ignore[arg-type]
    return screen(candidate, institutions=FAKE_INDEX, as_of=AS_OF).k_visa


def by_rule(route: RouteResult) -> dict[str, RuleResult]:
    return {r.rule: r for r in route.reasons}


def test_degree_pass_decides_and_the_post_route_is_not_needed() -> None:
    route = k(degrees=(MSC_CS,), positions=(POST,))
    assert route.outcome is L
    assert (route.decided_by, route.not_needed) == ("degree", "position")
    reasons = by_rule(route)
    assert reasons["K-FIELD"].message.startswith("Computer Science")
    assert reasons["K-INSTITUTION"].message.startswith("Top University")
    assert "National Physics Institute" in reasons["K-POSITION"].message


def test_post_pass_decides_and_degree_reasons_still_speak_of_the_degree() -> None:
    route = k(degrees=(MBA,), positions=(POST,))
    assert route.outcome is L
    assert (route.decided_by, route.not_needed) == ("position", "degree")
    reasons = by_rule(route)
    # Before wave 2 these two described the post, because the post route decided.
    assert reasons["K-FIELD"].outcome is X
    assert reasons["K-FIELD"].message.startswith("Business Administration")
    assert reasons["K-INSTITUTION"].message.startswith("Mid University")
    assert {r.route for r in route.reasons} == {"both", "degree", "position"}
    assert [r.route for r in route.reasons] == [
        "both",
        "degree",
        "degree",
        "degree",
        "position",
    ]


def test_position_reason_speaks_of_kind_field_and_institution() -> None:
    post = replace(POST, organisation="Tier Two University")
    reason = by_rule(k(degrees=(MSC_CS,), positions=(post,)))["K-POSITION"]
    assert [(p.aspect, p.outcome) for p in reason.parts] == [
        ("kind", L),
        ("field", L),
        ("institution", P),
    ]
    assert reason.outcome is P  # the post's worst part
    assert "research post at Tier Two University" in reason.parts[0].message
    assert reason.parts[1].message.startswith("Physics")
    assert reason.parts[2].message.startswith("Tier Two University")
    # The file message names each part with its own outcome.
    assert "Post (likely):" in reason.message
    assert "Field (likely): Physics" in reason.message
    assert "Institution (possible): Tier Two University" in reason.message


def test_no_pass_marks_nothing_not_needed() -> None:
    post = replace(POST, organisation="Tier Two University")
    degree = replace(MSC_CS, institution="Plain College")
    route = k(degrees=(degree,), positions=(post,))
    assert route.outcome is P
    assert (route.decided_by, route.not_needed) == ("position", "")
    # Both routes' shortfalls are shown: the degree's institution explains why the
    # degree route did not decide.
    assert {r.rule for r in route.holding_back()} == {"K-INSTITUTION", "K-POSITION"}


def test_not_needed_route_holds_nothing_back_and_gives_no_hints() -> None:
    route = k(degrees=(MSC_CS,), positions=())
    assert route.not_needed == "position"
    assert by_rule(route)["K-POSITION"].outcome is X
    assert route.holding_back() == ()
    unknown_kind = replace(POST, kind=None)
    route = k(degrees=(MSC_CS,), positions=(unknown_kind,))
    assert by_rule(route)["K-POSITION"].hint  # would matter if the degree failed
    assert route.hints == ()


def test_degree_route_wins_a_tie() -> None:
    route = k(degrees=(MSC_CS,), positions=(POST,))
    assert by_rule(route)["K-POSITION"].outcome is L
    assert route.decided_by == "degree"


def test_no_degree_gives_degree_reasons_about_the_missing_degree() -> None:
    route = k(positions=(POST,))
    reasons = by_rule(route)
    assert route.outcome is P  # research path without a degree
    assert route.decided_by == "position"
    assert route.not_needed == ""
    assert reasons["K-FIELD"].outcome is X
    assert "No degree is listed" in reasons["K-FIELD"].message
    assert "No degree is listed" in reasons["K-INSTITUTION"].message
    assert "National Physics Institute" not in reasons["K-INSTITUTION"].message


def test_file_output_names_routes_and_parts_only_when_extended() -> None:
    candidate = Candidate(
        id="t", date_of_birth=date(1997, 5, 10), degrees=(MBA,), positions=(POST,)
    )
    result = screen(candidate, institutions=FAKE_INDEX, as_of=AS_OF)
    plain = result_to_json("t", result)["k_visa"]
    assert set(plain) == {"outcome", "reasons", "checklist"}
    position = plain["reasons"][-1]
    assert set(position) == {"rule", "outcome", "message", "route"}
    assert "Institution (likely): National Physics Institute" in position["message"]
    stored = result_to_json("t", result, extended=True)["k_visa"]
    assert (stored["decided_by"], stored["not_needed"]) == ("position", "degree")
    assert [p["aspect"] for p in stored["reasons"][-1]["parts"]] == [
        "kind",
        "field",
        "institution",
    ]


def test_jsonl_line_without_positions_reads_the_degree_route() -> None:
    line = (
        '{"id": "h", "date_of_birth": "1995-03-03", "degrees": [{"level": "master", '
        '"field": "Business Administration", "institution": "Top University", '
        '"conferred": "2020-06-30"}]}'
    )
    (out,) = screen_lines([line], institutions=FAKE_INDEX, today=AS_OF)
    reasons = {r["rule"]: r for r in out["k_visa"]["reasons"]}
    assert out["k_visa"]["outcome"] == "unlikely"
    assert reasons["K-FIELD"]["route"] == "degree"
    assert reasons["K-FIELD"]["outcome"] == "unlikely"
    assert reasons["K-POSITION"]["route"] == "position"
