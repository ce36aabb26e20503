"""The candidate facts the screening rules read: frozen, every fact optional."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class DegreeLevel(StrEnum):
    """Highest qualification of one degree entry, lowest first."""

    NONE = "none"
    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"

    @property
    def rank(self) -> int:
        """0 for none up to 4 for a doctorate."""
        return _LEVEL_RANK[self]


_LEVEL_RANK: dict[DegreeLevel, int] = {lv: i for i, lv in enumerate(DegreeLevel)}


class PositionKind(StrEnum):
    """What a position mainly is; only teaching and research open the K post path."""

    TEACHING = "teaching"
    RESEARCH = "research"
    ENGINEERING = "engineering"
    MANAGEMENT = "management"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Degree:
    """One degree. `conferred` None means not yet conferred (pending)."""

    level: DegreeLevel | None = None
    field: str | None = None
    discipline_code: str | None = None
    institution: str | None = None
    conferred: date | None = None
    taught_in_chinese: bool | None = None
    grade_pct: float | None = None

    def is_conferred(self, as_of: date) -> bool:
        """True when the degree was awarded on or before `as_of`."""
        return self.conferred is not None and self.conferred <= as_of


@dataclass(frozen=True, slots=True)
class Position:
    """One position held; `end` None means it is ongoing."""

    title: str | None = None
    kind: PositionKind | None = None
    organisation: str | None = None
    field: str | None = None
    start: date | None = None
    end: date | None = None

    def is_current(self, as_of: date) -> bool:
        """True when the post has started (or the start is unknown) and not ended."""
        started = self.start is None or self.start <= as_of
        return started and (self.end is None or self.end >= as_of)


@dataclass(frozen=True, slots=True)
class Offer:
    """A role or offer in China: what the work-permit estimate needs from the job."""

    salary_cny_annual: float | None = None
    city: str | None = None
    months_per_year_in_china: float | None = None
    inviting_unit: bool | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate's facts. None always means "not given", never "no"."""

    id: str | None = None
    date_of_birth: date | None = None
    nationality: str | None = None
    # None = not given; () = the candidate says there are none.
    degrees: tuple[Degree, ...] | None = None
    positions: tuple[Position, ...] | None = None
    years_experience: float | None = None
    hsk_level: int | None = None
    former_chinese_national: bool | None = None
    fortune500_experience: bool | None = None
    patents: int | None = None
    years_working_in_china: float | None = None
    talent_programme: bool | None = None
    major_award: bool | None = None


def completed_years(born: date, as_of: date) -> int:
    """Age in completed years on `as_of` (negative if born after it)."""
    before_birthday = (as_of.month, as_of.day) < (born.month, born.day)
    return as_of.year - born.year - (1 if before_birthday else 0)
