"""Screening outcomes, their worst-to-best order, and the per-rule result."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final


class Outcome(StrEnum):
    """A rule's or route's verdict, declared worst to best (SCREENING.md order)."""

    UNLIKELY = "unlikely"
    DOUBTFUL = "doubtful"
    UNKNOWN = "unknown"
    POSSIBLE = "possible"
    LIKELY = "likely"

    @property
    def rank(self) -> int:
        """Position in the worst-to-best order: 0 is worst."""
        return _RANK[self]

    @property
    def label(self) -> str:
        """Short human label for templates."""
        return _LABELS[self]


_ORDER: Final[tuple[Outcome, ...]] = tuple(Outcome)
_RANK: Final[dict[Outcome, int]] = {o: i for i, o in enumerate(_ORDER)}
_LABELS: Final[dict[Outcome, str]] = {
    Outcome.UNLIKELY: "Unlikely",
    Outcome.DOUBTFUL: "Doubtful — needs review",
    Outcome.UNKNOWN: "Not enough information",
    Outcome.POSSIBLE: "Possibly eligible — needs review",
    Outcome.LIKELY: "Likely eligible",
}


def worst(*outcomes: Outcome) -> Outcome:
    """Return the worst of the given outcomes (a route's rules combine this way)."""
    if not outcomes:
        raise ValueError("worst() needs at least one outcome")
    return min(outcomes, key=_RANK.__getitem__)


def best(*outcomes: Outcome) -> Outcome:
    """Return the best of the given outcomes (alternative paths combine this way)."""
    if not outcomes:
        raise ValueError("best() needs at least one outcome")
    return max(outcomes, key=_RANK.__getitem__)


# Stable rule ids: stored verdicts and the JSON interface refer to these.
K_AGE: Final = "K-AGE"
K_DEGREE: Final = "K-DEGREE"
K_FIELD: Final = "K-FIELD"
K_INSTITUTION: Final = "K-INSTITUTION"
K_POSITION: Final = "K-POSITION"
WP_POINTS: Final = "WP-POINTS"
WP_A: Final = "WP-A"
WP_B: Final = "WP-B"
R: Final = "R"
# A reason's parameters: (name, value) pairs; a value is text, a number, a Phrase
# or a tuple of Phrases (a list the web layer joins in the reader's language).
Params = tuple[tuple[str, Any], ...]

RULE_IDS: Final[tuple[str, ...]] = (
    K_AGE,
    K_DEGREE,
    K_FIELD,
    K_INSTITUTION,
    K_POSITION,
    WP_POINTS,
    WP_A,
    WP_B,
    R,
)


@dataclass(frozen=True, slots=True)
class RuleResult:
    """One rule's verdict with a plain-English reason.

    `hint` says what would change the verdict ("add your date of birth",
    "re-screen after graduation"); it is empty when nothing the candidate can do
    would help or the rule already passes.
    """

    rule: str
    outcome: Outcome
    message: str
    hint: str = ""
    # K visa: which route the reason belongs to ("degree", "position", "both").
    route: str = ""
    # K-POSITION: the post's own checks (kind, field, institution), each with its
    # outcome, so the reason can say which part of the post holds it back.
    parts: tuple[RulePart, ...] = ()
    # The reason as a message id and its parameters, for the web layer to say in
    # the reader's language (jobs/web/reasons.py); `hint`'s id is `code + ".hint"`
    # with the same parameters. Empty for reasons not yet given an id: they are
    # shown as `message`. Parameters are language-neutral (numbers, ISO dates,
    # degree-level codes); `message` stays the English the file interface writes.
    code: str = ""
    params: Params = ()


@dataclass(frozen=True, slots=True)
class RulePart:
    """One checked aspect inside a reason (`kind`, `field`, `institution`)."""

    aspect: str
    outcome: Outcome
    message: str
    hint: str = ""
    code: str = ""
    params: Params = ()


@dataclass(frozen=True, slots=True)
class Phrase:
    """A piece of a reason as a message id and parameters (a parameter's value may
    itself be a phrase, or a tuple of phrases for a list), said by the web layer."""

    code: str
    params: Params = ()


def params_json(params: Params) -> dict[str, Any]:
    """Parameters as the stored (JSON) shape: a phrase becomes {code, params}."""
    return {key: _param_json(value) for key, value in params}


def phrase_json(phrase: Phrase) -> dict[str, Any]:
    """A phrase as the stored (JSON) shape."""
    return {"code": phrase.code, "params": params_json(phrase.params)}


def _param_json(value: Any) -> Any:
    if isinstance(value, Phrase):
        return {"code": value.code, "params": params_json(value.params)}
    if isinstance(value, tuple):
        return [_param_json(v) for v in value]
    return value
