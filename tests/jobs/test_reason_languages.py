"""Screening reasons in the reader's language (jobs/web/reasons.py): each id's
English equals the engine's message, so the two cannot drift apart."""

from datetime import date

import pytest
from django.utils import translation

from jobs.engines.screening.config import DEFAULT_CONFIG
from jobs.engines.screening.facts import Degree, DegreeLevel
from jobs.engines.screening.jsonl import _rule
from jobs.engines.screening.k_visa import check_age, check_degree_level
from jobs.web import reasons

AS_OF = date(2026, 12, 1)
AGE_CASES = [
    None,
    date(2030, 1, 1),
    date(2010, 1, 1),
    date(1996, 1, 1),
    date(1985, 1, 1),
    date(1960, 1, 1),
]
DEGREE_CASES = [
    Degree(level=None),
    Degree(level=DegreeLevel.ASSOCIATE, conferred=date(2015, 6, 1)),
    Degree(level=DegreeLevel.MASTER, conferred=None),
    Degree(level=DegreeLevel.MASTER, conferred=date(2027, 6, 30)),
    Degree(level=DegreeLevel.DOCTORATE, conferred=date(2020, 6, 30)),
]


def _results():
    yield from (
        check_age(born=b, as_of=AS_OF, config=DEFAULT_CONFIG) for b in AGE_CASES
    )
    yield from (check_degree_level(d, as_of=AS_OF) for d in DEGREE_CASES)


@pytest.mark.parametrize("result", list(_results()), ids=lambda r: r.code)
def test_every_k_age_and_degree_reason_has_an_id_whose_english_is_the_engines(result):
    assert result.code in reasons.MESSAGES
    stored = _rule(result, True)
    # Dates are the one difference: the engine writes ISO, the page the reader's form.
    english_message, english_hint = result.message, result.hint
    if "date" in stored["params"]:
        iso = stored["params"]["date"]
        shown = "30 June 2027"
        english_message = english_message.replace(iso, shown)
        english_hint = english_hint.replace(iso, shown)
    with translation.override("en"):
        assert reasons.message(stored) == english_message
        assert reasons.hint({**stored, "hint": result.hint}) == english_hint
    with translation.override("zh-hans"):
        chinese = reasons.message(stored)
    assert chinese != result.message
    assert any("\u4e00" <= c <= "\u9fff" for c in chinese)


def test_the_file_interface_keeps_its_shape():
    result = check_age(born=date(1996, 1, 1), as_of=AS_OF, config=DEFAULT_CONFIG)
    assert set(_rule(result, False)) == {"rule", "outcome", "message"}


def test_a_date_parameter_is_formatted_for_the_reader():
    stored = _rule(check_degree_level(DEGREE_CASES[3], as_of=AS_OF), True)
    with translation.override("zh-hans"):
        assert "2027年6月30日" in reasons.message(stored)


def test_an_unknown_id_or_broken_params_show_the_stored_english():
    assert reasons.message({"code": "later.release", "message": "Stored."}) == "Stored."
    assert (
        reasons.message({"code": "k_age.core", "params": {}, "message": "Old."})
        == "Old."
    )
    assert reasons.message({"message": "No id."}) == "No id."
