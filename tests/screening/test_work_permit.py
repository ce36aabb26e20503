"""Work-permit points, A/B category and R visa: visa-rules-sources.md §6 T16–T21."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from jobs.engines.screening.config import DEFAULT_CONFIG
from jobs.engines.screening.engine import screen
from jobs.engines.screening.facts import Candidate, Degree, DegreeLevel, Offer
from jobs.engines.screening.outcomes import Outcome
from jobs.engines.screening.results import ScreeningResult
from tests.screening.fakes import FAKE_INDEX

AS_OF = date(2026, 1, 15)
L, P, U, X = Outcome.LIKELY, Outcome.POSSIBLE, Outcome.UNKNOWN, Outcome.UNLIKELY


def born_aged(age: int) -> date:
    return date(AS_OF.year - age, 1, 1)


def deg(level: DegreeLevel, institution: str = "Plain College") -> Degree:
    return Degree(level, "Physics", "0702", institution, date(2010, 7, 1))


def base(age: int, *degrees: Degree, **kw: object) -> Candidate:
    facts: dict[str, object] = {
        "hsk_level": 0,
        "former_chinese_national": False,
        "fortune500_experience": False,
        "patents": 0,
        "years_working_in_china": 0,
        "talent_programme": False,
        "major_award": False,
        "positions": (),
    }
    facts.update(kw)
    return Candidate(id="w", date_of_birth=born_aged(age), degrees=degrees, **facts)  # type: ignore[arg-type]


def run(candidate: Candidate, offer: Offer) -> ScreeningResult:
    return screen(candidate, institutions=FAKE_INDEX, as_of=AS_OF, offer=offer)


def reasons(result: ScreeningResult) -> dict[str, Outcome]:
    assert result.work_permit is not None
    return {r.rule: r.outcome for r in result.work_permit.reasons}


def points_by_factor(result: ScreeningResult) -> dict[str, int]:
    assert result.work_permit is not None
    return {line.factor: line.points for line in result.work_permit.breakdown}


def test_t16_points_100_category_a_and_r_with_inviting_unit() -> None:
    c = base(
        38,
        deg(DegreeLevel.DOCTORATE),
        years_experience=8,
        hsk_level=4,
        fortune500_experience=True,
    )
    offer = Offer(500_000, "Chengdu", 12, inviting_unit=True)
    result = run(c, offer)
    wp = result.work_permit
    assert wp is not None
    assert points_by_factor(result) == {
        "salary": 20,
        "education": 20,
        "experience": 11,
        "months_in_china": 15,
        "chinese": 4,
        "location": 10,
        "age": 15,
        "extras": 5,
    }
    assert (wp.points, wp.points_max, wp.category, wp.outcome) == (100, 110, "A", L)
    assert result.r_visa is not None
    assert result.r_visa.outcome is L


def test_t17_points_75_b_likely_a_depends_on_bonus() -> None:
    c = base(30, deg(DegreeLevel.MASTER, "Eighty University"), years_experience=5)
    result = run(c, Offer(400_000, "Shanghai", 12, inviting_unit=True))
    wp = result.work_permit
    assert wp is not None
    assert (wp.points, wp.points_max, wp.category, wp.outcome) == (75, 85, "B", L)
    assert reasons(result) == {"WP-POINTS": L, "WP-A": P, "WP-B": L}
    assert "provincial bonus" in next(r for r in wp.reasons if r.rule == "WP-A").message
    assert result.r_visa is not None
    assert result.r_visa.outcome is P


def test_t18_points_43_no_category_and_c_never_inferred() -> None:
    c = base(24, deg(DegreeLevel.BACHELOR), years_experience=1)
    result = run(c, Offer(120_000, "Beijing", 12, inviting_unit=False))
    wp = result.work_permit
    assert wp is not None
    assert (wp.points, wp.category, wp.outcome) == (43, None, X)
    assert reasons(result) == {"WP-POINTS": X, "WP-A": X, "WP-B": X}
    assert "not inferred" in next(r for r in wp.reasons if r.rule == "WP-B").message
    assert result.r_visa is not None
    assert result.r_visa.outcome is X


def test_t19_age_61_points_52_b_needs_review() -> None:
    c = base(61, deg(DegreeLevel.BACHELOR), years_experience=10)
    result = run(c, Offer(300_000, "Beijing", 12, inviting_unit=False))
    wp = result.work_permit
    assert wp is not None
    assert points_by_factor(result)["age"] == 0
    # Spec change (visa-rules-sources §8.3, 2026): over 60 but otherwise B is
    # `doubtful`, no longer `possible`.
    assert (wp.points, wp.category, wp.outcome) == (52, "B", Outcome.DOUBTFUL)


def test_t20_guangzhou_salary_six_times_average_is_category_a() -> None:
    c = base(40, deg(DegreeLevel.BACHELOR), years_experience=3)
    # Data change (visa-rules-sources §8.4): on 2026-01-15 Guangzhou's row is the
    # 2024 urban non-private average, CNY 159,312, so 6× is CNY 955,872 a year.
    result = run(c, Offer(80_000 * 12, "Guangzhou", 12, inviting_unit=True))
    assert result.work_permit is not None
    assert (result.work_permit.category, result.work_permit.outcome) == ("A", L)
    assert result.r_visa is not None
    assert result.r_visa.outcome is L
    # Just under 6× the Guangzhou figure (CNY 79,656 a month) is not A by salary.
    under = run(c, Offer(79_000 * 12, "Guangzhou", 12, inviting_unit=True))
    assert reasons(under)["WP-A"] is X
    assert reasons(under)["WP-B"] is L  # 4× still holds


def test_t21_fresh_top100_master_is_b_without_experience() -> None:
    c = base(
        24,
        Degree(
            DegreeLevel.MASTER,
            "Computer Science",
            "0812",
            "Eighty University",
            date(2025, 7, 1),
            grade_pct=86,
        ),
        years_experience=0,
    )
    result = run(c, Offer(150_000, "Hangzhou", 12, inviting_unit=False))
    assert result.work_permit is not None
    assert (result.work_permit.category, result.work_permit.outcome) == ("B", L)
    assert (
        "Eighty University"
        in next(r for r in result.work_permit.reasons if r.rule == "WP-B").message
    )


def test_chinese_university_master_is_b() -> None:
    c = base(24, deg(DegreeLevel.MASTER, "Provincial University"), years_experience=0)
    result = run(c, Offer(100_000, "Wuhan", 12, inviting_unit=False))
    assert reasons(result)["WP-B"] is L


@pytest.mark.parametrize(
    ("years", "points"),
    [(0, 0), (1.9, 0), (2, 5), (3, 6), (8, 11), (17, 20), (30, 20)],
)
def test_experience_points(years: float, points: int) -> None:
    c = base(30, deg(DegreeLevel.BACHELOR), years_experience=years)
    assert (
        points_by_factor(run(c, Offer(100_000, "Beijing", 12)))["experience"] == points
    )


@pytest.mark.parametrize(
    ("salary", "points"),
    [
        (450_000, 20),
        (449_999, 17),
        (350_000, 17),
        (250_000, 14),
        (150_000, 11),
        (70_000, 8),
        (50_000, 5),
        (49_999, 0),
    ],
)
def test_salary_points(salary: int, points: int) -> None:
    c = base(30, deg(DegreeLevel.BACHELOR), years_experience=0)
    assert points_by_factor(run(c, Offer(salary, "Beijing", 12)))["salary"] == points


@pytest.mark.parametrize(
    ("age", "points"),
    [
        (18, 10),
        (25, 10),
        (26, 15),
        (45, 15),
        (46, 10),
        (55, 10),
        (56, 5),
        (60, 5),
        (61, 0),
    ],
)
def test_age_points(age: int, points: int) -> None:
    c = base(age, deg(DegreeLevel.BACHELOR), years_experience=0)
    assert points_by_factor(run(c, Offer(100_000, "Beijing", 12)))["age"] == points


@pytest.mark.parametrize(
    ("months", "points"), [(12, 15), (9, 15), (8, 10), (6, 10), (5, 5), (3, 5), (2, 0)]
)
def test_months_points(months: float, points: int) -> None:
    c = base(30, deg(DegreeLevel.BACHELOR), years_experience=0)
    assert (
        points_by_factor(run(c, Offer(100_000, "Beijing", months)))["months_in_china"]
        == points
    )


@pytest.mark.parametrize(
    ("facts", "points"),
    [
        ({"hsk_level": 6}, 5),
        ({"hsk_level": 2}, 2),
        ({"former_chinese_national": True, "hsk_level": 1}, 5),
    ],
)
def test_chinese_points(facts: dict[str, object], points: int) -> None:
    c = base(30, deg(DegreeLevel.BACHELOR), years_experience=0, **facts)
    assert points_by_factor(run(c, Offer(100_000, "Beijing", 12)))["chinese"] == points


def test_degree_taught_in_chinese_scores_five() -> None:
    taught = replace(deg(DegreeLevel.BACHELOR), taught_in_chinese=True)
    c = base(30, taught, years_experience=0)
    assert points_by_factor(run(c, Offer(100_000, "Beijing", 12)))["chinese"] == 5


@pytest.mark.parametrize(
    ("facts", "points"),
    [
        ({"patents": 2}, 5),
        ({"years_working_in_china": 5}, 5),
        ({"years_working_in_china": 4}, 0),
        ({}, 0),
    ],
)
def test_extra_points_are_not_cumulative(facts: dict[str, object], points: int) -> None:
    c = base(
        30,
        deg(DegreeLevel.BACHELOR),
        years_experience=0,
        fortune500_experience=False,
        **facts,
    )
    assert points_by_factor(run(c, Offer(100_000, "Beijing", 12)))["extras"] == points
    both = replace(c, patents=1, fortune500_experience=True)
    assert points_by_factor(run(both, Offer(100_000, "Beijing", 12)))["extras"] == 5


def test_pending_degree_scores_no_education_points() -> None:
    pending = replace(deg(DegreeLevel.MASTER), conferred=None)
    c = base(30, pending, years_experience=0)
    assert points_by_factor(run(c, Offer(100_000, "Beijing", 12)))["education"] == 0


def test_talent_programme_or_award_is_category_a() -> None:
    c = base(50, deg(DegreeLevel.BACHELOR), years_experience=0)
    for flag in ("talent_programme", "major_award"):
        result = run(replace(c, **{flag: True}), Offer(100_000, "Beijing", 6))
        assert result.work_permit is not None
        assert result.work_permit.category == "A"


def test_under_18_cannot_get_a_work_permit() -> None:
    c = base(17, deg(DegreeLevel.BACHELOR), years_experience=0, talent_programme=True)
    result = run(c, Offer(900_000, "Beijing", 12, inviting_unit=True))
    assert result.work_permit is not None
    assert result.work_permit.outcome is X


def test_missing_salary_gives_unknown_not_unlikely() -> None:
    c = base(30, deg(DegreeLevel.BACHELOR), years_experience=0)
    result = run(c, Offer(None, "Beijing", 12, inviting_unit=True))
    wp = result.work_permit
    assert wp is not None
    assert wp.outcome is U
    assert wp.category is None
    assert reasons(result)["WP-POINTS"] is U
    assert result.r_visa is not None
    assert result.r_visa.outcome is U


def test_unknown_city_gives_unknown_salary_tests() -> None:
    c = base(30, deg(DegreeLevel.BACHELOR), years_experience=0)
    result = run(c, Offer(100_000, "Atlantis", 12))
    lines = {x.factor: x for x in result.work_permit.breakdown}  # type: ignore[union-attr]
    assert lines["location"].missing
    assert reasons(result)["WP-B"] is U


def test_missing_date_of_birth_gives_unknown_b() -> None:
    c = replace(
        base(30, deg(DegreeLevel.BACHELOR), years_experience=5), date_of_birth=None
    )
    result = run(c, Offer(100_000, "Beijing", 12))
    assert reasons(result)["WP-B"] is U


def test_r_visa_needs_an_inviting_unit() -> None:
    c = base(
        38,
        deg(DegreeLevel.DOCTORATE),
        years_experience=8,
        hsk_level=4,
        fortune500_experience=True,
    )
    for invite, expected in ((True, L), (False, X), (None, U)):
        result = run(c, Offer(500_000, "Chengdu", 12, inviting_unit=invite))
        assert result.r_visa is not None
        assert result.r_visa.outcome is expected
        assert [r.rule for r in result.r_visa.reasons] == ["R"]


def test_thresholds_follow_configuration() -> None:
    c = base(30, deg(DegreeLevel.MASTER, "Eighty University"), years_experience=5)
    offer = Offer(400_000, "Shanghai", 12)
    cfg = replace(DEFAULT_CONFIG, wp_a_min_points=75)
    result = screen(c, config=cfg, institutions=FAKE_INDEX, as_of=AS_OF, offer=offer)
    assert result.work_permit is not None
    assert result.work_permit.category == "A"


def _b_threshold_case(city: str, as_of: date, salary: int) -> ScreeningResult:
    c = base(30, deg(DegreeLevel.BACHELOR), years_experience=0)
    offer = Offer(salary, city, 12, inviting_unit=False)
    return screen(c, institutions=FAKE_INDEX, as_of=as_of, offer=offer)


@pytest.mark.parametrize(
    ("city", "b_min", "a_min"),
    [("Beijing", 572_976, 859_464), ("Shanghai", 596_832, 895_248)],
)
def test_2026_thresholds_apply_from_february_2026(
    city: str, b_min: int, a_min: int
) -> None:
    """The 2024 全口径 figures apply from Feb 2026; the reason names the row used."""
    after = date(2026, 3, 1)
    at_b = _b_threshold_case(city, after, b_min)
    at_a = _b_threshold_case(city, after, a_min)
    assert at_a.work_permit is not None
    assert reasons(at_a)["WP-A"] is L
    assert reasons(_b_threshold_case(city, after, a_min - 12))["WP-A"] is not L
    b_msg = next(r.message for r in at_b.work_permit.reasons if r.rule == "WP-B")
    assert "4×" in b_msg
    assert "2024 average, all urban units (全口径)" in b_msg
    assert "Feb 2026" in b_msg
    assert "approx." not in b_msg
    # Before the switch the older row applies: the 2024 figure is not used.
    before = _b_threshold_case(city, date(2026, 1, 15), b_min)
    wp_b = next(r.message for r in before.work_permit.reasons if r.rule == "WP-B")
    assert "2024 average" not in wp_b


def test_wage_row_is_the_one_whose_window_holds_the_as_of_date() -> None:
    from jobs.engines.screening.cities import DEFAULT_CITY_WAGES, find_city

    official = find_city("Wuhan", DEFAULT_CITY_WAGES, as_of="2025-03-01")
    later = find_city("武汉", DEFAULT_CITY_WAGES, as_of="2025-09-01")
    assert official is not None
    assert later is not None
    assert (official.year, official.avg_wage_cny, official.valid_to) == (
        2023,
        110_134,
        "2025-06-30",
    )
    assert "on-post" in official.measure
    assert (later.year, later.avg_wage_cny) == (2024, 138_241)
    assert "approx." in later.source
