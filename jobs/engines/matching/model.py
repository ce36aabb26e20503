"""Matching input and output: frozen dataclasses, validated on construction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, NamedTuple

if TYPE_CHECKING:
    from jobs.engines.screening.outcomes import Phrase

# Ordered lowest first; the rank is the index.
DEGREE_LEVELS: Final[tuple[str, ...]] = ("associate", "bachelor", "master", "doctorate")
ENGLISH_LEVELS: Final[tuple[str, ...]] = (
    "basic",
    "intermediate",
    "professional",
    "fluent",
    "native",
)
DEGREE_RANK: Final[dict[str, int]] = {name: i for i, name in enumerate(DEGREE_LEVELS)}
ENGLISH_RANK: Final[dict[str, int]] = {name: i for i, name in enumerate(ENGLISH_LEVELS)}
HSK_MAX: Final = 6


def _check_sets(obj: object, names: tuple[str, ...]) -> None:
    for name in names:
        value = getattr(obj, name)
        if not isinstance(value, frozenset):
            raise TypeError(f"{name} must be a frozenset, not {type(value).__name__}")


def _check_choice(name: str, value: str | None, allowed: dict[str, int]) -> None:
    if value is not None and value not in allowed:
        raise ValueError(f"{name} must be one of {sorted(allowed)} or None: {value!r}")


def _check_range(name: str, value: float | None, low: float, high: float) -> None:
    if value is not None and not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}: {value!r}")


@dataclass(frozen=True, slots=True)
class RoleRequirements:
    """What a role asks for; every requirement is optional."""

    role_id: int | str
    required_skills: frozenset[str] = frozenset()
    preferred_skills: frozenset[str] = frozenset()
    field_categories: frozenset[str] = frozenset()
    min_degree: str | None = None
    min_years: float | None = None
    english_level: str | None = None
    min_hsk: int | None = None
    city: str | None = None
    remote: bool = False
    salary_min: int | None = None
    salary_max: int | None = None

    def __post_init__(self) -> None:
        """Reject values the rules cannot read (wrong set type, unknown level)."""
        _check_sets(self, ("required_skills", "preferred_skills", "field_categories"))
        _check_choice("min_degree", self.min_degree, DEGREE_RANK)
        _check_choice("english_level", self.english_level, ENGLISH_RANK)
        _check_range("min_years", self.min_years, 0, 80)
        _check_range("min_hsk", self.min_hsk, 0, HSK_MAX)
        _check_range("salary_min", self.salary_min, 0, float("inf"))
        _check_range("salary_max", self.salary_max, 0, float("inf"))
        if (
            self.salary_min is not None
            and self.salary_max is not None
            and self.salary_min > self.salary_max
        ):
            raise ValueError("salary_min is above salary_max")


@dataclass(frozen=True, slots=True)
class CandidateSummary:
    """The facts about one candidate that matching reads; None means unknown."""

    candidate_id: int | str
    skills: frozenset[str] = frozenset()
    field_categories: frozenset[str] = frozenset()
    highest_degree: str | None = None
    years_experience: float | None = None
    english_level: str | None = None
    hsk_level: int | None = None
    desired_cities: frozenset[str] = frozenset()
    willing_to_relocate: bool = False
    salary_expectation: int | None = None

    def __post_init__(self) -> None:
        """Reject values the rules cannot read (wrong set type, unknown level)."""
        # The usual case in one expression, without a call: a published role builds
        # a summary for each of 100,000 cards, and the checks one by one were half
        # of that. They run only to say what is wrong.
        years, hsk, salary = (
            self.years_experience,
            self.hsk_level,
            self.salary_expectation,
        )
        if (
            isinstance(self.skills, frozenset)
            and isinstance(self.field_categories, frozenset)
            and isinstance(self.desired_cities, frozenset)
            and (self.highest_degree is None or self.highest_degree in DEGREE_RANK)
            and (self.english_level is None or self.english_level in ENGLISH_RANK)
            and (years is None or 0 <= years <= 80)
            and (hsk is None or 0 <= hsk <= HSK_MAX)
            and (salary is None or salary >= 0)
        ):
            return
        _check_sets(self, ("skills", "field_categories", "desired_cities"))
        _check_choice("highest_degree", self.highest_degree, DEGREE_RANK)
        _check_choice("english_level", self.english_level, ENGLISH_RANK)
        _check_range("years_experience", self.years_experience, 0, 80)
        _check_range("hsk_level", self.hsk_level, 0, HSK_MAX)
        _check_range("salary_expectation", self.salary_expectation, 0, float("inf"))


@dataclass(frozen=True, slots=True)
class Component:
    """One scored aspect of a match: score in 0..1, its weight, and why."""

    name: str  # stable id: skills, field, degree, experience, languages, city, salary
    score: float
    weight: float
    message: str  # one plain sentence, e.g. "5 of 6 required skills"
    # `message` as a message id and parameters, which jobs/web/reasons.py says in
    # the reader's language (values as the screening engine's: text, numbers,
    # Phrases).
    code: str = ""
    params: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The score of one (role, candidate) pair with every component explained."""

    role_id: int | str
    candidate_id: int | str
    score: int  # 0..100
    components: tuple[Component, ...]
    summary: str  # one line joining the most informative messages
    # The summary's parts as phrases, for the web layer to join.
    summary_phrases: tuple[Phrase, ...] = ()

    def component(self, name: str) -> Component:
        """The component with this name (KeyError if there is none)."""
        for item in self.components:
            if item.name == name:
                return item
        raise KeyError(name)


class Scored(NamedTuple):
    """A pair's score without its explanation: what a stored list keeps. The
    explanation is `explain(role, candidate)` again when a page shows the pair
    (the same arithmetic gives the same score)."""

    role_id: int | str
    candidate_id: int | str
    score: int
