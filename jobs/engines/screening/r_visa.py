"""R (talent) visa rule: category A and an inviting unit in China.

Source: 外专发〔2017〕218号 (visa-rules-sources.md §3).
"""

from __future__ import annotations

from typing import Final

from jobs.engines.screening.facts import Offer
from jobs.engines.screening.outcomes import Outcome, R, RuleResult, worst
from jobs.engines.screening.results import RouteResult, WorkPermitResult, collect_hints

R_CHECKLIST: Final[tuple[str, ...]] = (
    "Passport",
    "Completed visa application form",
    "Recent passport photo",
    "Confirmation Letter of Foreign High-end Talent (外国高端人才确认函), which the "
    "inviting unit obtains",
)


def screen_r_visa(work_permit: WorkPermitResult, offer: Offer) -> RouteResult:
    """R = worst of the category-A outcome and whether there is an inviting unit."""
    a_outcome = next(r.outcome for r in work_permit.reasons if r.rule == "WP-A")
    invite = offer.inviting_unit
    if invite is None:
        invite_outcome = Outcome.UNKNOWN
    else:
        invite_outcome = Outcome.LIKELY if invite else Outcome.UNLIKELY
    outcome = worst(a_outcome, invite_outcome)

    if outcome is Outcome.LIKELY:
        rule = RuleResult(
            R,
            outcome,
            "You meet category A and the role has an inviting unit in China, which "
            "applies for your talent confirmation letter.",
            code="r.likely",
        )
    elif invite is False:
        rule = RuleResult(
            R,
            outcome,
            "The R visa needs an inviting unit in China to apply for a talent "
            "confirmation letter, and this role has none.",
            "Ask whether the employer can act as inviting unit.",
            code="r.no_inviting_unit",
        )
    elif a_outcome is Outcome.LIKELY:
        rule = RuleResult(
            R,
            outcome,
            "You meet category A, but we do not know whether the role has an inviting "
            "unit in China, which the R visa needs.",
            "Ask whether the employer can act as inviting unit.",
            code="r.inviting_unit_unknown",
        )
    elif a_outcome is Outcome.POSSIBLE:
        rule = RuleResult(
            R,
            outcome,
            "The R visa needs category A, which for you depends on the provincial "
            "bonus points, so this needs review.",
            "Ask the employer whether the province awards bonus points for this role.",
            code="r.a_bonus",
        )
    elif a_outcome is Outcome.UNKNOWN:
        rule = RuleResult(
            R,
            outcome,
            "The R visa needs category A, which we cannot assess without more "
            "information.",
            "Add the missing facts to check category A.",
            code="r.a_unknown",
        )
    else:
        rule = RuleResult(
            R,
            outcome,
            "The R visa is for category A (high-end) talent, and no category A route "
            "holds for you in this role.",
            code="r.no_a",
        )
    reasons = (rule,)
    return RouteResult(
        outcome=outcome,
        reasons=reasons,
        checklist=R_CHECKLIST,
        hints=collect_hints(reasons),
    )
