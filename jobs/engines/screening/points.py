"""The national work-permit points table as data, and the points computation.

Version "2017-interim" is the 积分要素计分赋值表 (暂行版) as reproduced consistently by
several independent sources (visa-rules-sources.md §2.5). The provincial bonus (0–10)
is set by each province and is never counted in `total`; callers add it for the
"with bonus" figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Final

from jobs.engines.screening.facts import Candidate, DegreeLevel, Offer, completed_years

if TYPE_CHECKING:
    from jobs.engines.screening.config import RulesConfig
    from jobs.engines.screening.institutions import Institution


@dataclass(frozen=True, slots=True)
class PointsTable:
    """One points-table version; bands are (lower bound, points), highest first."""

    version: str
    salary_10k_bands: tuple[tuple[float, int], ...]
    education: tuple[tuple[DegreeLevel, int], ...]
    experience_min_years: int
    experience_min_points: int
    experience_per_year: int
    experience_max: int
    months_bands: tuple[tuple[float, int], ...]
    hsk_points: tuple[tuple[float, int], ...]
    chinese_former_national: int
    chinese_taught_degree: int
    chinese_max: int
    location: int
    # (min age, max age inclusive, points); ages outside every band score 0.
    age_bands: tuple[tuple[int, int, int], ...]
    extras: int
    provincial_bonus_max: int


TABLE_2017_INTERIM: Final = PointsTable(
    version="2017-interim",
    salary_10k_bands=((45, 20), (35, 17), (25, 14), (15, 11), (7, 8), (5, 5)),
    education=(
        (DegreeLevel.DOCTORATE, 20),
        (DegreeLevel.MASTER, 15),
        (DegreeLevel.BACHELOR, 10),
    ),
    experience_min_years=2,
    experience_min_points=5,
    experience_per_year=1,
    experience_max=20,
    months_bands=((9, 15), (6, 10), (3, 5)),
    hsk_points=((5, 5), (4, 4), (3, 3), (2, 2), (1, 1)),
    chinese_former_national=5,
    chinese_taught_degree=5,
    chinese_max=5,
    location=10,
    age_bands=((18, 25, 10), (26, 45, 15), (46, 55, 10), (56, 60, 5)),
    extras=5,
    provincial_bonus_max=10,
)

POINTS_TABLES: Final[dict[str, PointsTable]] = {
    TABLE_2017_INTERIM.version: TABLE_2017_INTERIM
}
# Derived look-ups, built once rather than on every computation.
_EDUCATION: Final[dict[str, dict[DegreeLevel, int]]] = {
    v: dict(t.education) for v, t in POINTS_TABLES.items()
}
_AGE_MAX: Final[dict[str, int]] = {
    v: max(p for _, _, p in t.age_bands) for v, t in POINTS_TABLES.items()
}


@dataclass(frozen=True, slots=True)
class PointsLine:
    """One factor of the points total; `missing` means a fact it needs was not given."""

    factor: str
    points: int
    max_points: int
    detail: str
    missing: bool = False
    # `detail` as a message id and parameters (jobs/web/reasons.py), as for reasons.
    code: str = ""
    params: tuple[tuple[str, str | int], ...] = ()


@dataclass(frozen=True, slots=True)
class PointsBreakdown:
    """Points without the provincial bonus, and the most the missing facts could add."""

    version: str
    total: int
    upper: int  # total if every missing fact scored its maximum
    bonus_max: int
    lines: tuple[PointsLine, ...]
    missing: tuple[str, ...]  # factors that could not be scored for lack of a fact

    @property
    def with_bonus(self) -> int:
        """Total plus the maximum provincial bonus."""
        return self.total + self.bonus_max


_LEVEL_TEXT: Final[dict[DegreeLevel, str]] = {
    DegreeLevel.NONE: "No degree",
    DegreeLevel.ASSOCIATE: "Associate degree",
    DegreeLevel.BACHELOR: "Bachelor's degree",
    DegreeLevel.MASTER: "Master's degree",
    DegreeLevel.DOCTORATE: "Doctorate",
}


def _band(value: float, bands: tuple[tuple[float, int], ...]) -> int:
    for lower, pts in bands:
        if value >= lower:
            return pts
    return 0


def _fmt(amount: float) -> str:
    return f"{amount:,.0f}"


def compute_points(
    candidate: Candidate,
    offer: Offer,
    *,
    config: RulesConfig,
    as_of: date,
    resolve: Callable[[str | None], Institution | None],
    location_points_region: bool | None,
) -> PointsBreakdown:
    """Score a candidate and a role on the configured points table, one line a factor.

    `location_points_region` is None when the role's city is unknown or not in the
    wage table. Missing facts score 0 and are flagged so the caller can tell
    "too few points" from "not enough information".
    """
    table = POINTS_TABLES[config.points_table_version]
    lines: list[PointsLine] = []

    # Salary, in units of CNY 10,000 a year.
    salary = offer.salary_cny_annual
    if salary is None:
        lines.append(
            PointsLine(
                "salary", 0, 20, "Salary not given", True, "points.salary.unknown"
            )
        )
    else:
        pts = _band(salary / 10_000, table.salary_10k_bands)
        lines.append(
            PointsLine(
                "salary",
                pts,
                20,
                f"CNY {_fmt(salary)} a year",
                code="points.salary",
                params=(("salary", _fmt(salary)),),
            )
        )

    # Education: highest degree already conferred.
    conferred = [
        d
        for d in (candidate.degrees or ())
        if d.level is not None and d.is_conferred(as_of)
    ]
    top = max(
        (d.level for d in conferred if d.level is not None),
        default=None,
        key=lambda lv: lv.rank,
    )
    edu_pts = _EDUCATION[table.version].get(top, 0) if top is not None else 0
    edu_max = table.education[0][1]
    unclear = candidate.degrees is None or any(
        d.level is None for d in candidate.degrees
    )
    if top is not None and edu_pts:
        lines.append(
            PointsLine(
                "education",
                edu_pts,
                edu_max,
                _LEVEL_TEXT[top],
                code=f"points.education.{top.value}",
            )
        )
    elif unclear and edu_pts < edu_max:
        lines.append(
            PointsLine(
                "education",
                edu_pts,
                edu_max,
                "Degree level not given",
                True,
                "points.education.unknown",
            )
        )
    else:
        lines.append(
            PointsLine(
                "education",
                0,
                edu_max,
                "No conferred bachelor's degree",
                code="points.education.none",
            )
        )

    # Relevant work experience in completed years.
    years = candidate.years_experience
    if years is None:
        lines.append(
            PointsLine(
                "experience",
                0,
                table.experience_max,
                "Not given",
                True,
                "points.not_given",
            )
        )
    else:
        whole = int(years) if years > 0 else 0
        exp = 0
        if whole >= table.experience_min_years:
            extra = (whole - table.experience_min_years) * table.experience_per_year
            exp = min(table.experience_max, table.experience_min_points + extra)
        lines.append(
            PointsLine(
                "experience",
                exp,
                table.experience_max,
                f"{whole} years",
                code="points.experience",
                params=(("years", whole),),
            )
        )

    # Months a year working in China.
    months = offer.months_per_year_in_china
    if months is None:
        lines.append(
            PointsLine("months_in_china", 0, 15, "Not given", True, "points.not_given")
        )
    else:
        pts = _band(months, table.months_bands)
        lines.append(
            PointsLine(
                "months_in_china",
                pts,
                15,
                f"{months:g} months",
                code="points.months",
                params=(("months", f"{months:g}"),),
            )
        )

    # Chinese language: the best applicable line, capped.
    chinese, why = 0, "No Chinese-language points"
    why_code = "points.chinese.none"
    why_params: tuple[tuple[str, str | int], ...] = ()
    if candidate.former_chinese_national:
        chinese, why = table.chinese_former_national, "Former Chinese national"
        why_code = "points.chinese.former_national"
    taught = any(
        d.taught_in_chinese
        and d.level is not None
        and d.level.rank >= DegreeLevel.BACHELOR.rank
        for d in conferred
    )
    if taught and table.chinese_taught_degree > chinese:
        chinese, why = table.chinese_taught_degree, "Degree taught in Chinese"
        why_code = "points.chinese.taught_degree"
    hsk = candidate.hsk_level
    if hsk is not None:
        hsk_pts = _band(hsk, table.hsk_points)
        if hsk_pts > chinese:
            chinese, why = hsk_pts, f"HSK {hsk}"
            why_code, why_params = "points.chinese.hsk", (("level", hsk),)
    chinese = min(chinese, table.chinese_max)
    chinese_unclear = hsk is None or candidate.former_chinese_national is None
    lines.append(
        PointsLine(
            "chinese",
            chinese,
            table.chinese_max,
            why,
            missing=chinese_unclear and chinese < table.chinese_max,
            code=why_code,
            params=why_params,
        )
    )

    # Work location: western region / north-east old industrial base cities.
    if location_points_region is None:
        lines.append(
            PointsLine(
                "location",
                0,
                table.location,
                "City not known",
                True,
                "points.location.unknown",
            )
        )
    elif location_points_region:
        lines.append(
            PointsLine(
                "location",
                table.location,
                table.location,
                "Priority region",
                code="points.location.priority",
            )
        )
    else:
        lines.append(
            PointsLine(
                "location",
                0,
                table.location,
                "Not a priority region",
                code="points.location.not_priority",
            )
        )

    # Age in completed years.
    age_max = _AGE_MAX[table.version]
    if candidate.date_of_birth is None:
        lines.append(
            PointsLine(
                "age", 0, age_max, "Date of birth not given", True, "points.age.unknown"
            )
        )
    else:
        age = completed_years(candidate.date_of_birth, as_of)
        pts = next((p for lo, hi, p in table.age_bands if lo <= age <= hi), 0)
        lines.append(
            PointsLine(
                "age",
                pts,
                age_max,
                f"Age {age}",
                code="points.age",
                params=(("age", age),),
            )
        )

    # Extras: any one of these gives the (non-cumulative) bonus.
    extra_why = ""
    extra_code: str = ""
    extra_params: tuple[tuple[str, str | int], ...] = ()
    for d in conferred:
        inst = resolve(d.institution) if d.institution else None
        if (
            inst is not None
            and inst.country != "CN"
            and inst.rank_best is not None
            and inst.rank_best <= config.points_top_overseas_rank
            and d.level is not None
            and d.level.rank >= DegreeLevel.BACHELOR.rank
        ):
            extra_why = f"Graduate of {inst.name}"
            extra_code, extra_params = "points.extras.graduate", (("name", inst.name),)
            break
    if not extra_why and candidate.fortune500_experience:
        extra_why = "Fortune Global 500 experience"
        extra_code = "points.extras.fortune500"
    if not extra_why and candidate.patents:
        extra_why = "Holds patents"
        extra_code = "points.extras.patents"
    in_china = candidate.years_working_in_china
    if (
        not extra_why
        and in_china is not None
        and in_china >= config.points_extra_years_in_china
    ):
        extra_why = f"{in_china:g} years working in China"
        extra_code = "points.extras.years_in_china"
        extra_params = (("years", f"{in_china:g}"),)
    if extra_why:
        lines.append(
            PointsLine(
                "extras",
                table.extras,
                table.extras,
                extra_why,
                code=extra_code,
                params=extra_params,
            )
        )
    else:
        extras_unclear = (
            candidate.fortune500_experience is None
            or candidate.patents is None
            or in_china is None
        )
        lines.append(
            PointsLine(
                "extras",
                0,
                table.extras,
                "None of the extras",
                extras_unclear,
                "points.extras.none",
            )
        )

    total = sum(line.points for line in lines)
    upper = total + sum(line.max_points - line.points for line in lines if line.missing)
    return PointsBreakdown(
        version=table.version,
        total=total,
        upper=upper,
        bonus_max=config.provincial_bonus_max,
        lines=tuple(lines),
        missing=tuple(line.factor for line in lines if line.missing),
    )
