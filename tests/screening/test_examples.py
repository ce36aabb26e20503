"""SCREENING.md's example table and the compatible visa-rules-sources.md §6 cases.

These run against the real institution table and field classifier, as of 2026-01-15
with the default configuration. Mapping from §6's labels: REVIEW → possible,
UNLIKELY_SOFT → doubtful, INSUFFICIENT_DATA → unknown.
"""

from __future__ import annotations

from datetime import date

import pytest

from jobs.engines.screening.engine import screen
from jobs.engines.screening.facts import (
    Candidate,
    Degree,
    DegreeLevel,
    Offer,
    Position,
    PositionKind,
)
from jobs.engines.screening.outcomes import Outcome

AS_OF = date(2026, 1, 15)
M, B, D = DegreeLevel.MASTER, DegreeLevel.BACHELOR, DegreeLevel.DOCTORATE


def cand(
    born: date | None,
    *degrees: Degree,
    positions: tuple[Position, ...] = (),
) -> Candidate:
    return Candidate(id="ex", date_of_birth=born, degrees=degrees, positions=positions)


def deg(
    level: DegreeLevel, field: str, institution: str, conferred: date | None
) -> Degree:
    return Degree(
        level=level, field=field, institution=institution, conferred=conferred
    )


MPI_POST = Position(
    "Research engineer",
    PositionKind.RESEARCH,
    "Max Planck Institute for Informatics",
    "Computer Science",
    date(2021, 3, 1),
    None,
)

SCREENING_MD_EXAMPLES = [
    pytest.param(
        cand(
            date(1997, 5, 10),
            deg(M, "Computer Science", "ETH Zurich", date(2022, 6, 30)),
        ),
        Outcome.LIKELY,
        id="msc-cs-eth",
    ),
    pytest.param(
        cand(
            date(1980, 6, 1),
            deg(D, "Physics", "University of Tokyo", date(2008, 3, 25)),
        ),
        Outcome.POSSIBLE,
        id="age-45-phd-tokyo",
    ),
    pytest.param(
        cand(
            date(1979, 12, 1),
            deg(D, "Chemistry", "University of Cambridge", date(2006, 7, 1)),
        ),
        Outcome.DOUBTFUL,
        id="age-46-phd-top50",
    ),
    pytest.param(
        cand(date(1995, 3, 3), deg(M, "MBA", "Harvard", date(2021, 5, 27))),
        Outcome.UNLIKELY,
        id="mba-harvard",
    ),
    pytest.param(
        cand(
            date(1999, 8, 20),
            deg(
                B,
                "Mechanical Engineering",
                "Springfield Private College",
                date(2021, 6, 15),
            ),
        ),
        Outcome.DOUBTFUL,
        id="beng-unranked-college",
    ),
    pytest.param(
        cand(date(1992, 7, 7), positions=(MPI_POST,)),
        Outcome.POSSIBLE,
        id="no-degree-max-planck-research",
    ),
    pytest.param(
        cand(
            date(1994, 2, 2),
            deg(M, "Clinical Medicine", "Heidelberg University", date(2020, 11, 30)),
        ),
        Outcome.POSSIBLE,
        id="md-medicine-top100",
    ),
    pytest.param(
        cand(date(2003, 4, 4), deg(B, "Computer Science", "Tsinghua University", None)),
        Outcome.UNLIKELY,
        id="bsc-pending",
    ),
    pytest.param(
        cand(
            date(2003, 4, 4),
            deg(B, "Computer Science", "Tsinghua University", date(2026, 6, 30)),
        ),
        Outcome.UNLIKELY,
        id="bsc-expected-june-2026",
    ),
    pytest.param(
        cand(None, deg(M, "Computer Science", "清华大学", date(2024, 7, 1))),
        Outcome.UNKNOWN,
        id="no-date-of-birth",
    ),
    pytest.param(
        cand(
            date(2000, 12, 12),
            deg(M, "Materials Science", "Tsinghua University", date(2025, 7, 1)),
        ),
        Outcome.LIKELY,
        id="msc-materials-tsinghua",
    ),
]

