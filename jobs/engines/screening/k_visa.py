"""K-visa (young science and technology talent) rules, as SCREENING.md fixes them.

Pure: every function reads frozen facts, the configuration and an as-of date. The K
route has two alternative paths, a degree and a current teaching/research post: the
better path wins, then the age rule applies on top (worst of the two).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Final

from jobs.engines.screening.config import (
    K_DEGREE_DOCUMENT,
    K_EMBASSY_DOCUMENT,
    K_POST_DOCUMENT,
    RulesConfig,
)
from jobs.engines.screening.facts import (
    Candidate,
    Degree,
    DegreeLevel,
    Position,
    PositionKind,
    completed_years,
)
from jobs.engines.screening.fields import StemStatus
from jobs.engines.screening.lookups import Lookups, Tier
from jobs.engines.screening.outcomes import (
    K_AGE,
    K_DEGREE,
    K_FIELD,
    K_INSTITUTION,
    K_POSITION,
    Outcome,
    Phrase,
    RulePart,
    RuleResult,
    worst,
)
from jobs.engines.screening.results import RouteResult, collect_hints

if TYPE_CHECKING:
    from jobs.engines.screening.institutions import Institution

LIKELY, POSSIBLE, UNKNOWN = Outcome.LIKELY, Outcome.POSSIBLE, Outcome.UNKNOWN
DOUBTFUL, UNLIKELY = Outcome.DOUBTFUL, Outcome.UNLIKELY

NOTE_NO_SPONSOR: Final = (
    "No Chinese employer or inviting organisation is needed to apply for a K visa."
)
NOTE_WORK_RIGHTS: Final = (
    "Whether a K-visa holder may take salaried work in China without a work permit "
    "is not confirmed, so check the work-permit estimate for any job you plan to take."
)
NOTE_OFFICIAL: Final = (
    "This is a pre-screen, not legal advice: the official K-visa conditions are "
    "published by Chinese embassies and consulates."
)
K_NOTES: Final = (NOTE_NO_SPONSOR, NOTE_WORK_RIGHTS, NOTE_OFFICIAL)

_LEVEL_NAMES: Final[dict[DegreeLevel, str]] = {
    DegreeLevel.NONE: "no degree",
    DegreeLevel.ASSOCIATE: "associate degree",
    DegreeLevel.BACHELOR: "bachelor's degree",
    DegreeLevel.MASTER: "master's degree",
    DegreeLevel.DOCTORATE: "doctorate",
}
_PATH_KINDS: Final = frozenset({PositionKind.TEACHING, PositionKind.RESEARCH})


def check_age(*, born: date | None, as_of: date, config: RulesConfig) -> RuleResult:
    """K-AGE: completed years against the configured (unofficial) age bands."""
    if born is None:
        return RuleResult(
            K_AGE,
            UNKNOWN,
            "We need your date of birth: the K visa has an age requirement.",
            "Add your date of birth.",
            code="k_age.unknown",
        )
    age = completed_years(born, as_of)
    if age < 0:
        return RuleResult(
            K_AGE,
            UNKNOWN,
            "Your date of birth is after the screening date, so we cannot work out "
            "your age.",
            "Check your date of birth.",
            code="k_age.future",
        )
    if age < config.k_age_min:
        return RuleResult(
            K_AGE,
            POSSIBLE,
            f"You are {age}. No official minimum age is published; commentary "
            f"reports {config.k_age_min}, so this needs review.",
            f"Re-screen when you turn {config.k_age_min}.",
            code="k_age.young",
            params=(("age", age), ("min", config.k_age_min)),
        )
    if age <= config.k_age_core_max:
        return RuleResult(
            K_AGE,
            LIKELY,
            f"You are {age}, within every age range reported so far.",
            code="k_age.core",
            params=(("age", age),),
        )
    if age <= config.k_age_max:
        return RuleResult(
            K_AGE,
            POSSIBLE,
            f"You are {age}. The official age limit is not published; commentary "
            f"reports {config.k_age_max}, so this needs review.",
            code="k_age.review",
            params=(("age", age), ("max", config.k_age_max)),
        )
    return RuleResult(
        K_AGE,
        DOUBTFUL,
        f"You are {age}, older than the {config.k_age_max} commonly reported as the "
        "limit. The official limit is not published, so this needs review.",
        code="k_age.old",
        params=(("age", age), ("max", config.k_age_max)),
    )


def check_degree_level(degree: Degree, *, as_of: date) -> RuleResult:
    """K-DEGREE for one degree: bachelor's or higher, already conferred."""
    level = degree.level
    if level is None:
        return RuleResult(
            K_DEGREE,
            UNKNOWN,
            "We need the level of your degree (bachelor's, master's, doctorate).",
            "Add the level of your degree.",
            code="k_degree.unknown",
        )
    name = _LEVEL_NAMES[level]
    if level.rank < DegreeLevel.BACHELOR.rank:
        return RuleResult(
            K_DEGREE,
            UNLIKELY,
            f"Your highest listed qualification ({name}) is below the bachelor's "
            "degree the K visa asks for.",
            code="k_degree.below",
            params=(("level", level.value),),
        )
    if degree.conferred is None:
        return RuleResult(
            K_DEGREE,
            UNLIKELY,
            f"Your {name} has not been conferred yet; only a degree already awarded "
            "counts.",
            "Screen again once your degree has been conferred.",
            code="k_degree.not_conferred",
            params=(("level", level.value),),
        )
    if degree.conferred > as_of:
        return RuleResult(
            K_DEGREE,
            UNLIKELY,
            f"Your {name} is expected on {degree.conferred.isoformat()}; only a "
            "degree already awarded counts.",
            f"Screen again after {degree.conferred.isoformat()}.",
            code="k_degree.expected",
            params=(("level", level.value), ("date", degree.conferred.isoformat())),
        )
    return RuleResult(
        K_DEGREE,
        LIKELY,
        f"You hold a {name} (conferred {degree.conferred.year}), which meets the "
        "bachelor's-or-higher requirement.",
        code="k_degree.met",
        params=(("level", level.value), ("year", degree.conferred.year)),
    )


