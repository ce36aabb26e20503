"""The seven match components: each scores 0..1 and explains itself in plain words.

Pure Python: no Django, no database, no clock. Every rule is monotone in the
candidate's facts (more skills, a higher degree, more years, a better language level
or a lower salary expectation never lower a component). Credits live in MatchConfig.

skills (35)
    Each required and preferred skill earns a credit from `jobs.engines.matching.synonyms`:
    1 if the candidate has it or a more specific skill that fits it (PyTorch fits
    deep learning), 0.5 for a sibling (TensorFlow for PyTorch), 0.25 for the
    broader parent only (deep learning for PyTorch), else 0. R and P are the mean
    credits of the required and preferred skills (1 when the role lists none);
    the score is ``(1 - share) * R + share * P`` with share = 0.2, so required
    skills weigh four times as much as preferred ones. "5 of 6 required skills"
    counts full credits only; partial ones are named in the message.
field (15)
    Discipline codes of the China catalogue: categories ("08") and subjects
    ("0812"; longer specialty codes are cut to their subject). No field set: 1.
    The candidate holds a subject the role names, or is in a category the role
    names: 1. Same category as a subject the role names: 0.6. A related category
    (science/engineering and the other pairs in `DEFAULT_RELATED_CATEGORIES`):
    0.3. Otherwise 0. Candidate's field unknown: 0.5.
degree (15)
    associate < bachelor < master < doctorate. Meets or exceeds: 1; one level
    below: 0.5; two or more below: 0; unknown: 0.5; no requirement: 1.
experience (10)
    Meets ``min_years``: 1; below: years / min_years; unknown: 0.5; none asked: 1.
languages (10)
    The mean of the parts the role asks for. English (basic < intermediate <
    professional < fluent < native): meets: 1, one level below: 0.5, lower: 0.
    HSK: meets: 1, below: level / min_hsk. Unknown part: 0.5. None asked: 1.
city (5)
    Remote role or no city: 1. The candidate lists the city, or lists no city
    (open to any): 1. Lists other cities but is willing to relocate: 0.6.
    Lists only other cities: 0. City names compare case- and punctuation-blind.
salary (10)
    CNY per year. No range set: 1; expectation unknown: 0.5. Within the range: 1.
    Below the range: 1 too — the score asks whether the role can meet the
    candidate's expectation, and an expectation under the range is no obstacle
    (the message still says "below range" so the employer sees it). Above the
    maximum: falls linearly from 1 at the maximum to 0 at 50% above it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from jobs.engines.matching.config import MatchConfig
from jobs.engines.matching.model import (
    DEGREE_RANK,
    ENGLISH_LEVELS,
    ENGLISH_RANK,
    CandidateSummary,
    RoleRequirements,
)
from jobs.engines.matching.synonyms import (
    expand,
    related_skills,
    skill_credit,
    skill_label,
)
from jobs.engines.screening.fields import CATEGORIES, SUBJECTS
from jobs.engines.screening.outcomes import Phrase

_EMPTY: Final[frozenset[str]] = frozenset()
_DEGREE_NAMES: Final[dict[str, str]] = {
    "associate": "associate degree",
    "bachelor": "bachelor's",
    "master": "master's",
    "doctorate": "doctorate",
}

_SkillReq = tuple[tuple[str, frozenset[str], frozenset[str]], ...]


@dataclass(frozen=True, slots=True)
class CompiledRole:
    """A role's requirements turned into the sets and ranks the scorers read."""

    role: RoleRequirements
    config: MatchConfig
    weights: tuple[float, ...]
    weight_sum: float
    required: _SkillReq
    preferred: _SkillReq
    field_subjects: frozenset[str]
    field_categories: frozenset[str]
    field_subject_categories: frozenset[str]
    field_related: frozenset[str]
    degree_rank: int | None
    english_rank: int | None
    city_key: str | None
    # Every skill that can earn credit (the asked skills, siblings and parents).
    relevant_skills: frozenset[str]
    # Filled in by compile_role: the components the role constrains, and the
    # weighted score of the others (always full).
    active: tuple[
        tuple[float, Callable[[CompiledRole, CandidateSummary], float]], ...
    ] = ()
    constant: float = 0.0
    # Skills score by the candidate's relevant skills (many candidates share them).
    skills_memo: dict[frozenset[str], float] = field(default_factory=dict)


