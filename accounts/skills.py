"""Skill tags: case, spelling and version variants collapse to one skill."""

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Skill.name and Skill.slug are 80 characters long.
SKILL_MAX_LENGTH = 80

VOCABULARY_FILE = Path(__file__).resolve().parent / "data" / "skill_vocabulary.csv"


@dataclass(frozen=True, slots=True)
class KnownSkill:
    """A skill of the vocabulary: its key, English and Chinese names, other spellings."""

    key: str
    name: str
    name_zh: str
    aliases: tuple[str, ...]

    def forms(self) -> tuple[str, ...]:
        """Every way the skill is written: names, aliases and the key's words."""
        return (
            self.name,
            *((self.name_zh,) if self.name_zh else ()),
            *self.aliases,
            self.key.replace("-", " "),
        )


def _raw_key(text: str) -> str:
    """A name folded to key form, before aliases apply."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = text.replace("c++", "cpp").replace("c#", "csharp").replace("f#", "fsharp")
    text = re.sub(r"^\.net\b", "dotnet", text)
    text = text.replace(".js", "js") if text.endswith(".js") else text
    text = _VERSION_SUFFIX.sub("", text) if not text.isdigit() else text
    key = re.sub(r"[^\w+]+", "-", text).strip("-")
    return key.replace("_", "-")


@cache
def vocabulary() -> dict[str, KnownSkill]:
    """The bilingual skill vocabulary (`accounts/data/skill_vocabulary.csv`), by key.

    Data, not code: a maintainer adds a row (key, English name, Chinese name,
    `|`-separated other spellings) and a tag typed in any of them becomes that
    one skill. A malformed row stops the process at import.
    """
    known: dict[str, KnownSkill] = {}
    with VOCABULARY_FILE.open(encoding="utf-8", newline="") as fp:
        reader = csv.DictReader(fp)
        if reader.fieldnames != ["key", "name", "name_zh", "aliases"]:
            raise ValueError(f"{VOCABULARY_FILE}: unexpected columns")
        for row in reader:
            key = row["key"].strip()
            if not key or _raw_key(key) != key or key in known or not row["name"]:
                raise ValueError(f"{VOCABULARY_FILE}:{reader.line_num}: bad row")
            known[key] = KnownSkill(
                key=key,
                name=row["name"].strip(),
                name_zh=row["name_zh"].strip(),
                aliases=tuple(
                    a.strip() for a in row["aliases"].split("|") if a.strip()
                ),
            )
    return known


@cache
def _aliases() -> dict[str, str]:
    """Every other spelling's raw key -> the vocabulary key it means."""
    aliases: dict[str, str] = {}
    for skill in vocabulary().values():
        for form in skill.forms():
            raw = _raw_key(form)
            if raw and raw != skill.key:
                if aliases.get(raw, skill.key) != skill.key:
                    raise ValueError(f"{VOCABULARY_FILE}: {form!r} names two skills")
                aliases[raw] = skill.key
    return aliases


# "Python 3", "PyTorch 2.1": a separated trailing version number. Glued digits
# ("k8s", "S3", "IPv6") are part of the name; the common glued versions are aliases.
_VERSION_SUFFIX = re.compile(r"[\s-]+v?\d+(\.\d+)*$")


def skill_key(text: str) -> str:
    """The normalised key of a skill name: 'Python 3', 'python' and 'py' give 'python';
    计算机视觉 and 'Computer Vision' give 'computer-vision'."""
    key = _raw_key(text)
    return _aliases().get(key, key)


def skill_name(key: str, fallback: str, language: str | None = None) -> str:
    """A skill's name in `language` (the active one by default): Chinese where known."""
    known = vocabulary().get(key)
    if known is None:
        return fallback
    language = language if language is not None else (get_language() or "")
    if language.startswith("zh") and known.name_zh:
        return known.name_zh
    return known.name


def skill_display_name(key: str, typed: str) -> str:
    """How a new skill is shown: a known spelling, else the user's words, tidied."""
    if key in vocabulary():
        return vocabulary()[key].name
    cleaned = _VERSION_SUFFIX.sub("", " ".join(typed.split())).strip()
    if (
        cleaned
        and not cleaned.islower()
        and not (cleaned.isupper() and len(cleaned) > 4)
    ):
        return cleaned[:80]
    return key.replace("-", " ").capitalize()[:80] if key.islower() else cleaned[:80]


def split_skills(text: str) -> list[str]:
    """Split a comma- or semicolon-separated list, dropping blanks and duplicates."""
    seen: dict[str, str] = {}
    for part in re.split(r"[,;，；\n]", text):
        part = part.strip()
        if part:
            seen.setdefault(skill_key(part), part)
    return list(seen.values())


def validate_skill_list(text: str) -> None:
    """Refuse a skill whose key or name would not fit the database (80 characters).

    Measured after NFKC normalisation: one character can grow to many ("ﷺ"
    becomes 18), so a short typed name can still be too long once normalised.
    """
    too_long = [
        name
        for name in split_skills(text)
        if len(name) > SKILL_MAX_LENGTH or len(skill_key(name)) > SKILL_MAX_LENGTH
    ]
    if too_long:
        shown = too_long[0] if len(too_long[0]) <= 30 else f"{too_long[0][:30]}…"
        raise ValidationError(
            _(
                "A skill has at most %(max)d characters; “%(skill)s” is longer. "
                "Separate skills with commas."
            )
            % {"max": SKILL_MAX_LENGTH, "skill": shown}
        )
