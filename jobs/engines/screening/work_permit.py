"""Work-permit category estimate (A / B) for one role, as SCREENING.md fixes it.

Category A if any A route holds (points ≥ 85, salary ≥ 6× the city's previous-year
average wage, a selected talent programme, an internationally recognised award);
`possible` where only the provincial bonus could lift the points to 85. Category B
routes: bachelor's + 2 years' experience, salary ≥ 4× the average, points ≥ 60, or a
master's from a Chinese or top-100 overseas university; B is for age ≤ 60 (older →
`doubtful` since 2026, visa-rules-sources §8.3). Category C is quota-based and is never inferred from a low score.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Final

from jobs.engines.screening.cities import CityWage
from jobs.engines.screening.config import RulesConfig
from jobs.engines.screening.facts import Candidate, DegreeLevel, Offer, completed_years
from jobs.engines.screening.lookups import Lookups
from jobs.engines.screening.outcomes import (
    WP_A,
    WP_B,
    WP_POINTS,
    Outcome,
    Phrase,
    RuleResult,
    best,
)
from jobs.engines.screening.points import PointsBreakdown, compute_points
from jobs.engines.screening.results import WorkPermitResult, collect_hints

LIKELY, POSSIBLE, UNKNOWN = Outcome.LIKELY, Outcome.POSSIBLE, Outcome.UNKNOWN
DOUBTFUL, UNLIKELY = Outcome.DOUBTFUL, Outcome.UNLIKELY

# salary multiple -> (outcome, reason clause)
_SalaryTest = Callable[[float], tuple[Outcome, str, Phrase]]

_FACTOR_NAMES: Final[dict[str, str]] = {
    "salary": "salary",
    "education": "degree level",
    "experience": "years of experience",
    "months_in_china": "months a year in China",
    "chinese": "Chinese level (HSK) or former nationality",
    "location": "work city",
    "age": "date of birth",
    "extras": "Fortune 500 experience, patents or years working in China",
}


def _wage_text(city: CityWage) -> str:
    """The figure, measure, statistical year and source a salary test used."""
    measure = f", {city.measure}" if city.measure else ""
    source = f"; source: {city.source}" if city.source else ""
    return (
        f"{city.city} (CNY {city.avg_wage_cny:,} a year, {city.year} average"
        f"{measure}{source})"
    )


def _wage_phrase(city: CityWage) -> Phrase:
    return Phrase(
        "wp.wage",
        (
            ("city", city.city),
            ("wage", f"{city.avg_wage_cny:,}"),
            ("year", city.year),
            (
                "measure",
                Phrase("wp.wage.measure", (("measure", city.measure),))
                if city.measure
                else "",
            ),
            (
                "source",
                Phrase("wp.wage.source", (("source", city.source),))
                if city.source
                else "",
            ),
        ),
    )


def points_outcome(points: PointsBreakdown, threshold: int) -> Outcome:
    """Reaching a points threshold: firm, only via the provincial bonus, or unknown."""
    if points.total >= threshold:
        return LIKELY
    if points.total + points.bonus_max >= threshold:
        return POSSIBLE
    if points.missing and points.upper + points.bonus_max >= threshold:
        return UNKNOWN
    return UNLIKELY


def _missing_text(points: PointsBreakdown) -> str:
    return ", ".join(_FACTOR_NAMES.get(f, f) for f in points.missing)


def _missing_phrases(points: PointsBreakdown) -> tuple[Phrase, ...]:
    return tuple(Phrase(f"wp.factor.{f}") for f in points.missing)


def _missing_for_points(points: PointsBreakdown) -> tuple[str, Phrase]:
    return f"your {_missing_text(points)} (for the points)", Phrase(
        "wp.fact.points", (("missing", _missing_phrases(points)),)
    )


def check_points(points: PointsBreakdown, *, b_min: int, a_min: int) -> RuleResult:
    """WP-POINTS: the total on the national table and what it reaches on its own."""
    head = (
        f"{points.total} points on the national points table ({points.version}), "
        f"up to {points.with_bonus} with the largest provincial bonus; category A "
        f"needs {a_min}, B needs {b_min}."
    )
    params = (
        ("total", points.total),
        ("version", points.version),
        ("with_bonus", points.with_bonus),
        ("a_min", a_min),
        ("b_min", b_min),
    )
    outcome = points_outcome(points, b_min)
    if points.missing:
        return RuleResult(
            WP_POINTS,
            UNKNOWN if outcome is not LIKELY else LIKELY,
            f"{head} Not counted for lack of information: {_missing_text(points)}.",
            f"Add your {_missing_text(points)} for a full points count.",
            code="wp_points.missing",
            params=(*params, ("missing", _missing_phrases(points))),
        )
    return RuleResult(WP_POINTS, outcome, head, code="wp_points.total", params=params)


def screen_work_permit(
    candidate: Candidate, offer: Offer, *, as_of: date, lookups: Lookups
) -> WorkPermitResult:
    """Estimate the work-permit category and points for the candidate in this role."""
    config = lookups.config
    city = lookups.city(offer.city, as_of.isoformat())
    points = compute_points(
        candidate,
        offer,
        config=config,
        as_of=as_of,
        resolve=lookups.institution,
        location_points_region=None if city is None else city.location_points_region,
    )
    age = (
        completed_years(candidate.date_of_birth, as_of)
        if candidate.date_of_birth is not None
        else None
    )
    salary = offer.salary_cny_annual
    place = _wage_text(city) if city else ""

    def salary_test(multiple: float) -> tuple[Outcome, str, Phrase]:
        if salary is None:
            return UNKNOWN, "the salary", Phrase("wp.salary.unknown")
        if city is None:
            if offer.city:
                return (
                    UNKNOWN,
                    f"the average wage in “{offer.city}” (not in our table)",
                    Phrase("wp.salary.city_not_in_table", (("city", offer.city),)),
                )
            return (
                UNKNOWN,
                "the average wage in the work city (not in our table)",
                Phrase("wp.salary.no_city"),
            )
        need = multiple * city.avg_wage_cny
        params = (
            ("salary", f"{salary:,.0f}"),
            ("multiple", f"{multiple:g}"),
            ("place", _wage_phrase(city)),
        )
        if salary >= need:
            return (
                LIKELY,
                f"the salary of CNY {salary:,.0f} is at least {multiple:g}× the "
                f"average wage in {place}",
                Phrase("wp.salary.above", params),
            )
        return (
            UNLIKELY,
            f"the salary of CNY {salary:,.0f} is below {multiple:g}× the average "
            f"wage in {place}, CNY {need:,.0f}",
            Phrase("wp.salary.below", (*params, ("need", f"{need:,.0f}"))),
        )

    points_r = check_points(
        points, b_min=config.wp_b_min_points, a_min=config.wp_a_min_points
    )
    a_r = _check_a(candidate, points, config.wp_a_min_points, salary_test, age, config)
    b_r = _check_b(candidate, points, salary_test, age, as_of, lookups)

    reasons = (points_r, a_r, b_r)
    if a_r.outcome is LIKELY:
        category, outcome = "A", LIKELY
    elif b_r.outcome is LIKELY:
        category, outcome = "B", LIKELY
    elif a_r.outcome is POSSIBLE:
        category, outcome = "A", POSSIBLE
    elif b_r.outcome is POSSIBLE:
        category, outcome = "B", POSSIBLE
    elif b_r.outcome is DOUBTFUL:  # otherwise B, but over the age limit
        category, outcome = "B", DOUBTFUL
    else:
        category, outcome = None, best(a_r.outcome, b_r.outcome)
    return WorkPermitResult(
        points=points.total,
        points_max=points.with_bonus,
        category=category,
        outcome=outcome,
        reasons=reasons,
        breakdown=points.lines,
        points_version=points.version,
        hints=collect_hints(reasons),
    )


def _check_a(
    candidate: Candidate,
    points: PointsBreakdown,
    a_min: int,
    salary_test: _SalaryTest,
    age: int | None,
    config: RulesConfig,
) -> RuleResult:
    """WP-A: any one A route holds; the provincial bonus alone gives `possible`."""
    if age is not None and age < config.wp_min_age:
        return RuleResult(
            WP_A,
            UNLIKELY,
            f"A work permit needs the applicant to be at least {config.wp_min_age}.",
            code="wp.too_young",
            params=(("min", config.wp_min_age),),
        )
    by_points = points_outcome(points, a_min)
    if by_points is LIKELY:
        return RuleResult(
            WP_A,
            LIKELY,
            f"Category A: {points.total} points reach {a_min}.",
            code="wp_a.points",
            params=(("total", points.total), ("a_min", a_min)),
        )
    by_salary, salary_why, salary_phrase = salary_test(config.wp_a_salary_multiple)
    if by_salary is LIKELY:
        return RuleResult(
            WP_A,
            LIKELY,
            f"Category A: {salary_why}.",
            code="wp_a.salary",
            params=(("why", salary_phrase),),
        )
    if candidate.talent_programme:
        return RuleResult(
            WP_A,
            LIKELY,
            "Category A: you were selected for a recognised talent programme.",
            code="wp_a.talent_programme",
        )
    if candidate.major_award:
        return RuleResult(
            WP_A,
            LIKELY,
            "Category A: you hold an internationally recognised award or distinction.",
            code="wp_a.award",
        )
    if by_points is POSSIBLE:
        short = a_min - points.total
        return RuleResult(
            WP_A,
            POSSIBLE,
            f"Category A depends on the provincial bonus: {points.total} points, "
            f"{short} short of {a_min}, and a province may add up to "
            f"{points.bonus_max} for locally scarce talent.",
            "Ask the employer whether the province awards bonus points for this role.",
            code="wp_a.bonus",
            params=(
                ("total", points.total),
                ("short", short),
                ("a_min", a_min),
                ("bonus", points.bonus_max),
            ),
        )
    unknown = [
        (why, phrase)
        for outcome, why, phrase in (
            (by_points, *_missing_for_points(points)),
            (by_salary, salary_why, salary_phrase),
            (
                UNKNOWN if candidate.talent_programme is None else UNLIKELY,
                "whether you were selected for a talent programme",
                Phrase("wp.fact.talent_programme"),
            ),
            (
                UNKNOWN if candidate.major_award is None else UNLIKELY,
                "whether you hold an internationally recognised award",
                Phrase("wp.fact.award"),
            ),
        )
        if outcome is UNKNOWN
    ]
    if unknown:
        return RuleResult(
            WP_A,
            UNKNOWN,
            "Category A cannot be ruled in or out without "
            + "; ".join(why for why, _ in unknown)
            + ".",
            "Add the missing facts to check category A.",
            code="wp_a.unknown",
            params=(("facts", tuple(phrase for _, phrase in unknown)),),
        )
    return RuleResult(
        WP_A,
        UNLIKELY,
        f"No category A route holds: {points.total} points (A needs {a_min}), "
        f"{salary_why}, and no talent programme or internationally recognised award.",
        code="wp_a.none",
        params=(("total", points.total), ("a_min", a_min), ("salary", salary_phrase)),
    )


def _check_b(
    candidate: Candidate,
    points: PointsBreakdown,
    salary_test: _SalaryTest,
    age: int | None,
    as_of: date,
    lookups: Lookups,
) -> RuleResult:
    """WP-B: any one B route holds, for an applicant aged 18 to 60."""
    config = lookups.config
    if age is not None and age < config.wp_min_age:
        return RuleResult(
            WP_B,
            UNLIKELY,
            f"A work permit needs the applicant to be at least {config.wp_min_age}.",
            code="wp.too_young",
            params=(("min", config.wp_min_age),),
        )
    routes: list[tuple[Outcome, str, Phrase]] = []

    conferred = [
        d
        for d in candidate.degrees or ()
        if d.level is not None and d.is_conferred(as_of)
    ]
    # The filter above already dropped level-less degrees; mypy cannot carry that
    # narrowing through a list, so it is restated here.
    has_bachelor = any(
        d.level is not None and d.level.rank >= DegreeLevel.BACHELOR.rank
        for d in conferred
    )
    years = candidate.years_experience
    need_years = config.wp_b_min_experience_years
    if has_bachelor and years is not None and years >= need_years:
        routes.append(
            (
                LIKELY,
                f"a bachelor's degree or higher and {years:g} years' experience",
                Phrase("wp_b.why.degree_experience", (("years", f"{years:g}"),)),
            )
        )
    elif has_bachelor and years is None:
        routes.append(
            (UNKNOWN, "your years of experience", Phrase("wp.fact.experience"))
        )
    elif not has_bachelor and candidate.degrees is None:
        routes.append((UNKNOWN, "your degrees", Phrase("wp.fact.degrees")))

    by_salary, salary_why, salary_phrase = salary_test(config.wp_b_salary_multiple)
    routes.append((by_salary, salary_why, salary_phrase))

    by_points = points_outcome(points, config.wp_b_min_points)
    if by_points is UNKNOWN:
        points_why, points_phrase = _missing_for_points(points)
    elif by_points is POSSIBLE:
        points_why = (
            f"{points.total} points, up to {points.with_bonus} with the provincial "
            "bonus"
        )
        points_phrase = Phrase(
            "wp_b.why.points_with_bonus",
            (("total", points.total), ("with_bonus", points.with_bonus)),
        )
    else:
        points_why = f"{points.total} points"
        points_phrase = Phrase("wp_b.why.points", (("total", points.total),))
    routes.append((by_points, points_why, points_phrase))

    for d in conferred:
        if d.level is None or d.level.rank < DegreeLevel.MASTER.rank:
            continue
        inst = lookups.institution(d.institution)
        if inst is None:
            continue
        if inst.country == "CN":
            routes.append(
                (
                    LIKELY,
                    f"a master's degree or higher from {inst.name}",
                    Phrase("wp_b.why.master_cn", (("name", inst.name),)),
                )
            )
        elif (
            inst.rank_best is not None
            and inst.rank_best <= config.wp_b_top_overseas_rank
        ):
            routes.append(
                (
                    LIKELY,
                    f"a master's degree or higher from {inst.name}, a top-"
                    f"{config.wp_b_top_overseas_rank} university",
                    Phrase(
                        "wp_b.why.master_top",
                        (
                            ("name", inst.name),
                            ("rank", config.wp_b_top_overseas_rank),
                        ),
                    ),
                )
            )

    top = best(*(o for o, _, _ in routes))
    holding = [why for o, why, _ in routes if o is top]
    phrases = tuple(phrase for o, _, phrase in routes if o is top)
    if top is LIKELY or top is POSSIBLE:
        prefix = (
            "Category B" if top is LIKELY else "Category B with the provincial bonus"
        )
        text = f"{prefix}: {holding[0]}."
        head = Phrase(
            "wp_b.holds" if top is LIKELY else "wp_b.holds_with_bonus",
            (("why", phrases[0]),),
        )
        if age is None:
            return RuleResult(
                WP_B,
                UNKNOWN,
                f"{text} Category B also needs an age of {config.wp_b_max_age} or "
                "under, and we do not know your date of birth.",
                "Add your date of birth.",
                code="wp_b.age_unknown",
                params=(("head", head), ("max", config.wp_b_max_age)),
            )
        if age > config.wp_b_max_age:
            # visa-rules-sources §8.3: since early 2026 offices refuse most B
            # applications over 60 and grant no new age waivers.
            return RuleResult(
                WP_B,
                DOUBTFUL,
                f"{text} You are {age}, over the limit of {config.wp_b_max_age}; "
                "since 2026 offices refuse most such applications and grant no new "
                "age waivers, so this needs review.",
                code="wp_b.over_age",
                params=(("head", head), ("age", age), ("max", config.wp_b_max_age)),
            )
        if top is POSSIBLE:
            return RuleResult(
                WP_B,
                POSSIBLE,
                f"{text} This depends on the province's bonus points.",
                "Ask the employer whether the province awards bonus points.",
                code="wp_b.bonus",
                params=(("head", head),),
            )
        return RuleResult(
            WP_B, LIKELY, text, code="wp_b.likely", params=(("head", head),)
        )
    if top is UNKNOWN:
        return RuleResult(
            WP_B,
            UNKNOWN,
            "Category B cannot be ruled in or out without " + "; ".join(holding) + ".",
            "Add the missing facts to check category B.",
            code="wp_b.unknown",
            params=(("facts", phrases),),
        )
    return RuleResult(
        WP_B,
        UNLIKELY,
        f"No category B route holds: {points.total} points (B needs "
        f"{config.wp_b_min_points}), {salary_why}, and no bachelor's degree with "
        f"{need_years:g} years' experience or qualifying master's. Category C is "
        "quota-based for specific jobs and is not inferred from a low score.",
        code="wp_b.none",
        params=(
            ("total", points.total),
            ("b_min", config.wp_b_min_points),
            ("salary", salary_phrase),
            ("years", f"{need_years:g}"),
        ),
    )