def check_field(
    field: str | None, code: str | None, *, lookups: Lookups, subject: str
) -> RuleResult:
    """K-FIELD: the discipline of a degree or post against the STEM configuration."""
    key = (K_FIELD, field, code, subject)
    hit = lookups.memo.get(key)
    if hit is not None:
        return hit
    result = _check_field(field, code, lookups=lookups, subject=subject)
    lookups.remember(key, result)
    return result


def _check_field(
    field: str | None, code: str | None, *, lookups: Lookups, subject: str
) -> RuleResult:
    if not field and not code:
        return RuleResult(
            K_FIELD,
            UNKNOWN,
            f"We need the field of your {subject}: the K visa is for science, "
            "technology, engineering and mathematics (STEM).",
            f"Add the field of your {subject}.",
            code="k_field.unknown",
            params=(("subject", subject),),
        )
    status, label = lookups.field(field, code)
    shown = _field_name(field, code, label)
    if status is StemStatus.STEM:
        return RuleResult(
            K_FIELD,
            LIKELY,
            f"{shown} counts as science or engineering (STEM).",
            code="k_field.stem",
            params=(("field", shown),),
        )
    if status is StemStatus.AMBIGUOUS:
        return RuleResult(
            K_FIELD,
            POSSIBLE,
            f"{shown} is not clearly inside science, technology, engineering or "
            "mathematics, and no official list exists, so this needs review.",
            code="k_field.ambiguous",
            params=(("field", shown),),
        )
    if status is StemStatus.NON_STEM:
        return RuleResult(
            K_FIELD,
            UNLIKELY,
            f"{shown} is not a science, technology, engineering or mathematics field, "
            "and the K visa is for STEM fields.",
            code="k_field.non_stem",
            params=(("field", shown),),
        )
    return RuleResult(
        K_FIELD,
        POSSIBLE,
        f"We could not match “{field or code}” to a discipline, so whether it counts "
        "as STEM needs review.",
        "Add the discipline code of your field (for example 0812 for computer "
        "science) or its usual English name.",
        code="k_field.unmatched",
        params=(("field", field or code or ""),),
    )


def check_institution(
    name: str | None, *, lookups: Lookups, subject: str
) -> RuleResult:
    """K-INSTITUTION: is the degree's or post's institution "well-known" (tiered)."""
    key = (K_INSTITUTION, name, subject)
    hit = lookups.memo.get(key)
    if hit is not None:
        return hit
    result = _check_institution(name, lookups=lookups, subject=subject)
    lookups.remember(key, result)
    return result


