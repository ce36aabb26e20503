"""Property tests: the rules never raise, and their verdicts behave sensibly."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.engines.screening.engine import facts_fingerprint, screen
from jobs.engines.screening.facts import (
    Candidate,
    Degree,
    DegreeLevel,
    Offer,
    Position,
    PositionKind,
)
from jobs.engines.screening.jsonl import result_to_json
from jobs.engines.screening.outcomes import Outcome
from tests.screening.fakes import FAKE_INDEX

AS_OF = date(2026, 1, 15)

dates = st.dates(min_value=date(1930, 1, 1), max_value=date(2030, 12, 31))
maybe_dates = st.none() | dates
fields = (
    st.sampled_from(
        [
            "Computer Science",
            "Physics",
            "Clinical Medicine",
            "MBA",
            "Law",
            "Agronomy",
            "Statistics",
            "计算机科学与技术",
            "Informatik",
            "EE",
            "",
        ]
    )
    | st.none()
    | st.text(max_size=30)
)
codes = st.none() | st.sampled_from(
    ["0812", "0702", "1002", "1202", "07", "14", "9999"]
)
institutions = (
    st.sampled_from(
        [
            "Top University",
            "Tier Two University",
            "Far University",
            "Plain College",
            "Double First Class University",
            "National Physics Institute",
            "Provincial University",
            "Eighty University",
            "Nowhere",
            "",
        ]
    )
    | st.none()
    | st.text(max_size=40)
)
levels = st.none() | st.sampled_from(list(DegreeLevel))
kinds = st.none() | st.sampled_from(list(PositionKind))
small = st.none() | st.floats(min_value=0, max_value=60, allow_nan=False)

degrees = st.builds(
    Degree,
    level=levels,
    field=fields,
    discipline_code=codes,
    institution=institutions,
    conferred=maybe_dates,
    taught_in_chinese=st.none() | st.booleans(),
    grade_pct=st.none() | st.floats(min_value=0, max_value=100),
)
positions = st.builds(
    Position,
    title=st.none() | st.text(max_size=20),
    kind=kinds,
    organisation=institutions,
    field=fields,
    start=maybe_dates,
    end=maybe_dates,
)
offers = st.builds(
    Offer,
    salary_cny_annual=st.none()
    | st.floats(min_value=0, max_value=5e6, allow_nan=False),
    city=st.none() | st.sampled_from(["Shanghai", "Chengdu", "西安", "Atlantis", ""]),
    months_per_year_in_china=st.none() | st.floats(min_value=0, max_value=12),
    inviting_unit=st.none() | st.booleans(),
)
candidates = st.builds(
    Candidate,
    id=st.just("p"),
    date_of_birth=maybe_dates,
    nationality=st.none() | st.sampled_from(["DE", "US", "IN"]),
    degrees=st.none() | st.lists(degrees, max_size=4).map(tuple),
    positions=st.none() | st.lists(positions, max_size=3).map(tuple),
    years_experience=small,
    hsk_level=st.none() | st.integers(min_value=0, max_value=6),
    former_chinese_national=st.none() | st.booleans(),
    fortune500_experience=st.none() | st.booleans(),
    patents=st.none() | st.integers(min_value=0, max_value=50),
    years_working_in_china=small,
    talent_programme=st.none() | st.booleans(),
    major_award=st.none() | st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(candidate=candidates, offer=st.none() | offers, as_of=dates)
def test_no_input_raises(
    candidate: Candidate, offer: Offer | None, as_of: date
) -> None:
    result = screen(candidate, institutions=FAKE_INDEX, as_of=as_of, offer=offer)
    assert len(result.k_visa.reasons) == 5
    assert all(r.message for r in result.k_visa.reasons)
    assert (result.work_permit is None) == (offer is None)
    if result.work_permit is not None:
        assert result.work_permit.category in {"A", "B", None}
        assert result.work_permit.points_max == result.work_permit.points + 10
    json.dumps(result_to_json(candidate.id, result))


@settings(max_examples=100, deadline=None)
@given(candidate=candidates, offer=st.none() | offers)
def test_real_tables_never_raise(candidate: Candidate, offer: Offer | None) -> None:
    screen(candidate, as_of=AS_OF, offer=offer)


@settings(max_examples=200, deadline=None)
@given(candidate=candidates, offer=offers)
def test_missing_date_of_birth_gives_unknown(
    candidate: Candidate, offer: Offer
) -> None:
    result = screen(
        replace(candidate, date_of_birth=None),
        institutions=FAKE_INDEX,
        as_of=AS_OF,
        offer=offer,
    )
    age = next(r for r in result.k_visa.reasons if r.rule == "K-AGE")
    assert age.outcome is Outcome.UNKNOWN
    assert result.k_visa.outcome.rank <= Outcome.UNKNOWN.rank


@settings(max_examples=100, deadline=None)
@given(offer=st.none() | offers)
def test_empty_profile_is_unknown(offer: Offer | None) -> None:
    result = screen(
        Candidate(id="e"), institutions=FAKE_INDEX, as_of=AS_OF, offer=offer
    )
    assert result.k_visa.outcome is Outcome.UNKNOWN
    if result.work_permit is not None:
        # Missing facts never count against the candidate; a high salary alone can
        # still make category A (it is not limited by age).
        assert result.work_permit.outcome.rank >= Outcome.UNKNOWN.rank
    if result.r_visa is not None:
        assert result.r_visa.outcome.rank >= Outcome.UNKNOWN.rank or (
            offer is not None and offer.inviting_unit is False
        )


@settings(max_examples=300, deadline=None)
@given(
    candidate=candidates.filter(lambda c: c.degrees is not None),
    extra=degrees,
    as_of=dates,
)
def test_adding_a_degree_never_makes_k_worse(
    candidate: Candidate, extra: Degree, as_of: date
) -> None:
    before = screen(candidate, institutions=FAKE_INDEX, as_of=as_of).k_visa.outcome
    more = replace(candidate, degrees=(*(candidate.degrees or ()), extra))
    after = screen(more, institutions=FAKE_INDEX, as_of=as_of).k_visa.outcome
    assert after.rank >= before.rank


@settings(max_examples=300, deadline=None)
@given(candidate=candidates, offer=st.none() | offers, data=st.data())
def test_order_of_degrees_and_positions_does_not_matter(
    candidate: Candidate, offer: Offer | None, data: st.DataObject
) -> None:
    shuffled = replace(
        candidate,
        degrees=None
        if candidate.degrees is None
        else tuple(data.draw(st.permutations(candidate.degrees))),
        positions=None
        if candidate.positions is None
        else tuple(data.draw(st.permutations(candidate.positions))),
    )
    a = screen(candidate, institutions=FAKE_INDEX, as_of=AS_OF, offer=offer)
    b = screen(shuffled, institutions=FAKE_INDEX, as_of=AS_OF, offer=offer)
    assert a == b
    assert facts_fingerprint(candidate, offer) == facts_fingerprint(shuffled, offer)