def city_key(name: str) -> str:
    """A city name folded for comparison: 'Xi'an' and 'xian' give 'xian'."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _skill_reqs(skills: frozenset[str]) -> _SkillReq:
    return tuple((s, *related_skills(s)) for s in sorted(skills))


def _split_codes(codes: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(subjects cut to 4 digits, categories including those of the subjects)."""
    subjects = frozenset(c[:4] for c in codes if len(c) > 2)
    categories = frozenset(c[:2] for c in codes)
    return subjects, categories


class _Memo[K, V](dict[K, V]):
    """`memo[key]` is `compute(key)`, computed once; the memo starts afresh when it
    holds `limit` entries, so a long-lived worker's memory stays bounded. A hit is
    a plain dict lookup, with no call and no closure: the scorers ask for every
    pair scored (a first batch scores 944,000)."""

    __slots__ = ("compute", "limit")

    def __init__(self, compute: Callable[[K], V], *, limit: int) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, key: K) -> V:
        value = self.compute(key)
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


_CANDIDATE_CODES: Final = _Memo(_split_codes, limit=100_000)


def _candidate_codes(codes: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    return _CANDIDATE_CODES[codes]


def compile_role(role: RoleRequirements, config: MatchConfig) -> CompiledRole:
    """Precompute everything about a role that does not depend on the candidate."""
    subjects, all_categories = _split_codes(role.field_categories)
    named_categories = frozenset(c for c in role.field_categories if len(c) <= 2)
    subject_categories = frozenset(s[:2] for s in subjects) - named_categories
    related = frozenset(
        other
        for pair in config.related_categories
        for other in pair
        if len(pair) == 2 and not pair.isdisjoint(all_categories)
    )
    weights = config.weights()
    required = _skill_reqs(role.required_skills)
    preferred = _skill_reqs(role.preferred_skills)
    relevant = frozenset(
        s for skill, sib, par in (*required, *preferred) for s in (skill, *sib, *par)
    )
    cr = CompiledRole(
        role=role,
        config=config,
        weights=weights,
        weight_sum=sum(weights),
        required=required,
        preferred=preferred,
        field_subjects=subjects,
        field_categories=named_categories,
        field_subject_categories=subject_categories,
        field_related=related - all_categories,
        degree_rank=None if role.min_degree is None else DEGREE_RANK[role.min_degree],
        english_rank=(
            None if role.english_level is None else ENGLISH_RANK[role.english_level]
        ),
        city_key=None if role.remote or not role.city else city_key(role.city),
        relevant_skills=relevant,
    )
    constrained = (
        bool(required or preferred),
        bool(role.field_categories),
        role.min_degree is not None,
        bool(role.min_years),
        role.english_level is not None or bool(role.min_hsk),
        cr.city_key is not None,
        role.salary_min is not None or role.salary_max is not None,
    )
    active = tuple(
        (weight, scorer)
        for weight, scorer, on in zip(weights, _SCORERS, constrained, strict=True)
        if on and weight
    )
    constant = sum(w for w, on in zip(weights, constrained, strict=True) if not on)
    object.__setattr__(cr, "active", active)
    object.__setattr__(cr, "constant", float(constant))
    return cr


# --- Scores -----------------------------------------------------------------------


def _credit_sum(reqs: _SkillReq, expanded: frozenset[str], cfg: MatchConfig) -> float:
    total = 0.0
    for skill, siblings, parents in reqs:
        if skill in expanded:
            total += 1.0
        elif not siblings.isdisjoint(expanded):
            total += cfg.sibling_credit
        elif not parents.isdisjoint(expanded):
            total += cfg.parent_credit
    return total


def skills_score(cr: CompiledRole, candidate: CandidateSummary) -> float:
    """Mean credit of the required skills, blended with the preferred ones."""
    if not cr.required and not cr.preferred:
        return 1.0
    # Only the relevant skills can change a credit, so the score is memoised on them.
    hits = expand(candidate.skills) & cr.relevant_skills
    score = cr.skills_memo.get(hits)
    if score is None:
        if len(cr.skills_memo) >= 200_000:
            cr.skills_memo.clear()
        score = cr.skills_memo[hits] = _skills_from(cr, hits)
    return score


def _skills_from(cr: CompiledRole, hits: frozenset[str]) -> float:
    cfg = cr.config
    req = _credit_sum(cr.required, hits, cfg) / len(cr.required) if cr.required else 1.0
    if not cr.preferred:
        return req
    pref = _credit_sum(cr.preferred, hits, cfg) / len(cr.preferred)
    return (1.0 - cfg.preferred_share) * req + cfg.preferred_share * pref


def field_score(cr: CompiledRole, candidate: CandidateSummary) -> float:
    """Exact subject or named category 1; same category, related, none; unknown."""
    if not cr.field_subjects and not cr.field_categories:
        return 1.0
    if not candidate.field_categories:
        return cr.config.unknown_credit
    subjects, categories = _candidate_codes(candidate.field_categories)
    if not cr.field_subjects.isdisjoint(subjects):
        return 1.0
    if not cr.field_categories.isdisjoint(categories):
        return 1.0
    if not cr.field_subject_categories.isdisjoint(categories):
        return cr.config.same_category_credit
    if not cr.field_related.isdisjoint(categories):
        return cr.config.related_category_credit
    return 0.0


def degree_score(cr: CompiledRole, candidate: CandidateSummary) -> float:
    """Meets or exceeds 1; one level below partial; lower 0; unknown neutral."""
    if cr.degree_rank is None:
        return 1.0
    if candidate.highest_degree is None:
        return cr.config.unknown_credit
    gap = cr.degree_rank - DEGREE_RANK[candidate.highest_degree]
    if gap <= 0:
        return 1.0
    return cr.config.degree_one_below_credit if gap == 1 else 0.0


def experience_score(cr: CompiledRole, candidate: CandidateSummary) -> float:
    """Meets the minimum 1; proportional below; unknown neutral."""
    need = cr.role.min_years
    if not need:
        return 1.0
    have = candidate.years_experience
    if have is None:
        return cr.config.unknown_credit
    return 1.0 if have >= need else have / need


def _english_part(cr: CompiledRole, candidate: CandidateSummary) -> float:
    if candidate.english_level is None:
        return cr.config.unknown_credit
    gap = (cr.english_rank or 0) - ENGLISH_RANK[candidate.english_level]
    if gap <= 0:
        return 1.0
    return cr.config.english_one_below_credit if gap == 1 else 0.0


def _hsk_part(cr: CompiledRole, candidate: CandidateSummary) -> float:
    need = cr.role.min_hsk or 0
    if candidate.hsk_level is None:
        return cr.config.unknown_credit
    return 1.0 if candidate.hsk_level >= need else candidate.hsk_level / need


def languages_score(cr: CompiledRole, candidate: CandidateSummary) -> float:
    """Mean of the English and HSK parts the role asks for."""
    english = cr.english_rank is not None
    hsk = bool(cr.role.min_hsk)
    if english and hsk:
        return (_english_part(cr, candidate) + _hsk_part(cr, candidate)) / 2
    if english:
        return _english_part(cr, candidate)
    if hsk:
        return _hsk_part(cr, candidate)
    return 1.0


def _fold_cities(cities: frozenset[str]) -> frozenset[str]:
    return frozenset(city_key(c) for c in cities)


_CITY_KEYS: Final = _Memo(_fold_cities, limit=100_000)


def _city_keys(cities: frozenset[str]) -> frozenset[str]:
    """The candidate's cities folded by `city_key`, memoised per set."""
    return _CITY_KEYS[cities]


def _lists_city(key: str, cities: frozenset[str]) -> bool:
    return key in cities or key in _city_keys(cities)


def city_score(cr: CompiledRole, candidate: CandidateSummary) -> float:
    """Remote, listed or open 1; willing to relocate partial; elsewhere 0."""
    key = cr.city_key
    cities = candidate.desired_cities
    if key is None or not cities or _lists_city(key, cities):
        return 1.0
    return cr.config.relocate_credit if candidate.willing_to_relocate else 0.0


def salary_score(cr: CompiledRole, candidate: CandidateSummary) -> float:
    """Within or below the range 1; above the maximum falling to 0; unknown neutral."""
    role = cr.role
    if role.salary_min is None and role.salary_max is None:
        return 1.0
    want = candidate.salary_expectation
    if want is None:
        return cr.config.unknown_credit
    top = role.salary_max
    if top is None or want <= top:
        return 1.0
    if top <= 0:
        return 0.0
    return max(0.0, 1.0 - (want - top) / (top * cr.config.salary_over_tolerance))


def component_scores(
    cr: CompiledRole, candidate: CandidateSummary
) -> tuple[float, float, float, float, float, float, float]:
    """The seven component scores in COMPONENT_NAMES order."""
    return (
        skills_score(cr, candidate),
        field_score(cr, candidate),
        degree_score(cr, candidate),
        experience_score(cr, candidate),
        languages_score(cr, candidate),
        city_score(cr, candidate),
        salary_score(cr, candidate),
    )


_SCORERS: Final = (
    skills_score,
    field_score,
    degree_score,
    experience_score,
    languages_score,
    city_score,
    salary_score,
)


def total_score(cr: CompiledRole, candidate: CandidateSummary) -> int:
    """The weighted mean of the components as a whole number 0..100.

    Components the role does not constrain always score 1, so their weight is
    added as a constant and only the active scorers run.
    """
    total = cr.constant
    for weight, scorer in cr.active:
        total += weight * scorer(cr, candidate)
    # Half up (not banker's rounding): 82.5 shows as 83.
    return min(100, max(0, math.floor(100.0 * total / cr.weight_sum + 0.5)))


# --- Messages ---------------------------------------------------------------------
# Each returns (message, constrained): constrained is False when the role asks for
# nothing here, so the summary leaves the component out.


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def field_name(code: str) -> str:
    """A discipline code in words: '0812' → 'computer science and technology'."""
    name = SUBJECTS.get(code[:4]) if len(code) > 2 else CATEGORIES.get(code)
    return _lower_first(name) if name else f"field {code}"


def _names(codes: frozenset[str] | set[str], joiner: str = " or ") -> str:
    names = [field_name(c) for c in sorted(codes)]
    if len(names) > 3:
        names = [*names[:3], f"{len(names) - 3} more"]
    return joiner.join(names)


def _fields(codes: frozenset[str] | set[str], joiner: str = "or") -> Phrase:
    """_names as a phrase: up to three discipline codes, and how many more."""
    ordered = sorted(codes)
    return Phrase(
        f"match.fields.{joiner}",
        (("codes", ",".join(ordered[:3])), ("more", max(0, len(ordered) - 3))),
    )


def _count(n: int, of: int, what: str) -> str:
    return f"{n} of {of} {what}"


# A component's message: (English, constrained, the same as a phrase for the web).
Said = tuple[str, bool, Phrase]


def skills_message(cr: CompiledRole, candidate: CandidateSummary) -> Said:
    """'5 of 6 required skills; 1 of 3 preferred (PyTorch fits deep learning; …)'."""
    if not cr.required and not cr.preferred:
        return "the role lists no skills", False, Phrase("match.skills.none")
    cfg = cr.config
    notes: list[str] = []
    note_phrases: list[Phrase] = []
    missing: list[str] = []
    heads: list[str] = []
    head_phrases: list[Phrase] = []
    for reqs, what in ((cr.required, "required skills"), (cr.preferred, "preferred")):
        if not reqs:
            continue
        full = 0
        for skill, _, _ in reqs:
            credit, reason, phrase = _credit_of(candidate.skills, skill, cfg)
            full += credit >= 1.0
            if reason and phrase:
                notes.append(reason)
                note_phrases.append(phrase)
            elif credit <= 0 and reqs is cr.required:
                missing.append(skill_label(skill))
        code = "match.skills.required"
        if what == "preferred":
            code = "match.skills.preferred" if heads else "match.skills.preferred_only"
        if not heads and what == "preferred":
            what = "preferred skills"
        heads.append(_count(full, len(reqs), what))
        head_phrases.append(Phrase(code, (("n", full), ("of", len(reqs)))))
    if missing:
        notes.append("missing " + ", ".join(missing))
        note_phrases.append(
            Phrase("match.skills.missing", (("skills", ", ".join(missing)),))
        )
    message = "; ".join(heads)
    params = (("heads", tuple(head_phrases)), ("notes", tuple(note_phrases)))
    if notes:
        return (
            f"{message} ({'; '.join(notes)})",
            True,
            Phrase("match.skills.with_notes", params),
        )
    return message, True, Phrase("match.skills", params[:1])


def _credit_and_phrase(
    key: tuple[frozenset[str], str, float, float],
) -> tuple[float, str | None, Phrase | None]:
    skills, skill, sibling_credit, parent_credit = key
    credit, reason = skill_credit(
        skills, skill, sibling_credit=sibling_credit, parent_credit=parent_credit
    )
    return credit, reason, _credit_phrase(skills, skill, reason) if reason else None


_CREDITS: Final = _Memo(_credit_and_phrase, limit=200_000)


def _credit_of(
    skills: frozenset[str], skill: str, cfg: MatchConfig
) -> tuple[float, str | None, Phrase | None]:
    """`skill_credit` and its reason as a phrase, memoised: a batch explains each
    candidate against dozens of roles asking for the same skills."""
    return _CREDITS[skills, skill, cfg.sibling_credit, cfg.parent_credit]


def _credit_phrase(skills: frozenset[str], required: str, reason: str) -> Phrase:
    """skill_credit's reason as a phrase; the skill names stay as they are.

    Memoised per reason (it depends on nothing else, and a batch explains the same
    "Python fits Python" thousands of times); a pattern is tried only when the
    reason holds its literal words (a failing `.+ … .+ … .+` backtracks a lot).
    """
    return _CREDIT_PHRASES[reason]


def _parse_credit(reason: str) -> Phrase:
    for code, words, pattern in _CREDIT_PATTERNS:
        if words not in reason:
            continue
        found = pattern.fullmatch(reason)
        if found:
            return Phrase(code, tuple(found.groupdict().items()))
    return Phrase("match.skills.note", (("note", reason),))


_CREDIT_PHRASES: Final = _Memo(_parse_credit, limit=100_000)


# (code, words every match holds, pattern), tried in this order.
_CREDIT_PATTERNS: Final = tuple(
    (code, words, re.compile(pattern))
    for code, words, pattern in (
        (
            "match.skills.covers",
            " covers ",
            r"(?P<via>.+) covers (?P<parent>.+), not (?P<skill>.+) itself",
        ),
        (
            "match.skills.not_itself",
            ", not ",
            r"(?P<via>.+), not (?P<skill>.+) itself",
        ),
        ("match.skills.fits", " fits ", r"(?P<via>.+) fits (?P<skill>.+)"),
        (
            "match.skills.close",
            " is close to ",
            r"(?P<via>.+) is close to (?P<skill>.+)",
        ),
    )
)


def skills_headline(message: str) -> str:
    """The skills message cut for the summary: the required count, else preferred."""
    return message.split(" (", 1)[0].split("; ", 1)[0]


def skills_headline_phrase(phrase: Phrase) -> Phrase:
    """skills_headline for the phrase: the first count."""
    heads = dict(phrase.params).get("heads")
    return heads[0] if heads else phrase


def field_message(cr: CompiledRole, candidate: CandidateSummary) -> Said:
    """Which of the candidate's fields meets the role's, and how closely."""
    asked = cr.field_subjects | cr.field_categories
    if not asked:
        return "any field of study", False, Phrase("match.field.any")
    if not candidate.field_categories:
        return (
            f"field of study unknown, role asks {_names(asked)}",
            True,
            Phrase("match.field.unknown", (("asked", _fields(asked)),)),
        )
    subjects, categories = _candidate_codes(candidate.field_categories)
    if hit := cr.field_subjects & subjects:
        return (
            f"{_names(hit, ', ')}, as the role asks",
            True,
            Phrase("match.field.as_asked", (("own", _fields(hit, "and")),)),
        )
    if hit := cr.field_categories & categories:
        return (
            f"{_names(hit, ', ')}, as the role asks",
            True,
            Phrase("match.field.as_asked", (("own", _fields(hit, "and")),)),
        )
    own = _names(subjects or categories, ", ")
    own_phrase = _fields(subjects or categories, "and")
    if hit := cr.field_subject_categories & categories:
        return (
            f"{own}: same category as {_names(cr.field_subjects)}",
            True,
            Phrase(
                "match.field.same_category",
                (("own", own_phrase), ("asked", _fields(cr.field_subjects))),
            ),
        )
    if cr.field_related & categories:
        return (
            f"{own}: related to {_names(asked)}",
            True,
            Phrase(
                "match.field.related", (("own", own_phrase), ("asked", _fields(asked)))
            ),
        )
    return (
        f"{own}, role asks {_names(asked)}",
        True,
        Phrase("match.field.other", (("own", own_phrase), ("asked", _fields(asked)))),
    )


def degree_message(cr: CompiledRole, candidate: CandidateSummary) -> Said:
    """ "master's, role asks bachelor's"."""
    if cr.role.min_degree is None:
        return "no degree requirement", False, Phrase("match.degree.none")
    asked = _DEGREE_NAMES[cr.role.min_degree]
    have = candidate.highest_degree
    if have is None:
        return (
            f"degree unknown, role asks {asked}",
            True,
            Phrase("match.degree.unknown", (("asked", cr.role.min_degree),)),
        )
    if have == cr.role.min_degree:
        return (
            f"{_DEGREE_NAMES[have]}, as the role asks",
            True,
            Phrase("match.degree.as_asked", (("have", have),)),
        )
    return (
        f"{_DEGREE_NAMES[have]}, role asks {asked}",
        True,
        Phrase("match.degree.other", (("have", have), ("asked", cr.role.min_degree))),
    )


def _years(value: float) -> str:
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text} year" if text == "1" else f"{text} years"