SOURCES_SECTION_6 = [
    pytest.param(
        cand(
            date(1998, 11, 11),
            deg(B, "Mathematics", "Universität Innsbruck", date(2020, 7, 1)),
        ),
        Outcome.POSSIBLE,
        id="T06-rank-350",
    ),
    pytest.param(
        cand(
            date(2001, 9, 9),
            deg(B, "Agronomy", "China Agricultural University", date(2023, 7, 1)),
        ),
        Outcome.POSSIBLE,
        id="T09-agronomy-double-first-class",
    ),
    pytest.param(
        # §6 says REVIEW because the US DHS list disagrees; SCREENING.md adopts only
        # China's catalogue, where economics (02) is non-STEM.
        cand(date(1990, 10, 10), deg(D, "Econometrics", "LSE", date(2018, 7, 1))),
        Outcome.UNLIKELY,
        id="T11-econometrics-catalogue-only",
    ),
    pytest.param(
        cand(date(2008, 3, 1), deg(B, "Physics", "MIT", date(2025, 6, 1))),
        Outcome.POSSIBLE,
        id="T12-age-17",
    ),
    pytest.param(
        cand(
            date(1987, 5, 5),
            deg(M, "EE", "Springfield National University", date(2012, 7, 1)),
            positions=(
                Position(
                    "Lecturer",
                    PositionKind.TEACHING,
                    "Springfield National University",
                    "Electrical Engineering",
                    date(2013, 9, 1),
                    None,
                ),
            ),
        ),
        Outcome.DOUBTFUL,
        id="T13-unranked-lecturer-38",
    ),
]


@pytest.mark.parametrize(("candidate", "expected"), SCREENING_MD_EXAMPLES)
def test_screening_md_examples(candidate: Candidate, expected: Outcome) -> None:
    result = screen(candidate, as_of=AS_OF)
    assert result.k_visa.outcome is expected, result.k_visa.reasons


@pytest.mark.parametrize(("candidate", "expected"), SOURCES_SECTION_6)
def test_sources_section_6_cases(candidate: Candidate, expected: Outcome) -> None:
    result = screen(candidate, as_of=AS_OF)
    assert result.k_visa.outcome is expected, result.k_visa.reasons


def test_t16_phd_aged_38_in_chengdu_a_r_and_k_review() -> None:
    c = Candidate(
        id="t16",
        date_of_birth=date(1987, 6, 1),
        degrees=(deg(D, "Physics", "Sichuan University", date(2014, 7, 1)),),
        positions=(),
        years_experience=8,
        hsk_level=4,
        former_chinese_national=False,
        fortune500_experience=True,
        patents=0,
        years_working_in_china=0,
        talent_programme=False,
        major_award=False,
    )
    result = screen(c, as_of=AS_OF, offer=Offer(500_000, "Chengdu", 12, True))
    assert result.work_permit is not None
    assert result.r_visa is not None
    assert result.work_permit.points == 100
    assert (result.work_permit.category, result.work_permit.outcome) == (
        "A",
        Outcome.LIKELY,
    )
    assert result.r_visa.outcome is Outcome.LIKELY
    assert result.k_visa.outcome is Outcome.POSSIBLE  # age 38


def test_t21_fresh_top100_master_k_and_b_likely() -> None:
    c = Candidate(
        id="t21",
        date_of_birth=date(2001, 3, 1),
        degrees=(
            Degree(
                M,
                "Computer Science",
                "0812",
                "Heidelberg University",
                date(2025, 7, 1),
                grade_pct=86,
            ),
        ),
        positions=(),
        years_experience=0,
        hsk_level=0,
        former_chinese_national=False,
        fortune500_experience=False,
        patents=0,
        years_working_in_china=0,
        talent_programme=False,
        major_award=False,
    )
    result = screen(c, as_of=AS_OF, offer=Offer(200_000, "Hangzhou", 12, False))
    assert result.k_visa.outcome is Outcome.LIKELY
    assert result.work_permit is not None
    assert (result.work_permit.category, result.work_permit.outcome) == (
        "B",
        Outcome.LIKELY,
    )
