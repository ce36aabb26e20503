"""Matching weights and partial-credit levels, as one frozen, editable config."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Final

COMPONENT_NAMES: Final[tuple[str, ...]] = (
    "skills",
    "field",
    "degree",
    "experience",
    "languages",
    "city",
    "salary",
)

# Discipline categories close enough for partial field credit (STEM cousins,
# economics/management, the humanities). Pairs are symmetric.
DEFAULT_RELATED_CATEGORIES: Final[frozenset[frozenset[str]]] = frozenset(
    frozenset(pair)
    for pair in (
        ("07", "08"),  # science / engineering
        ("07", "09"),  # science / agriculture
        ("07", "10"),  # science / medicine
        ("08", "09"),  # engineering / agriculture
        ("08", "14"),  # engineering / interdisciplinary
        ("07", "14"),  # science / interdisciplinary
        ("02", "12"),  # economics / management
        ("08", "12"),  # engineering / management (MS&E, industrial engineering)
        ("01", "06"),  # philosophy / history
        ("05", "06"),  # literature / history
        ("05", "13"),  # literature / arts
        ("03", "12"),  # law / management
        ("04", "05"),  # education / literature
    )
)


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """Component weights (any scale; the score is their weighted mean) and credits."""

    weight_skills: float = 35
    weight_field: float = 15
    weight_degree: float = 15
    weight_experience: float = 10
    weight_languages: float = 10
    weight_city: float = 5
    weight_salary: float = 10
    # top_matches drops pairs scoring below this (0..100).
    min_score: int = 40
    # A fact the role asks about but the candidate has not given.
    unknown_credit: float = 0.5
    # Skills: share of the skills score that preferred skills carry.
    preferred_share: float = 0.2
    sibling_credit: float = 0.5  # tensorflow for a pytorch requirement
    parent_credit: float = 0.25  # deep-learning for a pytorch requirement
    # Field of study.
    same_category_credit: float = 0.6  # 0809 for a 0812 requirement
    related_category_credit: float = 0.3  # 07 for an 08 requirement
    related_categories: frozenset[frozenset[str]] = DEFAULT_RELATED_CATEGORIES
    # Degree and English: one level below the requirement; two or more score 0.
    degree_one_below_credit: float = 0.5
    english_one_below_credit: float = 0.5
    # City: the candidate prefers other cities but is willing to relocate.
    relocate_credit: float = 0.6
    # Salary: the score falls linearly from 1 at salary_max to 0 at
    # salary_max * (1 + salary_over_tolerance).
    salary_over_tolerance: float = 0.5
    # How many component messages the one-line summary joins.
    summary_parts: int = 4

    def __post_init__(self) -> None:
        """Reject negative weights, a zero total, and credits outside 0..1."""
        weights = self.weights()
        if any(w < 0 for w in weights) or sum(weights) <= 0:
            raise ValueError("weights must be non-negative with a positive total")
        for f in fields(self):
            if f.name.endswith(("_credit", "_share")):
                value = getattr(self, f.name)
                if not 0 <= value <= 1:
                    raise ValueError(f"{f.name} must be between 0 and 1: {value!r}")
        if self.salary_over_tolerance <= 0:
            raise ValueError("salary_over_tolerance must be positive")
        if not 0 <= self.min_score <= 100:
            raise ValueError("min_score must be between 0 and 100")
        if self.summary_parts < 1:
            raise ValueError("summary_parts must be at least 1")

    def weights(self) -> tuple[float, ...]:
        """The component weights in COMPONENT_NAMES order."""
        return (
            self.weight_skills,
            self.weight_field,
            self.weight_degree,
            self.weight_experience,
            self.weight_languages,
            self.weight_city,
            self.weight_salary,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (related pairs as sorted lists) for storage and editing."""
        data: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        data["related_categories"] = sorted(sorted(p) for p in self.related_categories)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MatchConfig:
        """The inverse of to_dict; unknown keys are an error."""
        data = dict(data)
        if "related_categories" in data:
            data["related_categories"] = frozenset(
                frozenset(pair) for pair in data["related_categories"]
            )
        return cls(**data)


DEFAULT_MATCH_CONFIG: Final = MatchConfig()
