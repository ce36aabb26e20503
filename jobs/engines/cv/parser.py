"""Read CV text into proposals: degrees, posts, skills and languages.

Pure: text in, `Proposals` out; the as-of date is an input (an end date after it
is "expected" for a degree, "current" for a post never). The reading is simple and
explained, not clever: section headings (data/cv_words.toml) split the text; in
the education and experience sections an entry starts when a line brings a slot
the current entry already has (a date range, a degree, an institution or a
title); each line is cut into segments (commas, bars, wide gaps; spaces between
Chinese words) and each segment is recognised as a date, a degree, an
institution, a title or the field. A two-column page whose columns the text layer
interleaves on one line (wide gap at the same place in most lines) is read left
column first.

Nothing here resolves names: the import page passes the institutions and fields
through the screening's resolvers and marks those they do not know.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jobs.engines.cv.dates import Span, find_span
from jobs.engines.datafiles import fail, read_toml
from jobs.engines.screening.fields import classify_field

DATA = Path(__file__).resolve().parent / "data" / "cv_words.toml"

_CJK = re.compile(r"[\u3400-\u9fff]")
_SEGMENT_SPLIT = re.compile(r"\s*(?:[,，;；|｜·•\t]|\s{2,}| – | — | - )\s*")
_BULLET = re.compile(r"^\s*(?:[-•·▪●◦*]|\d+[.)])\s+")


@dataclass(frozen=True, slots=True)
class Words:
    headings: dict[str, tuple[str, ...]]
    degrees: tuple[tuple[str, re.Pattern[str]], ...]  # (level, pattern), longest first
    organisations: tuple[str, ...]
    kinds: tuple[tuple[str, tuple[str, ...]], ...]
    languages: dict[str, str]  # name → code
    levels: tuple[tuple[str, tuple[str, ...]], ...]


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().rstrip(":：").strip()
    return re.sub(r"\s+", " ", text).casefold()


@cache
def words(path: Path = DATA) -> Words:
    """The vocabulary, read once and checked (a bad file names itself)."""
    data, _lines = read_toml(path)
    for table in (
        "headings",
        "degrees",
        "organisations",
        "kinds",
        "languages",
        "levels",
    ):
        if not isinstance(data.get(table), dict):
            fail(path, 0, f"missing the [{table}] table")
    patterns: list[tuple[int, str, re.Pattern[str]]] = []
    for level, terms in data["degrees"].items():
        for term in terms:
            if _CJK.search(term):
                pattern = re.compile(re.escape(term))
            elif len(term) <= 2:
                pattern = re.compile(rf"(?<![\w.]){re.escape(term.upper())}(?![\w])")
            else:
                pattern = re.compile(
                    rf"(?<![\w.]){re.escape(term)}(?![\w])", re.IGNORECASE
                )
            patterns.append((len(term), level, pattern))
    patterns.sort(key=lambda item: -item[0])
    return Words(
        headings={k: tuple(_key(w) for w in v) for k, v in data["headings"].items()},
        degrees=tuple((level, p) for _n, level, p in patterns),
        organisations=tuple(w.casefold() for w in data["organisations"]["words"]),
        kinds=tuple(
            (k, tuple(w.casefold() for w in v)) for k, v in data["kinds"].items()
        ),
        languages={
            _key(name): code
            for code, names in data["languages"].items()
            for name in names
        },
        levels=tuple(
            (k, tuple(w.casefold() for w in v)) for k, v in data["levels"].items()
        ),
    )


@dataclass(slots=True)
class DegreeProposal:
    level: str = ""
    field: str = ""
    institution: str = ""
    start: date | None = None
    conferred: date | None = None
    expected: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level or None,
            "field": self.field or None,
            "institution": self.institution or None,
            "start": self.start.isoformat() if self.start else None,
            "conferred": None
            if self.expected or not self.conferred
            else self.conferred.isoformat(),
            "expected": self.conferred.isoformat()
            if self.expected and self.conferred
            else None,
        }


@dataclass(slots=True)
class PositionProposal:
    title: str = ""
    organisation: str = ""
    kind: str = "other"
    start: date | None = None
    end: date | None = None
    current: bool = False
    description: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title or None,
            "kind": self.kind,
            "organisation": self.organisation or None,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


@dataclass(slots=True)
class Proposals:
    degrees: list[DegreeProposal] = field(default_factory=list)
    positions: list[PositionProposal] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    languages: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The input shape of `screen_profiles` (SCREENING.md), plus skills and languages."""
        return {
            "degrees": [d.to_json() for d in self.degrees],
            "positions": [p.to_json() for p in self.positions],
            "skills": list(self.skills),
            "languages": list(self.languages),
        }


# --- layout -------------------------------------------------------------------------


