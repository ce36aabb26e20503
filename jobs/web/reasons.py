"""Screening reasons in the reader's language.

The pure engines (jobs/engines/) know no Django and no languages: each reason
carries a message id (`code`) and language-neutral `params` next to its English
`message`, and the stored verdict keeps all three. This registry turns the id
into the reader's language at display time, so a verdict screened while the
candidate read English reads in Chinese once they switch. A reason without an
id, or with one this registry does not know (a verdict stored by an older or
newer release), is shown as its stored English `message`.

A hint's id is the reason's id + ".hint", with the same parameters.
"""

from collections.abc import Mapping
from datetime import date

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.formatting import long_date

# The degree levels as the reasons name them (`level` parameter).
LEVELS = {
    "none": pgettext_lazy("in a visa reason", "no degree"),
    "associate": pgettext_lazy("in a visa reason", "associate degree"),
    "bachelor": pgettext_lazy("in a visa reason", "bachelor's degree"),
    "master": pgettext_lazy("in a visa reason", "master's degree"),
    "doctorate": pgettext_lazy("in a visa reason", "doctorate"),
}

MESSAGES = {
    # K-AGE
    "k_age.unknown": _(
        "We need your date of birth: the K visa has an age requirement."
    ),
    "k_age.unknown.hint": _("Add your date of birth."),
    "k_age.future": _(
        "Your date of birth is after the screening date, so we cannot work out "
        "your age."
    ),
    "k_age.future.hint": _("Check your date of birth."),
    "k_age.young": _(
        "You are %(age)s. No official minimum age is published; commentary "
        "reports %(min)s, so this needs review."
    ),
    "k_age.young.hint": _("Re-screen when you turn %(min)s."),
    "k_age.core": _("You are %(age)s, within every age range reported so far."),
    "k_age.review": _(
        "You are %(age)s. The official age limit is not published; commentary "
        "reports %(max)s, so this needs review."
    ),
    "k_age.old": _(
        "You are %(age)s, older than the %(max)s commonly reported as the limit. "
        "The official limit is not published, so this needs review."
    ),
    # K-DEGREE
    "k_degree.unknown": _(
        "We need the level of your degree (bachelor's, master's, doctorate)."
    ),
    "k_degree.unknown.hint": _("Add the level of your degree."),
    "k_degree.below": _(
        "Your highest listed qualification (%(level)s) is below the bachelor's "
        "degree the K visa asks for."
    ),
    "k_degree.not_conferred": _(
        "Your %(level)s has not been conferred yet; only a degree already awarded "
        "counts."
    ),
    "k_degree.not_conferred.hint": _(
        "Screen again once your degree has been conferred."
    ),
    "k_degree.expected": _(
        "Your %(level)s is expected on %(date)s; only a degree already awarded counts."
    ),
    "k_degree.expected.hint": _("Screen again after %(date)s."),
    "k_degree.met": _(
        "You hold a %(level)s (conferred %(year)s), which meets the "
        "bachelor's-or-higher requirement."
    ),
}


def _localised(params: Mapping) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in params.items():
        if key == "level":
            out[key] = LEVELS.get(str(value), value)
        elif key == "date":
            try:
                out[key] = long_date(date.fromisoformat(str(value)))
            except ValueError:
                out[key] = value
        else:
            out[key] = value
    return out


def _say(code: str, params, fallback: str) -> str:
    text = MESSAGES.get(code) if code else None
    if text is None:
        return fallback
    try:
        return str(text) % _localised(params if isinstance(params, Mapping) else {})
    except (KeyError, TypeError, ValueError):
        return fallback  # parameters from another release: the stored English


def message(reason: Mapping) -> str:
    """A stored reason's message in the active language."""
    return _say(reason.get("code", ""), reason.get("params"), reason.get("message", ""))


def hint(reason: Mapping) -> str:
    """A stored reason's hint in the active language ("" when it has none)."""
    stored = reason.get("hint", "")
    if not stored:
        return ""
    code = reason.get("code", "")
    return _say(f"{code}.hint" if code else "", reason.get("params"), stored)
