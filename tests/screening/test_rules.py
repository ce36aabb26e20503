"""K-visa rules, outcomes, configuration and cities: table-driven, no database."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from jobs.engines.screening import config as config_module
from jobs.engines.screening.cities import DEFAULT_CITY_WAGES, CityWage, find_city
from jobs.engines.screening.config import DEFAULT_CONFIG, RulesConfig
from jobs.engines.screening.engine import facts_fingerprint, screen
from jobs.engines.screening.facts import (
    Candidate,
    Degree,
    DegreeLevel,
    Position,
    PositionKind,
    completed_years,
)
from jobs.engines.screening.outcomes import RULE_IDS, Outcome, RuleResult, best, worst
from tests.purity import modules_loaded_by
from tests.screening.fakes import FAKE_INDEX

AS_OF = date(2026, 1, 15)
L, P, U, D, X = (
    Outcome.LIKELY,
    Outcome.POSSIBLE,
    Outcome.UNKNOWN,
    Outcome.DOUBTFUL,
    Outcome.UNLIKELY,
)
MSC_CS = Degree(
    DegreeLevel.MASTER, "Computer Science", "0812", "Top University", date(2022, 6, 30)
)


def k(candidate: Candidate, config: RulesConfig = DEFAULT_CONFIG) -> Outcome:
    return screen(
        candidate, config=config, institutions=FAKE_INDEX, as_of=AS_OF
    ).k_visa.outcome


def reason(candidate: Candidate, rule: str) -> RuleResult:
    result = screen(candidate, institutions=FAKE_INDEX, as_of=AS_OF)
    return next(r for r in result.k_visa.reasons if r.rule == rule)


def person(born: date | None = date(1997, 5, 10), **kw: object) -> Candidate:
    kw.setdefault("degrees", (MSC_CS,))
    kw.setdefault("positions", ())
    return Candidate(id="t", date_of_birth=born, **kw)  # type: ignore[arg-type]


def test_outcomes_are_ordered_worst_to_best() -> None:
    assert [o.value for o in Outcome] == [
        "unlikely",
        "doubtful",
        "unknown",
        "possible",
        "likely",
    ]
    assert worst(L, P, D) is D
    assert best(X, U, P) is P
    assert worst(L) is L
    with pytest.raises(ValueError, match="at least one"):
        worst()


def test_rule_ids_are_stable() -> None:
    assert RULE_IDS == (
        "K-AGE",
        "K-DEGREE",
        "K-FIELD",
        "K-INSTITUTION",
        "K-POSITION",
        "WP-POINTS",
        "WP-A",
        "WP-B",
        "R",
    )


@pytest.mark.parametrize(
    ("born", "as_of", "age"),
    [
        (date(1997, 5, 10), date(2026, 1, 15), 28),
        (date(1980, 6, 1), date(2026, 1, 15), 45),
        (date(1980, 1, 15), date(2026, 1, 15), 46),
        (date(1980, 1, 16), date(2026, 1, 15), 45),
        (date(2000, 2, 29), date(2026, 2, 28), 25),
        (date(2000, 2, 29), date(2026, 3, 1), 26),
    ],
)
def test_completed_years(born: date, as_of: date, age: int) -> None:
    assert completed_years(born, as_of) == age


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (date(2008, 3, 1), P),  # 17: below the commentary minimum
        (date(2008, 1, 15), L),  # 18 today
        (date(1990, 1, 16), L),  # 35
        (date(1990, 1, 15), P),  # 36 today
        (date(1980, 6, 1), P),  # 45
        (date(1980, 1, 15), D),  # 46 today
        (date(1950, 1, 1), D),
        (None, U),
        (date(2027, 1, 1), U),  # born after the as-of date: a data error
    ],
)
def test_age_rule_bands(born: date | None, expected: Outcome) -> None:
    assert reason(person(born), "K-AGE").outcome is expected
    assert k(person(born)) is expected  # the degree path itself is likely


def test_age_bands_follow_configuration() -> None:
    older = person(date(1978, 1, 1))  # 48
    assert k(older) is D
    relaxed = replace(DEFAULT_CONFIG, k_age_max=50)
    assert k(older, relaxed) is P


@pytest.mark.parametrize(
    ("degree", "expected"),
    [
        (MSC_CS, L),
        (replace(MSC_CS, level=DegreeLevel.BACHELOR), L),
        (replace(MSC_CS, level=DegreeLevel.DOCTORATE), L),
        (replace(MSC_CS, level=DegreeLevel.ASSOCIATE), X),
        (replace(MSC_CS, level=DegreeLevel.NONE), X),
        (replace(MSC_CS, level=None), U),
        (replace(MSC_CS, conferred=None), X),  # pending
        (replace(MSC_CS, conferred=date(2026, 6, 30)), X),  # expected later
        (replace(MSC_CS, conferred=AS_OF), L),  # conferred today counts
    ],
)
def test_degree_level_and_conferral(degree: Degree, expected: Outcome) -> None:
    assert k(person(degrees=(degree,))) is expected


def test_pending_degree_hint_says_rescreen() -> None:
    r = reason(person(degrees=(replace(MSC_CS, conferred=None),)), "K-DEGREE")
    assert r.outcome is X
    assert "conferred" in r.hint


@pytest.mark.parametrize(
    ("field", "code", "expected"),
    [
        ("Computer Science", "0812", L),
        ("Physics", "0702", L),
        ("Materials Science", "0805", L),
        ("Clinical Medicine", "1002", P),
        ("Agronomy", "0901", P),
        ("Integrated Circuits", "1401", P),
        ("Psychology", "0402", P),
        ("Statistics", "0714", P),
        ("Management Science and Engineering", "1201", P),
        ("Business Administration", "1202", X),
        ("Law", "0301", X),
        (None, None, U),
    ],
)
def test_field_rule(field: str | None, code: str | None, expected: Outcome) -> None:
    degree = replace(MSC_CS, field=field, discipline_code=code)
    assert reason(person(degrees=(degree,)), "K-FIELD").outcome is expected


def test_unmappable_field_needs_review_with_hint() -> None:
    degree = replace(MSC_CS, field="Qwxz Zyglorp Studies", discipline_code=None)
    r = reason(person(degrees=(degree,)), "K-FIELD")
    assert r.outcome is P
    assert "discipline code" in r.hint


def test_stem_sets_follow_configuration() -> None:
    md = replace(MSC_CS, field="Clinical Medicine", discipline_code="1002")
    assert k(person(degrees=(md,))) is P
    cfg = replace(DEFAULT_CONFIG, stem_categories=frozenset({"07", "08", "10"}))
    assert k(person(degrees=(md,)), cfg) is L


@pytest.mark.parametrize(
    ("institution", "expected"),
    [
        ("Top University", L),
        ("tu", L),  # alias, any case
        ("Mid University", L),  # rank 150
        ("Tier Two University", P),  # rank 350
        ("Far University", D),  # rank 800
        ("Plain College", D),  # unranked
        ("Double First Class University", L),
        ("National Physics Institute", L),
        ("Nowhere Institute of Nothing", D),  # not found
        (None, U),
    ],
)
def test_institution_tiers(institution: str | None, expected: Outcome) -> None:
    degree = replace(MSC_CS, institution=institution)
    assert reason(person(degrees=(degree,)), "K-INSTITUTION").outcome is expected
    assert k(person(degrees=(degree,))) is expected


def test_ranking_tiers_follow_configuration() -> None:
    degree = replace(MSC_CS, institution="Tier Two University")
    cfg = replace(DEFAULT_CONFIG, tier1_max_rank=400)
    assert k(person(degrees=(degree,)), cfg) is L


def test_best_degree_wins_whatever_the_order() -> None:
    mba = Degree(
        DegreeLevel.MASTER,
        "Business Administration",
        "1202",
        "Top University",
        date(2020, 1, 1),
    )
    for degrees in ((mba, MSC_CS), (MSC_CS, mba)):
        result = screen(person(degrees=degrees), institutions=FAKE_INDEX, as_of=AS_OF)
        assert result.k_visa.outcome is L
        field = next(r for r in result.k_visa.reasons if r.rule == "K-FIELD")
        assert field.outcome is L


RESEARCH_POST = Position(
    "Research engineer",
    PositionKind.RESEARCH,
    "National Physics Institute",
    "Physics",
    date(2022, 9, 1),
    None,
)


@pytest.mark.parametrize(
    ("degrees", "post", "expected"),
    [
        ((), RESEARCH_POST, P),  # no degree: the text is silent on a degree → review
        (  # any conferred bachelor's (even unranked, non-STEM): the post's outcome
            (
                Degree(
                    DegreeLevel.BACHELOR,
                    "History",
                    "0601",
                    "Plain College",
                    date(2015, 7, 1),
                ),
            ),
            RESEARCH_POST,
            L,
        ),
        ((), replace(RESEARCH_POST, kind=PositionKind.TEACHING), P),
        ((), replace(RESEARCH_POST, organisation="Tier Two University"), P),
        ((), replace(RESEARCH_POST, organisation="Plain College"), D),
        ((), replace(RESEARCH_POST, field="Law"), X),
        ((), replace(RESEARCH_POST, field=None), U),
        ((), replace(RESEARCH_POST, kind=PositionKind.ENGINEERING), X),
        ((), replace(RESEARCH_POST, kind=None), U),
        ((), replace(RESEARCH_POST, end=date(2025, 12, 31)), X),  # no longer held
        ((), replace(RESEARCH_POST, start=date(2026, 3, 1)), X),  # not started yet
    ],
)
def test_teaching_research_path(
    degrees: tuple[Degree, ...], post: Position, expected: Outcome
) -> None:
    candidate = person(date(1992, 7, 7), degrees=degrees, positions=(post,))
    assert k(candidate) is expected


def test_research_path_beats_failed_degree_path() -> None:
    mba = Degree(
        DegreeLevel.MASTER,
        "Business Administration",
        "1202",
        "Top University",
        date(2020, 1, 1),
    )
    candidate = person(degrees=(mba,), positions=(RESEARCH_POST,))
    result = screen(candidate, institutions=FAKE_INDEX, as_of=AS_OF)
    assert result.k_visa.outcome is L
    by_rule = {r.rule: r for r in result.k_visa.reasons}
    assert by_rule["K-POSITION"].outcome is L
    # Spec change (wave 2): K-DEGREE, K-FIELD and K-INSTITUTION always speak of the
    # degree that decided the degree route, even when the post route decides; the
    # degree route fails on its field, not its level.
    assert by_rule["K-DEGREE"].outcome is L
    assert by_rule["K-FIELD"].outcome is X
    assert by_rule["K-INSTITUTION"].message.startswith("Top University")
    assert result.k_visa.decided_by == "position"


def test_lecturer_at_unranked_university_aged_38_is_doubtful() -> None:
    # visa-rules-sources.md T13: unranked on both paths; age alone would give possible.
    msc = Degree(
        DegreeLevel.MASTER,
        "Electrical Engineering",
        "0808",
        "Provincial University",
        date(2012, 7, 1),
    )
    post = Position(
        "Lecturer",
        PositionKind.TEACHING,
        "Provincial University",
        "Electrical Engineering",
        date(2013, 9, 1),
        None,
    )
    assert k(person(date(1987, 5, 5), degrees=(msc,), positions=(post,))) is D


def test_missing_degrees_and_positions_are_unknown() -> None:
    candidate = Candidate(id="x", date_of_birth=date(1997, 5, 10))
    result = screen(candidate, institutions=FAKE_INDEX, as_of=AS_OF)
    assert result.k_visa.outcome is U
    assert {r.rule: r.outcome for r in result.k_visa.reasons}["K-DEGREE"] is U


def test_every_k_result_has_one_reason_per_rule_and_always_shown_items() -> None:
    result = screen(person(), institutions=FAKE_INDEX, as_of=AS_OF)
    assert [r.rule for r in result.k_visa.reasons] == [
        "K-AGE",
        "K-DEGREE",
        "K-FIELD",
        "K-INSTITUTION",
        "K-POSITION",
    ]
    assert all(r.message for r in result.k_visa.reasons)
    notes = " ".join(result.k_visa.notes)
    assert "No Chinese employer" in notes
    assert "work permit" in notes
    assert "embassies and consulates" in notes
    checklist = " ".join(result.k_visa.checklist)
    for item in ("Passport", "application form", "photo", "Degree certificate"):
        assert item in checklist
    assert result.work_permit is None
    assert result.r_visa is None


def test_checklist_asks_for_post_proof_on_research_path() -> None:
    candidate = person(degrees=(), positions=(RESEARCH_POST,))
    checklist = screen(candidate, institutions=FAKE_INDEX, as_of=AS_OF).k_visa.checklist
    assert any("teaching or research post" in item for item in checklist)
    assert not any(item.startswith("Degree certificate for") for item in checklist)


def test_hints_collect_what_would_change_the_verdict() -> None:
    result = screen(person(None), institutions=FAKE_INDEX, as_of=AS_OF)
    assert "Add your date of birth." in result.k_visa.hints


def test_config_round_trips_through_json() -> None:
    custom = replace(
        DEFAULT_CONFIG,
        k_age_max=40,
        stem_categories=frozenset({"07"}),
        city_wages=DEFAULT_CITY_WAGES[:2],
    )
    for cfg in (DEFAULT_CONFIG, custom):
        data = json.loads(json.dumps(cfg.to_dict()))
        again = RulesConfig.from_dict(data)
        assert again == cfg
        assert again.fingerprint() == cfg.fingerprint()


def test_fingerprint_changes_with_any_setting_and_engine_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = DEFAULT_CONFIG.fingerprint()
    assert base == RulesConfig().fingerprint()
    assert replace(DEFAULT_CONFIG, tier2_max_rank=600).fingerprint() != base
    wages = (replace(DEFAULT_CITY_WAGES[0], avg_wage_cny=1), *DEFAULT_CITY_WAGES[1:])
    assert replace(DEFAULT_CONFIG, city_wages=wages).fingerprint() != base
    monkeypatch.setattr(config_module, "ENGINE_VERSION", "999")
    assert DEFAULT_CONFIG.fingerprint() != base


def test_rules_version_is_recorded_on_every_result() -> None:
    result = screen(person(), institutions=FAKE_INDEX, as_of=AS_OF)
    assert result.rules_version == DEFAULT_CONFIG.fingerprint()


@pytest.mark.parametrize(
    "data",
    [
        {"k_age_maximum": 40},
        {"k_age_min": 50},
        {"points_table_version": "2030"},
        {"double_first_class_is_tier1": "yes"},
    ],
)
def test_bad_config_is_rejected(data: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - several distinct messages
        RulesConfig.from_dict(data)


def test_partial_config_takes_defaults() -> None:
    assert RulesConfig.from_dict({"k_age_max": 40}) == replace(
        DEFAULT_CONFIG, k_age_max=40
    )


@pytest.mark.parametrize(
    ("name", "city"),
    [
        ("Shanghai", "Shanghai"),
        ("shanghai shi", "Shanghai"),
        ("上海", "Shanghai"),
        ("上海市", "Shanghai"),
        ("Xi'an", "Xi'an"),
        ("Xian", "Xi'an"),
        ("XI'AN", "Xi'an"),
        ("西安", "Xi'an"),
        ("Peking", "Beijing"),
        ("Chengdu City", "Chengdu"),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_city_lookup_is_tolerant(name: str, city: str | None) -> None:
    found = find_city(name, DEFAULT_CITY_WAGES)
    assert (found.city if found else None) == city


def test_city_table_covers_thirty_cities_with_years_and_sources() -> None:
    assert len(DEFAULT_CITY_WAGES) >= 30
    for row in DEFAULT_CITY_WAGES:
        assert isinstance(row, CityWage)
        assert row.avg_wage_cny > 50_000
        assert 2020 <= row.year <= 2025
        assert row.source
        assert row.city_zh
        assert row.province
    flagged = {r.city for r in DEFAULT_CITY_WAGES if r.location_points_region}
    assert {"Chengdu", "Chongqing", "Xi'an", "Shenyang", "Harbin"} <= flagged
    assert not {"Beijing", "Shanghai", "Shenzhen", "Guangzhou"} & flagged


def test_facts_fingerprint_ignores_order_and_id_but_not_facts() -> None:
    bsc = replace(MSC_CS, level=DegreeLevel.BACHELOR, conferred=date(2020, 6, 30))
    a = person(degrees=(MSC_CS, bsc), positions=(RESEARCH_POST,))
    b = replace(person(degrees=(bsc, MSC_CS), positions=(RESEARCH_POST,)), id="other")
    assert facts_fingerprint(a) == facts_fingerprint(b)
    assert facts_fingerprint(a) != facts_fingerprint(replace(a, hsk_level=3))
    assert facts_fingerprint(a) != facts_fingerprint(replace(a, degrees=(MSC_CS,)))
    assert len(facts_fingerprint(a)) == 16


def test_screening_does_not_import_django() -> None:
    count, loaded = modules_loaded_by(
        "jobs.engines.screening",
        exercise=(
            "from datetime import date\n"
            "from jobs.engines.screening.engine import screen\n"
            "from jobs.engines.screening.facts import Candidate\n"
            "screen(Candidate(id='x'), as_of=date(2026, 1, 15))"
        ),
        forbidden=("django",),
    )
    assert count >= 10
    assert loaded == []