def _check_institution(
    name: str | None, *, lookups: Lookups, subject: str
) -> RuleResult:
    if not name or not name.strip():
        return RuleResult(
            K_INSTITUTION,
            UNKNOWN,
            f"We need the institution of your {subject}: it must be a well-known "
            "university or research institution.",
            f"Add the institution of your {subject}.",
            code="k_institution.unknown",
            params=(("subject", subject),),
        )
    inst = lookups.institution(name)
    if inst is None:
        return RuleResult(
            K_INSTITUTION,
            DOUBTFUL,
            f"We could not find “{name}” among the institutions we treat as "
            "well-known (the QS, ARWU and THE world rankings, China's Double "
            "First-Class list, national research institutes). “Well-known” is not "
            "officially defined, so this needs review.",
            "If your institution has another official or English name, enter that.",
            code="k_institution.not_found",
            params=(("name", name),),
        )
    tier = lookups.tier(inst)
    why, why_phrase = _tier_reason(inst, lookups.config)
    named = (("name", inst.name), ("why", why_phrase))
    if tier is Tier.TIER1:
        return RuleResult(
            K_INSTITUTION,
            LIKELY,
            f"{inst.name} is well-known: {why}.",
            code="k_institution.tier1",
            params=named,
        )
    if tier is Tier.TIER2:
        return RuleResult(
            K_INSTITUTION,
            POSSIBLE,
            f"{inst.name} is {why}; “well-known” is not officially defined, so this "
            "needs review.",
            code="k_institution.tier2",
            params=named,
        )
    return RuleResult(
        K_INSTITUTION,
        DOUBTFUL,
        f"{inst.name} is not in the top {lookups.config.tier2_max_rank} of the world "
        "rankings we use, nor on China's national lists. “Well-known” is not "
        "officially defined, so this needs review.",
        code="k_institution.tier3",
        params=(("name", inst.name), ("max", lookups.config.tier2_max_rank)),
    )


def _tier_reason(inst: Institution, config: RulesConfig) -> tuple[str, Phrase]:
    rank = inst.rank_best
    if rank is not None and rank <= config.tier1_max_rank:
        return _rank_text(inst)
    if config.double_first_class_is_tier1 and inst.double_first_class:
        return "it is on China's Double First-Class list", Phrase(
            "k_institution.why.double_first_class"
        )
    if config.national_research_is_tier1 and inst.national_research:
        return "it is a national research institution", Phrase(
            "k_institution.why.national_research"
        )
    if rank is not None:
        return _rank_text(inst)
    return "not ranked", Phrase("k_institution.why.not_ranked")


def _rank_text(inst: Institution) -> tuple[str, Phrase]:
    band = inst.rank_band or str(inst.rank_best)
    source = " ".join(
        part for part in (inst.ranking, str(inst.ranking_year or "")) if part
    )
    if source:
        return f"ranked {band} in {source}", Phrase(
            "k_institution.why.ranked_in", (("band", band), ("source", source))
        )
    return f"ranked {band}", Phrase("k_institution.why.ranked", (("band", band),))


def _field_name(field: str | None, code: str | None, label: str) -> str:
    if field and label and label.casefold() != field.casefold():
        return f"{field} ({label})"
    return field or label or code or "This field"


@dataclass(frozen=True, slots=True)
class _Path:
    """One evaluated path candidate: its outcome and the rule results behind it."""

    outcome: Outcome
    rank_key: tuple[int, ...]
    main: RuleResult  # K-DEGREE or K-POSITION for this candidate
    field: RuleResult
    institution: RuleResult


def _degree_paths(
    degrees: tuple[Degree, ...], *, as_of: date, lookups: Lookups
) -> list[_Path]:
    paths = []
    for d in degrees:
        level_r = check_degree_level(d, as_of=as_of)
        field_r = check_field(
            d.field, d.discipline_code, lookups=lookups, subject="degree"
        )
        inst_r = check_institution(d.institution, lookups=lookups, subject="degree")
        outcome = worst(level_r.outcome, field_r.outcome, inst_r.outcome)
        level_rank = d.level.rank if d.level is not None else -1
        key = (
            outcome.rank,
            field_r.outcome.rank + inst_r.outcome.rank,
            level_rank,
        )
        paths.append(_Path(outcome, key, level_r, field_r, inst_r))
    return paths


