"""Dates and date ranges as CVs write them, in English and Chinese.

"Sep 2019 – Jun 2021", "2019.09–2021.06", "2019年9月 - 2021年6月", "09/2019 – present",
"2019/09 - 至今", "2018 – 2020". A start is the first day of its month (or year); an
end the last day. `current` means the range runs to the present ("present", "至今").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:(?P<{{p}}mn>{_MONTH_NAME})\s*,?\s*(?P<{{p}}y1>(?:19|20)\d\d)"
    r"|(?P<{p}y2>(?:19|20)\d\d)\s*(?:[./-]|年\s*)(?P<{p}m2>\d{{1,2}})(?!\d)\s*月?"
    r"|(?P<{p}m3>\d{{1,2}})\s*[./]\s*(?P<{p}y3>(?:19|20)\d\d)"
    r"|(?P<{p}y4>(?:19|20)\d\d)(?!\d)\s*年?)"
)
_PRESENT = r"(?P<present>present|now|current|today|ongoing|date|至今|现在|今)"
_SEP = r"\s*(?:–|—|-|－|~|～|to|until|至|到)\s*"
_RANGE = re.compile(
    rf"(?<![\w.]){_DATE.format(p='a')}{_SEP}(?:{_DATE.format(p='b')}|{_PRESENT})",
    re.IGNORECASE,
)
_SINGLE = re.compile(rf"(?<![\w.]){_DATE.format(p='a')}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Span:
    """A date range (or a single date: `start` None, `end` the date) in a line."""

    start: date | None
    end: date | None
    current: bool
    begin: int  # where the matched text is in the line
    finish: int


def _ym(m: re.Match[str], p: str) -> tuple[int, int | None] | None:
    g = m.groupdict()
    if g.get(f"{p}mn"):
        return int(g[f"{p}y1"]), _MONTHS[g[f"{p}mn"][:3].lower()]
    if g.get(f"{p}y2"):
        month = int(g[f"{p}m2"])
        return (int(g[f"{p}y2"]), month) if 1 <= month <= 12 else None
    if g.get(f"{p}y3"):
        month = int(g[f"{p}m3"])
        return (int(g[f"{p}y3"]), month) if 1 <= month <= 12 else None
    if g.get(f"{p}y4"):
        return int(g[f"{p}y4"]), None
    return None


def _first(ym: tuple[int, int | None]) -> date:
    return date(ym[0], ym[1] or 1, 1)


def _last(ym: tuple[int, int | None]) -> date:
    year, month = ym[0], ym[1] or 12
    return date(year, month, calendar.monthrange(year, month)[1])


def find_span(line: str) -> Span | None:
    """The first date range in `line`, else its first single date, else None."""
    for m in _RANGE.finditer(line):
        start = _ym(m, "a")
        if start is None:
            continue
        if m.group("present"):
            return Span(_first(start), None, True, m.start(), m.end())
        end = _ym(m, "b")
        if end is None or end < start:
            continue
        return Span(_first(start), _last(end), False, m.start(), m.end())
    for m in _SINGLE.finditer(line):
        single = _ym(m, "a")
        if single is not None:
            return Span(None, _last(single), False, m.start(), m.end())
    return None
