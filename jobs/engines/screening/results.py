"""Frozen result types a screen returns."""

from __future__ import annotations

from dataclasses import dataclass

from jobs.engines.screening.outcomes import Outcome, RuleResult
from jobs.engines.screening.points import PointsLine


@dataclass(frozen=True, slots=True)
class RouteResult:
    """One route's verdict (K visa or R visa): outcome, one reason a rule, extras.

    `hints` gathers, in rule order, what would change a non-`likely` verdict;
    `notes` are the statements always shown with the route. For the K visa,
    `decided_by` names the route ("degree" or "position") whose outcome decided, and
    `not_needed` the other one when the deciding route passes (it then cannot matter).
    """

    outcome: Outcome
    reasons: tuple[RuleResult, ...]
    checklist: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    decided_by: str = ""
    not_needed: str = ""

    def holding_back(self) -> tuple[RuleResult, ...]:
        """Reasons that did not pass, leaving out a route that is not needed."""
        return tuple(
            r
            for r in self.reasons
            if r.outcome is not Outcome.LIKELY
            and not (self.not_needed and r.route == self.not_needed)
        )


@dataclass(frozen=True, slots=True)
class WorkPermitResult:
    """Work-permit estimate for one role: points, category and the reasons."""

    points: int  # without the provincial bonus
    points_max: int  # with the maximum provincial bonus
    category: str | None  # "A", "B" or None (never "C": it is not inferred)
    outcome: Outcome
    reasons: tuple[RuleResult, ...]
    breakdown: tuple[PointsLine, ...]
    points_version: str
    hints: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """Everything one screen decides, with the rules version it was made under."""

    rules_version: str
    k_visa: RouteResult
    work_permit: WorkPermitResult | None = None
    r_visa: RouteResult | None = None


def collect_hints(reasons: tuple[RuleResult, ...]) -> tuple[str, ...]:
    """Unique hints of the rules that did not pass, in rule order."""
    seen: dict[str, None] = {}
    for r in reasons:
        if r.hint and r.outcome is not Outcome.LIKELY:
            seen.setdefault(r.hint, None)
        for part in r.parts:
            if part.hint and part.outcome is not Outcome.LIKELY:
                seen.setdefault(part.hint, None)
    return tuple(seen)