def _position_paths(
    positions: tuple[Position, ...],
    *,
    as_of: date,
    lookups: Lookups,
    has_degree: bool,
) -> list[_Path]:
    paths = []
    for p in positions:
        if not p.is_current(as_of):
            continue
        if p.kind is None:
            main = RuleResult(
                K_POSITION,
                UNKNOWN,
                f"We need to know whether your post “{p.title or p.organisation}” "
                "is a teaching or research post.",
                "Say what kind of post each current position is.",
                code="k_position.kind_unknown",
                params=(("post", p.title or p.organisation or ""),),
            )
            paths.append(_Path(UNKNOWN, (UNKNOWN.rank, 0), main, main, main))
            continue
        if p.kind not in _PATH_KINDS:
            continue
        where = p.organisation or "your institution"
        held = (
            ("kind", p.kind.value),
            ("where", p.organisation or Phrase("k_position.your_institution")),
        )
        if has_degree:
            main = RuleResult(
                K_POSITION,
                LIKELY,
                f"You hold a current {p.kind.value} post at {where}.",
                code="k_position.held",
                params=held,
            )
        else:
            main = RuleResult(
                K_POSITION,
                POSSIBLE,
                f"You hold a current {p.kind.value} post at {where}, but no conferred "
                "bachelor's degree. The official text does not say whether this route "
                "also needs a degree, so this needs review.",
                code="k_position.held_without_degree",
                params=held,
            )
        field_r = check_field(p.field, None, lookups=lookups, subject="post")
        inst_r = check_institution(p.organisation, lookups=lookups, subject="post")
        outcome = worst(main.outcome, field_r.outcome, inst_r.outcome)
        key = (outcome.rank, field_r.outcome.rank + inst_r.outcome.rank)
        paths.append(_Path(outcome, key, main, field_r, inst_r))
    return paths


def _pick(paths: list[_Path]) -> _Path | None:
    # Ties broken on the rule results' content, so the input order never matters.
    if not paths:
        return None
    return max(
        paths,
        key=lambda p: (
            p.rank_key,
            p.main.message,
            p.field.message,
            p.institution.message,
        ),
    )


def _as_rule(result: RuleResult, rule: str) -> RuleResult:
    """Re-label a path's stand-in result (no degree, unknown post) under `rule`."""
    if result.rule == rule:
        return result
    return RuleResult(
        rule,
        result.outcome,
        result.message,
        result.hint,
        code=result.code,
        params=result.params,
    )


def _is_stand_in(path: _Path) -> bool:
    """A path made of one result: no degree listed, no post, or a post of unknown kind."""
    return path.main is path.field


def _degree_reasons(path: _Path) -> tuple[RuleResult, RuleResult, RuleResult]:
    """K-DEGREE, K-FIELD and K-INSTITUTION, all about the degree that decided the
    degree route (whichever route decided the visa)."""
    if not _is_stand_in(path):
        return (
            replace(path.main, route="degree"),
            replace(_as_rule(path.field, K_FIELD), route="degree"),
            replace(_as_rule(path.institution, K_INSTITUTION), route="degree"),
        )
    none = path.main
    if none.outcome is UNKNOWN:
        field_msg = "We need your degrees to check the field of your degree."
        inst_msg = "We need your degrees to check the institution of your degree."
        field_code, inst_code = (
            "k_field.degrees_unknown",
            "k_institution.degrees_unknown",
        )
    else:
        field_msg = "No degree is listed, so there is no degree field to check."
        inst_msg = "No degree is listed, so there is no degree institution to check."
        field_code, inst_code = "k_field.no_degree", "k_institution.no_degree"
    return (
        replace(none, route="degree"),
        RuleResult(K_FIELD, none.outcome, field_msg, route="degree", code=field_code),
        RuleResult(
            K_INSTITUTION, none.outcome, inst_msg, route="degree", code=inst_code
        ),
    )


_POST_PARTS: Final = (
    ("kind", "Post"),
    ("field", "Field"),
    ("institution", "Institution"),
)


def _position_reason(path: _Path) -> RuleResult:
    """K-POSITION about the post that decided the teaching/research route: its kind,
    field and institution, each with its own outcome (in `parts` and the message)."""
    if _is_stand_in(path):
        return replace(_as_rule(path.main, K_POSITION), route="position")
    checks = (path.main, path.field, path.institution)
    parts = tuple(
        RulePart(aspect, r.outcome, r.message, r.hint, code=r.code, params=r.params)
        for (aspect, _), r in zip(_POST_PARTS, checks, strict=True)
    )
    message = " ".join(
        f"{label} ({r.outcome.value}): {r.message}"
        for (_, label), r in zip(_POST_PARTS, checks, strict=True)
    )
    hint = next((p.hint for p in parts if p.hint and p.outcome is not LIKELY), "")
    return RuleResult(
        K_POSITION, path.outcome, message, hint, route="position", parts=parts
    )