def _columns(lines: list[str], w: Words) -> list[str]:
    """Lines of a two-column page interleaved by the text layer, left column first.

    The right column starts at one character position: where, in at least 30 % of
    the non-empty lines (and at least four), text starts after a gap of three or
    more spaces (or after indentation). It counts as a column only when a section
    heading starts there, so a one-column CV with its dates at a tab stop stays
    one column.
    """
    filled = [line for line in lines if line.strip()]
    if len(filled) < 4:
        return lines
    starts: Counter[int] = Counter()
    for line in filled:
        for m in re.finditer(r"(?:^|\S)(\s{3,})(?=\S)", line):
            starts[m.end(1)] += 1
    if not starts:
        return lines
    col, count = starts.most_common(1)[0]
    if count < max(4, 0.3 * len(filled)):
        return lines
    left: list[str] = []
    right: list[str] = []
    for line in lines:
        if (
            len(line) > col
            and line[col - 3 : col].isspace()
            and not line[col].isspace()
        ):
            left.append(line[:col].rstrip())
            right.append(line[col:])
        else:
            left.append(line)
    if not any(_heading(line, w) for line in right):
        return lines
    return left + right


def _heading(line: str, w: Words) -> str | None:
    key = _key(line)
    if not key or len(key) > 40:
        return None
    key = key.strip("#*=_-— ")
    for section, names in w.headings.items():
        if key in names:
            return section
    return None


def _sections(lines: list[str], w: Words) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = "other"
    for line in lines:
        section = _heading(line, w)
        if section:
            current = section
            continue
        if line.strip():
            out.setdefault(current, []).append(line.rstrip())
    return out


# --- segments -----------------------------------------------------------------------


def _segments(text: str) -> list[str]:
    parts: list[str] = []
    for seg in _SEGMENT_SPLIT.split(text):
        seg = seg.strip(" :：()（）")
        if not seg:
            continue
        if _CJK.search(seg) and " " in seg:
            parts.extend(s for s in seg.split() if s)
        else:
            parts.append(seg)
    return parts


def _is_org(seg: str, w: Words) -> bool:
    low = seg.casefold()
    for word in w.organisations:
        if _CJK.search(word):
            if word in low:
                return True
        elif re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", low):
            return True
    return False


def _degree(seg: str, w: Words) -> tuple[str, str] | None:
    """(level, rest of the segment) when the segment names a degree."""
    for level, pattern in w.degrees:
        m = pattern.search(seg)
        if m:
            rest = (seg[: m.start()] + " " + seg[m.end() :]).strip(" ,.:;()（）")
            rest = re.sub(r"^(?:in|of|,)\s+", "", rest, flags=re.IGNORECASE)
            rest = re.sub(r"(?:专业|学位)$", "", rest).strip()
            return level, rest
    return None


def _kind(title: str, w: Words) -> str | None:
    low = title.casefold()
    for kind, terms in w.kinds:
        for term in terms:
            if _CJK.search(term):
                if term in low:
                    return kind
            elif re.search(rf"(?<![\w]){re.escape(term)}(?![\w])", low):
                return kind
    return None


def _without_span(line: str, span: Span | None) -> str:
    if span is None:
        return line
    return f"{line[: span.begin]}  {line[span.finish :]}"


def _is_description(line: str) -> bool:
    return bool(_BULLET.match(line)) or len(line.split()) > 12 or len(line) > 90


def _gather(
    entries: list[dict[str, Any]],
    current: dict[str, Any],
    found: dict[str, Any],
    loose: list[str],
    *,
    repeatable: frozenset[str] | set[str] = frozenset(),
) -> dict[str, Any]:
    """Fold one line's findings into the entry being read, and return it.

    A key the entry already holds (other than `repeatable` ones) means the line
    starts the next entry: the current one is closed into `entries` first.
    """
    if current and any(k in current for k in found if k not in repeatable):
        entries.append(current)
        current = {}
    for key, value in found.items():
        current.setdefault(key, value)
    current.setdefault("loose", []).extend(loose)
    return current


# --- education ------------------------------------------------------------------------


