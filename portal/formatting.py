"""Dates and money as each language writes them.

English: "23 Nov", "1 December 2026", "CNY 400,000–600,000 a year".
Chinese: "11月23日", "2026年12月1日", "年薪 40–60 万" (salaries in 万, ten
thousand yuan, as Chinese job boards state them).

The date patterns are translatable strings (Django's `date` format characters),
so the catalogue decides each language's order; Django's own zh_Hans formats
pad months ("01月"), which no Chinese job board does.
"""

from datetime import date, datetime

from django.utils import formats, timezone, translation
from django.utils.translation import gettext, pgettext, pgettext_lazy

SHORT_DATE = pgettext_lazy("date format: day and month, PHP date() letters", "j M")
LONG_DATE = pgettext_lazy(
    "date format: day, month and year, PHP date() letters", "j F Y"
)
LONG_DATETIME = pgettext_lazy(
    "date format: day, month, year and time, PHP date() letters", "j F Y, H:i"
)
MONTH_YEAR = pgettext_lazy("date format: month and year, PHP date() letters", "M Y")

# Languages whose readers expect salaries in 万 (10,000 yuan); the others get
# the amount in full, grouped as their locale groups it.
WAN_LANGUAGES = frozenset({"zh-hans"})
WAN = 10_000


def _format(value: date | datetime | None, pattern) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, str(pattern))


def short_date(value) -> str:
    """Day and month: "23 Nov" / "11月23日" (charts, lists)."""
    return _format(value, SHORT_DATE)


def long_date(value) -> str:
    """A date in running text: "1 December 2026" / "2026年12月1日"."""
    return _format(value, LONG_DATE)


def long_datetime(value) -> str:
    """ "1 December 2026, 14:05" / "2026年12月1日 14:05"."""
    return _format(value, LONG_DATETIME)


def month_year(value) -> str:
    """ "Nov 2026" / "2026年11月" (CV dates)."""
    return _format(value, MONTH_YEAR)


def _in_wan() -> bool:
    return translation.get_language() in WAN_LANGUAGES


def _wan(amount: int) -> str:
    """400000 → "40", 325000 → "32.5", 12345 → "1.2" (one decimal at most)."""
    text = f"{amount / WAN:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _grouped(amount: int) -> str:
    return formats.number_format(amount, decimal_pos=0, force_grouping=True)


def _amount(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def salary_range(low, high) -> str:
    """A yearly salary range: "CNY 400,000–600,000 a year" / "年薪 40–60 万"."""
    low, high = _amount(low), _amount(high)
    if low is None and high is None:
        return ""
    if low is None or high is None or low == high:
        return salary(low if high is None else high)
    if _in_wan():
        return pgettext(
            "a salary range in units of 10,000 CNY",
            "%(min)s–%(max)s × 10,000 CNY a year",
        ) % {
            "min": _wan(low),
            "max": _wan(high),
        }
    return gettext("CNY %(min)s–%(max)s a year") % {
        "min": _grouped(low),
        "max": _grouped(high),
    }


def salary(value) -> str:
    """One yearly amount: "CNY 400,000 a year" / "年薪 40 万"."""
    amount = _amount(value)
    if amount is None:
        return ""
    if _in_wan():
        return pgettext(
            "a salary in units of 10,000 CNY", "%(amount)s × 10,000 CNY a year"
        ) % {"amount": _wan(amount)}
    return gettext("CNY %(amount)s a year") % {"amount": _grouped(amount)}


def iso_timestamp(value: datetime) -> str:
    """A moment as machines and spreadsheets read it, in the portal's zone.

    ISO 8601 with the offset and whole seconds ("2026-12-01T21:30:05+08:00"):
    the same instant in every export, whatever zone the database keeps it in.
    """
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return timezone.localtime(value).replace(microsecond=0).isoformat()