def screen_k_visa(
    candidate: Candidate, *, as_of: date, lookups: Lookups
) -> RouteResult:
    """Screen the K visa: best of the degree and post paths, then age on top."""
    config = lookups.config
    age_r = check_age(born=candidate.date_of_birth, as_of=as_of, config=config)
    degrees = candidate.degrees
    has_degree = _has_degree(candidate, as_of)

    deg_path = _pick(_degree_paths(degrees or (), as_of=as_of, lookups=lookups))
    if deg_path is None:
        if degrees is None:
            none = RuleResult(
                K_DEGREE,
                UNKNOWN,
                "We need your degrees: the K visa asks for a bachelor's degree or "
                "higher (or a teaching or research post).",
                "Add your degrees.",
                code="k_degree.degrees_unknown",
            )
        else:
            none = RuleResult(
                K_DEGREE,
                UNLIKELY,
                "You have not listed a degree; the degree route needs a bachelor's "
                "degree or higher.",
                code="k_degree.none_listed",
            )
        deg_path = _Path(none.outcome, (none.outcome.rank,), none, none, none)

    positions = candidate.positions
    pos_path = _pick(
        _position_paths(
            positions or (), as_of=as_of, lookups=lookups, has_degree=has_degree
        )
    )
    if pos_path is None:
        if positions is None:
            none = RuleResult(
                K_POSITION,
                UNKNOWN,
                "We do not know your current positions; a teaching or research post "
                "at a well-known institution is the alternative to the degree route.",
                "Add your current position.",
                code="k_position.positions_unknown",
            )
        else:
            none = RuleResult(
                K_POSITION,
                UNLIKELY,
                "You have no current teaching or research post, the alternative to "
                "the degree route.",
                code="k_position.none",
            )
        pos_path = _Path(none.outcome, (none.outcome.rank,), none, none, none)

    # The degree path wins ties: it rests on the firmer half of the official text.
    if deg_path.outcome.rank >= pos_path.outcome.rank:
        decided, other, path_outcome = "degree", "position", deg_path.outcome
    else:
        decided, other, path_outcome = "position", "degree", pos_path.outcome
    # A passing route makes the other one irrelevant (age applies to both, so it
    # cannot rescue anything): the page shows it as "not needed", not as a failure.
    not_needed = other if path_outcome is LIKELY else ""

    outcome = worst(path_outcome, age_r.outcome)
    degree_r, field_r, inst_r = _degree_reasons(deg_path)
    reasons = (
        replace(age_r, route="both"),
        degree_r,
        field_r,
        inst_r,
        _position_reason(pos_path),
    )
    return RouteResult(
        outcome=outcome,
        reasons=reasons,
        checklist=checklist_for(
            config,
            has_degree=has_degree,
            has_post=any(
                p.kind in _PATH_KINDS and p.is_current(as_of) for p in positions or ()
            ),
        ),
        hints=collect_hints(tuple(r for r in reasons if r.route != not_needed)),
        notes=K_NOTES,
        decided_by=decided,
        not_needed=not_needed,
    )


def k_checklist(
    candidate: Candidate, *, as_of: date, config: RulesConfig
) -> tuple[str, ...]:
    """Documents to prepare: the basics, then degree and/or post proof, then extras."""
    has_degree = _has_degree(candidate, as_of)
    has_post = any(
        p.kind in _PATH_KINDS and p.is_current(as_of) for p in candidate.positions or ()
    )
    return checklist_for(config, has_degree=has_degree, has_post=has_post)


def _has_degree(candidate: Candidate, as_of: date) -> bool:
    bachelor = DegreeLevel.BACHELOR.rank
    return any(
        d.level is not None and d.level.rank >= bachelor and d.is_conferred(as_of)
        for d in candidate.degrees or ()
    )


def checklist_for(
    config: RulesConfig, *, has_degree: bool, has_post: bool
) -> tuple[str, ...]:
    """The K document checklist for a profile with or without a degree and a post."""
    items = list(config.k_checklist)
    if has_degree:
        items.append(K_DEGREE_DOCUMENT)
    if has_post:
        items.append(K_POST_DOCUMENT)
    if not has_degree and not has_post:
        items.append(
            f"{K_DEGREE_DOCUMENT}, or {K_POST_DOCUMENT[0].lower()}{K_POST_DOCUMENT[1:]}"
        )
    items.append(K_EMBASSY_DOCUMENT)
    return tuple(items)
