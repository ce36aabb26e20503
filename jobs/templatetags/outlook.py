"""Template filters for visa outcomes, and the K visa's two routes for the outlook."""

from django import template
from django.utils.translation import gettext_lazy as _

from jobs.engines.screening.outcomes import Outcome, worst
from jobs.models import OutcomeChoices
from jobs.web import reasons

register = template.Library()

_CSS = {
    "likely": "success",
    "possible": "info",
    "unknown": "secondary",
    "doubtful": "warning",
    "unlikely": "danger",
}

ROUTE_TITLES = {
    "degree": _("Degree route"),
    "position": _("Teaching or research post route"),
}
# What each line of a route block is about (rule ids, and K-POSITION's parts).
LINE_LABELS = {
    "K-AGE": _("Age"),
    "K-DEGREE": _("Degree"),
    "K-FIELD": _("Field"),
    "K-INSTITUTION": _("Institution"),
    "K-POSITION": _("Post"),
    "WP-POINTS": _("Points"),
    "WP-A": _("Category A"),
    "WP-B": _("Category B"),
    "R": _("R visa"),
    "kind": _("Post"),
    "field": _("Field"),
    "institution": _("Institution"),
}


@register.filter
def outcome_css(outcome: str) -> str:
    """Bootstrap colour name for an outcome code."""
    return _CSS.get(outcome, "secondary")


@register.filter
def outcome_label(outcome: str) -> str:
    # str(): the labels are lazy; also a CSV cell (jobs.selectors.exports).
    try:
        return str(OutcomeChoices(outcome).label)
    except ValueError:
        return outcome


@register.filter
def line_label(rule: str) -> str:
    """What a reason is about, in words (the rule code goes to the details line)."""
    return str(LINE_LABELS.get(rule, rule))


@register.filter
def route_title(route: str) -> str:
    return str(ROUTE_TITLES.get(route, route))


def _line(item: dict, key: str) -> dict:
    return {
        "label": LINE_LABELS.get(item.get(key, ""), ""),
        "outcome": item.get("outcome", ""),
        "message": reasons.message(item),
        "hint": reasons.hint(item),
    }


@register.filter
def reason_message(reason: dict) -> str:
    """A stored reason in the reader's language (its English when it has no id)."""
    return reasons.message(reason)


@register.filter
def reason_hint(reason: dict) -> str:
    return reasons.hint(reason)


@register.filter
def verdict_text(english: str) -> str:
    """A checklist item or note in the reader's language (as written if unknown)."""
    return reasons.text(english)


@register.filter
def route_hints(route: dict) -> list[str]:
    """What would change a stored route's verdict, in the reader's language."""
    return reasons.hints(route)


@register.filter
def points_factor(name: str) -> str:
    return reasons.factor(name)


@register.filter
def points_detail(line: dict) -> str:
    return reasons.detail(line)


def _route_outcome(reasons: list[dict]) -> str:
    outcomes = []
    for r in reasons:
        try:
            outcomes.append(Outcome(r.get("outcome", "")))
        except ValueError:
            continue
    return worst(*outcomes).value if outcomes else ""


@register.filter
def k_routes(k_visa: dict) -> dict | None:
    """The stored K result as the outlook shows it: the age line, then one block per
    route, the deciding route first; the other is `not_needed` when the first passes.

    None for a verdict stored before reasons named their route (the page then lists
    the reasons as they are, until the next screen replaces it).
    """
    reasons = k_visa.get("reasons") or []
    if not reasons or not all(r.get("route") for r in reasons):
        return None
    by_route: dict[str, list[dict]] = {"degree": [], "position": []}
    age = [r for r in reasons if r["route"] == "both"]
    for r in reasons:
        if r["route"] in by_route:
            by_route[r["route"]].append(r)
    outcomes = {route: _route_outcome(rs) for route, rs in by_route.items()}
    decided = k_visa.get("decided_by")
    if decided not in by_route:
        # Older stored shape: the same rule as the engine (best route, degree on ties).
        rank = {o.value: o.rank for o in Outcome}
        decided = (
            "degree"
            if rank.get(outcomes["degree"], -1) >= rank.get(outcomes["position"], -1)
            else "position"
        )
    not_needed = k_visa.get("not_needed", "")
    if "not_needed" not in k_visa and outcomes[decided] == Outcome.LIKELY.value:
        not_needed = "position" if decided == "degree" else "degree"
    blocks = []
    for route in (decided, *(r for r in by_route if r != decided)):
        lines: list[dict] = []
        for r in by_route[route]:
            if r.get("parts"):
                lines.extend(_line(p, "aspect") for p in r["parts"])
            else:
                lines.append(_line(r, "rule"))
        blocks.append(
            {
                "route": route,
                "title": ROUTE_TITLES.get(route, route),
                "outcome": outcomes[route],
                "deciding": route == decided,
                "not_needed": route == not_needed,
                "lines": lines,
            }
        )
    return {
        "age": [_line(r, "rule") for r in age],
        "blocks": blocks,
        "decided_title": ROUTE_TITLES.get(decided, decided),
    }


@register.filter
def match_reason(component: dict) -> str:
    """A stored match component's message in the reader's language."""
    return reasons.message(component)


@register.filter
def match_component(name: str) -> str:
    return reasons.component_name(name)


@register.filter
def match_summary(match) -> str:
    """A stored match's summary line in the reader's language."""
    return reasons.match_summary(match)