def _education(lines: list[str], w: Words, as_of: date) -> list[DegreeProposal]:
    entries: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    for line in lines:
        if _is_description(line):
            continue
        span = find_span(line)
        found: dict[str, Any] = {}
        loose: list[str] = []
        if span:
            found["span"] = span
        for seg in _segments(_without_span(line, span)):
            deg = _degree(seg, w)
            if deg and "level" not in found:
                found["level"] = deg[0]
                if deg[1] and not _is_org(deg[1], w):
                    found["field"] = deg[1]
                elif deg[1]:
                    found["institution"] = deg[1]
            elif _is_org(seg, w) and "institution" not in found:
                found["institution"] = seg
            elif not re.fullmatch(r"[\d\s./%-]*|gpa.*|grade.*", seg, re.IGNORECASE):
                loose.append(seg)
        # A field on its own line belongs to the degree above.
        current = _gather(entries, current, found, loose, repeatable={"field"})
    if current:
        entries.append(current)
    out = []
    for entry in entries:
        if "level" not in entry and "institution" not in entry:
            continue
        span = entry.get("span")
        loose = [
            s for s in entry["loose"] if not re.search(r"expected|预计|毕业", s, re.I)
        ]
        # A segment the field vocabulary knows ("Physics", "计算机科学与技术").
        known = [s for s in loose if classify_field(s).category is not None]
        proposal = DegreeProposal(
            level=entry.get("level", ""),
            field=entry.get("field") or (known[0] if known else ""),
            institution=entry.get("institution", ""),
        )
        if span:
            proposal.start = span.start
            proposal.conferred = None if span.current else span.end
            proposal.expected = span.current or bool(span.end and span.end > as_of)
        out.append(proposal)
    return out


# --- experience -----------------------------------------------------------------------


def _experience(lines: list[str], w: Words, as_of: date) -> list[PositionProposal]:
    entries: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    for line in lines:
        if _is_description(line):
            if current:
                current.setdefault("description", []).append(
                    _BULLET.sub("", line).strip()
                )
            continue
        span = find_span(line)
        found: dict[str, Any] = {}
        loose: list[str] = []
        if span:
            found["span"] = span
        for seg in _segments(_without_span(line, span)):
            if (
                _kind(seg, w)
                and "title" not in found
                and not (_is_org(seg, w) and "title" in current)
            ):
                # "Research Institute" is an organisation once a title is known.
                if _is_org(seg, w) and not _kind_word_outside_org(seg, w):
                    found.setdefault("organisation", seg)
                else:
                    found["title"] = seg
            elif _is_org(seg, w) and "organisation" not in found:
                found["organisation"] = seg
            else:
                loose.append(seg)
        current = _gather(entries, current, found, loose)
    if current:
        entries.append(current)
    out = []
    for entry in entries:
        span = entry.get("span")
        loose = list(entry.get("loose", []))
        title = entry.get("title") or (loose.pop(0) if loose else "")
        organisation = entry.get("organisation") or (loose.pop(0) if loose else "")
        if not span or not (title or organisation):
            continue
        start = span.start or span.end
        end = None if span.current else span.end
        if end and end > as_of:
            end = None
        out.append(
            PositionProposal(
                title=title,
                organisation=organisation,
                kind=_kind(title, w) or "other",
                start=start,
                end=end,
                current=end is None,
                description="\n".join(entry.get("description", []))[:5000],
            )
        )
    return out


def _kind_word_outside_org(seg: str, w: Words) -> bool:
    """True when a segment with an organisation word reads as a title
    ("Research Scientist, Lab" was not split): it starts with a title word."""
    first = seg.split()[0] if seg.split() else ""
    return bool(_kind(first, w)) and not _is_org(first, w)


# --- skills and languages ---------------------------------------------------------------


def _skills(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        line = _BULLET.sub("", line)
        if re.match(r"^[^:：]{1,30}[:：]", line):
            line = re.split(r"[:：]", line, maxsplit=1)[1]
        for item in re.split(r"\s*[,，;；、|｜/•·]\s*|\s{2,}", line):
            item = item.strip(" .。")
            if 1 < len(item) <= 40 and item.casefold() not in {
                s.casefold() for s in out
            }:
                out.append(item)
    return out[:50]


def _languages(lines: list[str], w: Words) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    text = " , ".join(_BULLET.sub("", line) for line in lines)
    for item in re.split(r"\s*[,，;；、|｜•·\n]\s*", text):
        m = re.match(
            r"^\s*([^\s(（:：\-–—]+(?:\s[a-z]+)?)\s*(.*)$", item, re.IGNORECASE
        )
        if not m:
            continue
        name, rest = m.group(1), m.group(2)
        code = w.languages.get(_key(name)) or w.languages.get(_key(name.split()[0]))
        if not code or code in seen:
            continue
        rest_low = rest.casefold()
        level = next(
            (lv for lv, terms in w.levels if any(t in rest_low for t in terms)),
            "intermediate",
        )
        seen.add(code)
        out.append({"language": code, "level": level})
    return out[:20]


def parse_text(text: str, *, as_of: date) -> Proposals:
    """The proposals a CV's text supports (empty lists where it says nothing)."""
    w = words()
    text = unicodedata.normalize("NFKC", text.replace("\r", "\n"))
    lines = _columns(text.split("\n"), w)
    sections = _sections(lines, w)
    return Proposals(
        degrees=_education(sections.get("education", []), w, as_of),
        positions=_experience(sections.get("experience", []), w, as_of),
        skills=_skills(sections.get("skills", [])),
        languages=_languages(sections.get("languages", []), w),
    )