def _years_phrase(value: float) -> Phrase:
    text = f"{value:.1f}".removesuffix(".0")
    return Phrase("match.year" if text == "1" else "match.years", (("years", text),))


def experience_message(cr: CompiledRole, candidate: CandidateSummary) -> Said:
    """ "2 years' experience, role asks 3"."""
    need = cr.role.min_years
    if not need:
        return "no experience requirement", False, Phrase("match.experience.none")
    have = candidate.years_experience
    if have is None:
        return (
            f"experience unknown, role asks {_years(need)}",
            True,
            Phrase("match.experience.unknown", (("need", _years_phrase(need)),)),
        )
    verb = "role asks" if have < need else "role asks at least"
    code = "match.experience.short" if have < need else "match.experience.enough"
    return (
        f"{_years(have)} of experience, {verb} {_years(need)}",
        True,
        Phrase(code, (("have", _years_phrase(have)), ("need", _years_phrase(need)))),
    )


def languages_message(cr: CompiledRole, candidate: CandidateSummary) -> Said:
    """ "English fluent, role asks professional; HSK level unknown"."""
    parts: list[str] = []
    phrases: list[Phrase] = []
    if cr.english_rank is not None:
        asked = ENGLISH_LEVELS[cr.english_rank]
        have = candidate.english_level
        if have is None:
            parts.append(f"English level unknown, role asks {asked}")
            phrases.append(Phrase("match.english.unknown", (("asked", asked),)))
        elif have == asked:
            parts.append(f"English {have}, as the role asks")
            phrases.append(Phrase("match.english.as_asked", (("have", have),)))
        else:
            parts.append(f"English {have}, role asks {asked}")
            phrases.append(
                Phrase("match.english.other", (("have", have), ("asked", asked)))
            )
    if cr.role.min_hsk:
        asked_hsk = f"HSK {cr.role.min_hsk}"
        hsk = candidate.hsk_level
        if hsk is None:
            parts.append(f"HSK level unknown, role asks {asked_hsk}")
            phrases.append(Phrase("match.hsk.unknown", (("asked", cr.role.min_hsk),)))
        else:
            have_hsk = f"HSK {hsk}" if hsk else "no HSK"
            verb = "role asks" if hsk < cr.role.min_hsk else "role asks at least"
            parts.append(f"{have_hsk}, {verb} {asked_hsk}")
            code = "match.hsk.short" if hsk < cr.role.min_hsk else "match.hsk.enough"
            if not hsk:
                code = "match.hsk.none"
            phrases.append(Phrase(code, (("have", hsk), ("asked", cr.role.min_hsk))))
    if not parts:
        return "no language requirement", False, Phrase("match.languages.none")
    return (
        "; ".join(parts),
        True,
        Phrase("match.languages", (("parts", tuple(phrases)),)),
    )


