"""Skill relations: which specific skill "fits" a broader one, and partial credit.

Skills are slugs in `accounts.skills.skill_key` form ("pytorch", "deep-learning").
Each row of `data/skill_relations.csv` reads ``skill, kind parents, base parents``
(parents `|`-separated):

* a *kind* edge says the skill is a kind of, or a tool for, the broader skill
  (``pytorch,deep-learning,``; ``deep-learning,machine-learning,``);
* a *base* edge says the skill is built on a language or platform
  (``pytorch,deep-learning,python``; ``django,backend,python``).

Credit for one required skill R against a candidate's skills (the best rule wins):

1. **1.0, fits** — the candidate has R, or any skill that reaches R by following
   edges of either sort upwards, any number of steps: PyTorch fits deep learning,
   machine learning and artificial intelligence; Django fits Python.
2. **sibling credit (0.5)** — the candidate has, or fits, a skill that shares a
   direct *kind* parent with R: TensorFlow for a PyTorch requirement (both deep
   learning), MySQL for PostgreSQL (both SQL). Base edges make no siblings, so
   Django and pandas are not close although both are built on Python.
3. **parent credit (0.25)** — the candidate has, or fits, a direct parent of R:
   deep learning for a PyTorch requirement, Python for a Django requirement.
   Broader never fully satisfies narrower.
4. **0** otherwise.

Every rule reads the candidate's *expanded* set (their skills plus everything those
fit), so adding a skill never lowers any credit. The credits are parameters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Final

from jobs.engines.datafiles import fail, read_csv

DATA_DIR: Final = Path(__file__).resolve().parent / "data"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_Parents = dict[str, tuple[str, ...]]


def _slugs(path: Path, line: int, text: str) -> tuple[str, ...]:
    """A `|`-separated list of skill slugs; a slug out of `skill_key` form fails."""
    slugs = tuple(s.strip() for s in text.split("|") if s.strip())
    for slug in slugs:
        if not _SLUG.fullmatch(slug):
            fail(path, line, f"{slug!r} is not a skill slug (lower-case words and -)")
    return slugs


@cache
def load_relations(
    path: Path = DATA_DIR / "skill_relations.csv",
) -> tuple[_Parents, _Parents]:
    """(kind parents, base parents) per skill from `data/skill_relations.csv`.

    A skill named only as a parent is added with no parents of its own, so roots
    may be left out of the file.
    """
    kinds: _Parents = {}
    bases: _Parents = {}
    for line, row in read_csv(path, ("skill", "kind_parents", "base_parents")):
        skill = row["skill"].strip()
        if not _SLUG.fullmatch(skill):
            fail(path, line, f"{skill!r} is not a skill slug (lower-case words and -)")
        if skill in kinds:
            fail(path, line, f"skill listed twice: {skill}")
        kinds[skill] = _slugs(path, line, row["kind_parents"])
        bases[skill] = _slugs(path, line, row["base_parents"])
    for parents in (*kinds.values(), *bases.values()):
        for parent in parents:
            kinds.setdefault(parent, ())
            bases.setdefault(parent, ())
    return kinds, bases


@cache
def load_labels(path: Path = DATA_DIR / "skill_labels.csv") -> dict[str, str]:
    """How a slug reads in a sentence when it is not just its words in lower case."""
    labels: dict[str, str] = {}
    for line, row in read_csv(path, ("skill", "label")):
        skill, label = row["skill"], row["label"].strip()
        if not _SLUG.fullmatch(skill) or not label:
            fail(path, line, "a label row needs a skill slug and a label")
        if skill in labels:
            fail(path, line, f"skill listed twice: {skill}")
        labels[skill] = label
    return labels


_LABELS: Final[dict[str, str]] = load_labels()
KIND_PARENTS, BASE_PARENTS = load_relations()
SKILLS: Final[frozenset[str]] = frozenset(KIND_PARENTS)


def _ancestors(skill: str, seen: tuple[str, ...] = ()) -> frozenset[str]:
    if skill in seen:
        raise ValueError(f"skill relation cycle: {' -> '.join((*seen, skill))}")
    found: set[str] = set()
    for parent in (*KIND_PARENTS.get(skill, ()), *BASE_PARENTS.get(skill, ())):
        found.add(parent)
        found |= _ancestors(parent, (*seen, skill))
    return frozenset(found)


# Everything a skill fits (its transitive parents of both sorts), itself excluded.
ANCESTORS: Final[dict[str, frozenset[str]]] = {s: _ancestors(s) for s in SKILLS}
# Direct parents of both sorts (parent credit).
PARENTS: Final[dict[str, frozenset[str]]] = {
    s: frozenset((*KIND_PARENTS[s], *BASE_PARENTS[s])) for s in SKILLS
}
_CHILDREN: dict[str, set[str]] = {}
for _skill, _kinds in KIND_PARENTS.items():
    for _parent in _kinds:
        _CHILDREN.setdefault(_parent, set()).add(_skill)
# Skills sharing a direct kind parent (sibling credit), itself excluded.
SIBLINGS: Final[dict[str, frozenset[str]]] = {
    s: frozenset().union(*(_CHILDREN[p] for p in KIND_PARENTS[s])) - {s} for s in SKILLS
}
_EMPTY: Final[frozenset[str]] = frozenset()

_EXPANDED: dict[frozenset[str], frozenset[str]] = {}
_EXPANDED_MAX: Final = 500_000


def skill_label(slug: str) -> str:
    """How a skill slug reads mid-sentence: 'pytorch' → 'PyTorch'."""
    label = _LABELS.get(slug)
    return label if label is not None else slug.replace("-", " ")


def fits(specific: str, broad: str) -> bool:
    """Whether having `specific` fully satisfies a `broad` requirement."""
    return specific == broad or broad in ANCESTORS.get(specific, _EMPTY)


def expand(skills: frozenset[str]) -> frozenset[str]:
    """The skills plus everything they fit; memoised per skill set."""
    hit = _EXPANDED.get(skills)
    if hit is not None:
        return hit
    extra = [ANCESTORS[s] for s in skills if s in ANCESTORS]
    result = skills.union(*extra) if extra else skills
    if len(_EXPANDED) >= _EXPANDED_MAX:
        _EXPANDED.clear()
    _EXPANDED[skills] = result
    return result


def related_skills(skill: str) -> tuple[frozenset[str], frozenset[str]]:
    """The (siblings, direct parents) of a skill: the sets that earn partial credit."""
    return SIBLINGS.get(skill, _EMPTY), PARENTS.get(skill, _EMPTY)


def _first(candidate_skills: Iterable[str], wanted: frozenset[str]) -> str:
    """The first candidate skill (alphabetically) that has or fits one of `wanted`."""
    for skill in sorted(candidate_skills):
        if skill in wanted or not wanted.isdisjoint(ANCESTORS.get(skill, _EMPTY)):
            return skill
    raise LookupError("no candidate skill reaches the wanted set")


def skill_credit(
    candidate_skills: frozenset[str],
    required: str,
    *,
    sibling_credit: float = 0.5,
    parent_credit: float = 0.25,
) -> tuple[float, str | None]:
    """Credit (0..1) for one required skill, with a reason unless it is exact or 0."""
    if required in candidate_skills:
        return 1.0, None
    expanded = expand(candidate_skills)
    label = skill_label(required)
    if required in expanded:
        via = _first(candidate_skills, frozenset({required}))
        return 1.0, f"{skill_label(via)} fits {label}"
    siblings, parents = related_skills(required)
    if sibling_credit > 0 and not siblings.isdisjoint(expanded):
        via = _first(candidate_skills, siblings)
        return sibling_credit, f"{skill_label(via)} is close to {label}"
    if parent_credit > 0 and not parents.isdisjoint(expanded):
        via = _first(candidate_skills, parents)
        if via in parents:
            return parent_credit, f"{skill_label(via)}, not {label} itself"
        parent = min(parents & expand(frozenset({via})))
        covers = f"{skill_label(via)} covers {skill_label(parent)}"
        return parent_credit, f"{covers}, not {label} itself"
    return 0.0, None


def satisfies(
    candidate_skills: frozenset[str], required: str
) -> tuple[bool, str | None]:
    """Whether the candidate fully has a skill: exactly, or via a more specific one."""
    credit, reason = skill_credit(candidate_skills, required)
    return credit >= 1.0, reason if credit >= 1.0 else None