def city_message(cr: CompiledRole, candidate: CandidateSummary) -> Said:
    """ "prefers Beijing, willing to relocate to Shanghai"."""
    role = cr.role
    if role.remote:
        return "remote role", False, Phrase("match.city.remote")
    if cr.city_key is None:
        return "no city set", False, Phrase("match.city.none")
    cities = candidate.desired_cities
    city = (("city", role.city),)
    if not cities:
        return (
            f"open to any city, including {role.city}",
            True,
            Phrase("match.city.any", city),
        )
    if _lists_city(cr.city_key, cities):
        return f"wants to work in {role.city}", True, Phrase("match.city.wants", city)
    prefers = ", ".join(c.title() for c in sorted(cities)[:3])
    params = (("prefers", prefers), *city)
    if candidate.willing_to_relocate:
        return (
            f"prefers {prefers}, willing to relocate to {role.city}",
            True,
            Phrase("match.city.relocate", params),
        )
    return f"prefers {prefers}, not {role.city}", True, Phrase("match.city.not", params)


def salary_message(cr: CompiledRole, candidate: CandidateSummary) -> Said:
    """ "salary expectation within range" / "… 20% above range"."""
    role = cr.role
    if role.salary_min is None and role.salary_max is None:
        return "no salary range set", False, Phrase("match.salary.none")
    want = candidate.salary_expectation
    if want is None:
        return "salary expectation unknown", True, Phrase("match.salary.unknown")
    if role.salary_min is not None and want < role.salary_min:
        return "salary expectation below range", True, Phrase("match.salary.below")
    top = role.salary_max
    if top is None or want <= top:
        return "salary expectation within range", True, Phrase("match.salary.within")
    if top <= 0:
        return "salary expectation above range", True, Phrase("match.salary.above")
    over = max(1, round(100 * (want - top) / top))
    return (
        f"salary expectation {over}% above range",
        True,
        Phrase("match.salary.over", (("percent", over),)),
    )


def component_messages(
    cr: CompiledRole, candidate: CandidateSummary
) -> tuple[Said, ...]:
    """The seven (message, constrained, phrase) triples in COMPONENT_NAMES order."""
    return (
        skills_message(cr, candidate),
        field_message(cr, candidate),
        degree_message(cr, candidate),
        experience_message(cr, candidate),
        languages_message(cr, candidate),
        city_message(cr, candidate),
        salary_message(cr, candidate),
    )
