"""Tests for the field-of-study classifier and its STEM status."""

import pytest

from jobs.engines.screening.fields import (
    CATEGORIES,
    DEFAULT_AMBIGUOUS_SUBJECTS,
    SUBJECTS,
    FieldClassification,
    StemStatus,
    classify_field,
    field_suggestions,
    stem_status,
)


# The suite-wide autouse fixtures in tests/conftest.py need Django; this module is
# pure Python and runs with -p no:django, so it shadows them with no-ops.
@pytest.fixture(autouse=True)
def _test_settings() -> None:
    """Shadow the Django settings fixture."""


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """Shadow the Django cache fixture."""


# (name, category, subject); subject None means "do not check the subject".
NAMES = [
    # English
    ("Computer Science", "08", "0812"),
    ("Software Engineering", "08", "0835"),
    ("Information Technology", "08", "0812"),
    ("Data Science", "08", "0812"),
    ("Artificial Intelligence", "08", "0812"),
    ("Machine Learning", "08", "0812"),
    ("Cybersecurity", "08", "0839"),
    ("Robotics", "08", "0811"),
    ("Electrical Engineering", "08", "0808"),
    ("Electrical and Computer Engineering", "08", "0808"),
    ("Electronic Engineering", "08", "0809"),
    ("Telecommunications", "08", "0810"),
    ("Mechanical Engineering", "08", "0802"),
    ("Civil Engineering", "08", "0814"),
    ("Chemical Engineering", "08", "0817"),
    ("Biomedical Engineering", "08", "0831"),
    ("Materials Science", "08", "0805"),
    ("Aerospace Engineering", "08", "0825"),
    ("Nuclear Engineering", "08", "0827"),
    ("Environmental Science", "08", "0830"),
    ("Architecture", "08", "0813"),
    ("Landscape Architecture", "08", "0834"),
    ("Naval Architecture", "08", "0824"),
    ("Computer Architecture", "08", "0812"),
    ("Urban Planning", "08", "0833"),
    ("Food Science", "08", "0832"),
    ("Industrial Design", "08", "0802"),
    ("Engineering", "08", None),
    ("Mathematics", "07", "0701"),
    ("Applied Mathematics", "07", "0701"),
    ("Operations Research", "07", "0701"),
    ("Physics", "07", "0702"),
    ("Engineering Physics", "07", "0702"),
    ("Chemistry", "07", "0703"),
    ("Chemical Biology", "07", "0703"),
    ("Astrophysics", "07", "0704"),
    ("Geography", "07", "0705"),
    ("Meteorology", "07", "0706"),
    ("Oceanography", "07", "0707"),
    ("Geophysics", "07", "0708"),
    ("Earth Sciences", "07", "0709"),
    ("Biology", "07", "0710"),
    ("Bioinformatics", "07", "0710"),
    ("Neuroscience", "07", "0710"),
    ("Ecology", "07", "0713"),
    ("Statistics", "07", "0714"),
    ("Actuarial Science", "07", "0714"),
    ("Applied Statistics", "02", "0270"),
    ("Psychology", "04", "0402"),
    ("Cognitive Science", "04", "0402"),
    ("Management Science and Engineering", "12", "1201"),
    ("Industrial Engineering", "12", "1201"),
    ("Information Systems", "12", "1201"),
    ("Agronomy", "09", "0901"),
    ("Veterinary Medicine", "09", "0906"),
    ("Clinical Medicine", "10", "1002"),
    ("Nursing", "10", "1011"),
    ("Pharmacy", "10", "1007"),
    ("Dentistry", "10", "1003"),
    ("Public Health", "10", "1004"),
    ("Economics", "02", "0201"),
    ("Econometrics", "02", "0202"),
    ("Finance", "02", "0251"),
    ("Financial Engineering", "14", None),
    ("Law", "03", "0301"),
    ("Civil Law", "03", "0301"),
    ("Political Science", "03", "0302"),
    ("Sociology", "03", "0303"),
    ("Education", "04", "0401"),
    ("Kinesiology", "04", "0403"),
    ("English Literature", "05", "0502"),
    ("Linguistics", "05", "0502"),
    ("Journalism", "05", "0503"),
    ("History", "06", "0602"),
    ("Archaeology", "06", "0601"),
    ("Philosophy", "01", "0101"),
    ("Business Administration", "12", "1202"),
    ("Accounting", "12", "1253"),
    ("Public Administration", "12", "1204"),
    ("Fine Arts", "13", "1304"),
    ("Art History", "13", "1304"),
    ("Music", "13", "1302"),
    ("Graphic Design", "13", None),
    ("Military Science", "11", None),
    ("Integrated Circuits", "14", "1401"),
    # Abbreviations
    ("CS", "08", "0812"),
    ("CompSci", "08", "0812"),
    ("EE", "08", "0808"),
    ("ECE", "08", "0808"),
    ("ME", "08", "0802"),
    ("AI", "08", "0812"),
    ("ML", "08", "0812"),
    ("MS&E", "12", "1201"),
    ("MBA", "12", "1202"),
    ("BBA", "12", "1202"),
    ("MD", "10", "1002"),
    ("MBBS", "10", "1002"),
    ("LLB", "03", "0301"),
    ("JD", "03", "0301"),
    # Chinese, simplified and traditional
    ("计算机科学与技术", "08", "0812"),
    ("软件工程", "08", "0835"),
    ("人工智能", "08", "0812"),
    ("电气工程及其自动化", "08", "0808"),
    ("数学与应用数学", "07", "0701"),
    ("天文学", "07", "0704"),
    ("统计学", "07", "0714"),
    ("心理学", "04", "0402"),
    ("生物医学工程", "08", "0831"),
    ("集成电路", "14", "1401"),
    ("临床医学", "10", "1002"),
    ("汉语言文学", "05", "0501"),
    ("工商管理", "12", "1202"),
    ("資訊工程", "08", "0812"),
    ("電機工程", "08", "0808"),
    ("電腦科學", "08", "0812"),
    ("統計學", "07", "0714"),
    ("醫學", "10", "1002"),
    ("工学硕士（计算机）", "08", "0812"),
    ("计算机学院", "08", "0812"),
    # German
    ("Informatik", "08", "0812"),
    ("Maschinenbau", "08", "0802"),
    ("Elektrotechnik", "08", "0808"),
    ("Physik", "07", "0702"),
    ("Wirtschaftsinformatik", "12", "1201"),
    ("Wirtschaftsingenieurwesen", "12", "1201"),
    ("Betriebswirtschaftslehre", "12", "1202"),
    ("Volkswirtschaftslehre", "02", "0201"),
    ("Medizin", "10", "1002"),
    # French
    ("Génie électrique", "08", "0808"),
    ("Informatique", "08", "0812"),
    ("Mathématiques appliquées", "07", "0701"),
    ("Génie civil", "08", "0814"),
    ("Chimie", "07", "0703"),
    ("Sciences politiques", "03", "0302"),
    # Spanish, Italian, Portuguese, Dutch
    ("Ingeniería Informática", "08", "0812"),
    ("Ingeniería Industrial", "12", "1201"),
    ("Agronomía", "09", "0901"),
    ("Ingegneria meccanica", "08", "0802"),
    ("Fisica", "07", "0702"),
    ("Engenharia Elétrica", "08", "0808"),
    ("Werktuigbouwkunde", "08", "0802"),
    ("Scheikunde", "07", "0703"),
    ("Rechten", "03", "0301"),
    # Degree-title noise, case and punctuation
    ("MSc in Computer Science", "08", "0812"),
    ("BEng (Hons) Mechanical Engineering", "08", "0802"),
    ("PhD, Physics", "07", "0702"),
    ("Master of Science — Data Science", "08", "0812"),
    ("B.Sc. Mathematics", "07", "0701"),
    ("B.Sc.Computer Science", "08", "0812"),
    ("Master's degree in Physics", "07", "0702"),
    ("Computer Science, M.S.", "08", "0812"),
    ("BSc (Hons) Psychology", "04", "0402"),
    ("Bachelor of Science in Nursing", "10", "1011"),
    ("Bachelor of Arts in History", "06", "0602"),
    ("Doctor of Philosophy in Philosophy", "01", "0101"),
    ("MD Clinical Medicine", "10", "1002"),
    ("MBA in Finance", "02", "0251"),
    ("Master of Laws", "03", "0301"),
    ("BEng (Hons)", "08", None),
    ("Dipl.-Ing. Maschinenbau", "08", "0802"),
    ("Laurea magistrale in Ingegneria meccanica", "08", "0802"),
    ("Grado en Ingeniería Informática", "08", "0812"),
    ("Licence en Informatique", "08", "0812"),
    ("Mestrado em Engenharia Civil", "08", "0814"),
    ("Physics (minor in Economics)", "07", "0702"),
    ("  COMPUTER   science!! ", "08", "0812"),
    ("computer-science", "08", "0812"),
    # Joint degrees
    ("Computer Science and Mathematics", "08", "0812"),
    ("Mathematics and Statistics", "07", "0701"),
    ("Law and Economics", "03", "0301"),
    ("Economics and Mathematics", "14", None),
    ("Business Administration and Computer Science", "14", None),
    ("Biology and Medicine", "14", None),
]


@pytest.mark.parametrize(("name", "category", "subject"), NAMES)
def test_classify_name(name: str, category: str, subject: str | None) -> None:
    """Names in every supported language and form map to the expected discipline."""
    fc = classify_field(name)
    assert fc.category == category, fc
    if subject is not None:
        assert fc.subject == subject, fc
    assert fc.label
    assert fc.matched_by in {"exact", "keyword", "fuzzy"}


def test_vocabulary_is_large_enough() -> None:
    """The table covers at least 80 names (the brief's floor)."""
    assert len(NAMES) >= 80


@pytest.mark.parametrize(
    ("name", "category", "subject"),
    [
        ("Computer Sceince", "08", "0812"),
        ("Mathematcs", "07", "0701"),
        ("Phyiscs", "07", "0702"),
        ("Pyschology", "04", "0402"),
        ("Econmics", "02", "0201"),
        ("Enviromental Engineering", "08", "0830"),
    ],
)
def test_typos_fall_back_to_fuzzy(name: str, category: str, subject: str) -> None:
    """Small typos are corrected, and say so."""
    fc = classify_field(name)
    assert (fc.category, fc.subject, fc.matched_by) == (category, subject, "fuzzy")


@pytest.mark.parametrize(
    "name",
    [
        None,
        "",
        "   ",
        "Underwater basket weaving",
        "General studies",
        "Liberal Arts",
        "Interdisciplinary Studies",
        "N/A",
        "asdfgh qwerty",
        "Master of Science",
        "MSc",
        "Ph.D.",
        "BA",
    ],
)
def test_unmappable_names(name: str | None) -> None:
    """Nonsense, non-disciplines and bare degree titles give no category."""
    fc = classify_field(name)
    assert fc == FieldClassification(None, None, "", "none")
    assert stem_status(fc) is StemStatus.UNMAPPED


@pytest.mark.parametrize(
    ("name", "code", "category", "subject"),
    [
        ("Economics", "0812", "08", "0812"),
        ("Computer Science", "0201", "02", "0201"),
        ("Physics", "081200", "08", "0812"),
        ("Physics", " 0812 计算机 ", "08", "0812"),
        (None, "0812 计算机", "08", "0812"),
        ("Anything", "08", "08", None),
        ("Statistics", "07", "07", "0714"),
        ("Mechanical Engineering", "08", "08", "0802"),
        ("Psychology", "071101", "07", "0402"),
        ("History", "080901", "08", None),
        ("Psychology", "0771", "07", "0402"),
        ("Applied Statistics", "0252", "02", "0270"),
        ("Engineering Management", "1256", "12", "1201"),
        ("Clinical Medicine", "1002", "10", "1002"),
        ("Integrated circuit design", "1401", "14", "1401"),
        (None, "0714", "07", "0714"),
    ],
)
def test_valid_code_wins(
    name: str | None, code: str, category: str, subject: str | None
) -> None:
    """A valid discipline code decides the category over the text."""
    fc = classify_field(name, code)
    assert (fc.category, fc.subject, fc.matched_by) == (category, subject, "code")
    assert fc.label


@pytest.mark.parametrize(
    "code", ["", "   ", "00", "15", "99", "0899", "0000", "11.0701", "12345", "abc"]
)
def test_invalid_code_falls_back_to_text(code: str) -> None:
    """Unknown or malformed codes (including CIP codes) are ignored."""
    assert classify_field("Physics", code) == classify_field("Physics")
    assert classify_field("Physics", code).subject == "0702"


def test_code_labels_come_from_catalogue() -> None:
    """Code matches are labelled with the catalogue's English names."""
    assert classify_field(None, "0812").label == SUBJECTS["0812"]
    assert classify_field(None, "10").label == CATEGORIES["10"]


@pytest.mark.parametrize(
    ("name", "code", "status"),
    [
        ("Computer Science", None, StemStatus.STEM),
        ("Physics", None, StemStatus.STEM),
        ("Materials Science", None, StemStatus.STEM),
        ("Architecture", None, StemStatus.STEM),
        ("Statistics", None, StemStatus.AMBIGUOUS),
        ("Applied Statistics", None, StemStatus.AMBIGUOUS),
        ("Psychology", None, StemStatus.AMBIGUOUS),
        ("Management Science and Engineering", None, StemStatus.AMBIGUOUS),
        ("Agronomy", None, StemStatus.AMBIGUOUS),
        ("Clinical Medicine", None, StemStatus.AMBIGUOUS),
        ("Integrated Circuits", None, StemStatus.AMBIGUOUS),
        ("Economics and Mathematics", None, StemStatus.AMBIGUOUS),
        ("MBA", None, StemStatus.NON_STEM),
        ("Economics", None, StemStatus.NON_STEM),
        ("Law", None, StemStatus.NON_STEM),
        ("Fine Arts", None, StemStatus.NON_STEM),
        ("History", None, StemStatus.NON_STEM),
        ("Underwater basket weaving", None, StemStatus.UNMAPPED),
        (None, "0714", StemStatus.AMBIGUOUS),
        (None, "0402", StemStatus.AMBIGUOUS),
        (None, "1201", StemStatus.AMBIGUOUS),
        (None, "0270", StemStatus.AMBIGUOUS),
        (None, "0701", StemStatus.STEM),
        (None, "07", StemStatus.STEM),
        (None, "09", StemStatus.AMBIGUOUS),
        (None, "14", StemStatus.AMBIGUOUS),
        (None, "12", StemStatus.NON_STEM),
        (None, "1202", StemStatus.NON_STEM),
    ],
)
def test_stem_status_defaults(
    name: str | None, code: str | None, status: StemStatus
) -> None:
    """Default lists: 07/08 STEM; 09/10/14 and four subjects ambiguous."""
    assert stem_status(classify_field(name, code)) is status


def test_subject_ambiguity_overrides_stem_category() -> None:
    """Statistics is under science, but its subject makes it ambiguous."""
    fc = classify_field("Statistics")
    assert fc.category == "07"
    assert fc.subject in DEFAULT_AMBIGUOUS_SUBJECTS
    assert stem_status(fc) is StemStatus.AMBIGUOUS
    assert stem_status(fc, ambiguous_subjects=frozenset()) is StemStatus.STEM


def test_stem_status_configuration() -> None:
    """Staff can move categories and subjects between the lists."""
    medicine = classify_field("Clinical Medicine")
    assert (
        stem_status(medicine, stem_categories=frozenset({"07", "08", "10"}))
        is StemStatus.STEM
    )
    assert (
        stem_status(medicine, ambiguous_categories=frozenset()) is StemStatus.NON_STEM
    )
    psych = classify_field("Psychology")
    assert stem_status(psych, ambiguous_subjects=frozenset()) is StemStatus.NON_STEM


def test_stem_status_values() -> None:
    """The enum's string values are the ones stored and shown."""
    assert [s.value for s in StemStatus] == [
        "stem",
        "ambiguous",
        "non_stem",
        "unmapped",
    ]


def test_classification_is_cached() -> None:
    """Repeated calls return the same object from the cache."""
    first = classify_field("Computer Science", "0812")
    assert classify_field("Computer Science", "0812") is first
    assert classify_field.cache_info().hits > 0


def test_result_is_frozen() -> None:
    """Results are immutable, so cached objects cannot be corrupted."""
    fc = classify_field("Physics")
    with pytest.raises(AttributeError):
        fc.category = "01"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("comp", "Computer Science"),
        ("Computer", "Computer Science"),
        ("mech", "Mechanical Engineering"),
        ("informatik", "Computer Science"),
        ("计算机", "Computer Science"),
        ("physcs", "Physics"),
        ("bio", "Biomedical Engineering"),
        ("stat", "Statistics"),
    ],
)
def test_field_suggestions_contain(text: str, expected: str) -> None:
    """Autocomplete offers canonical English names for prefixes, aliases and typos."""
    assert expected in field_suggestions(text)


def test_field_suggestions_ranking_and_limit() -> None:
    """Name prefixes rank first; the limit is honoured; empty input suggests nothing."""
    assert field_suggestions("comp")[0] == "Computer Science"
    assert len(field_suggestions("engineering", limit=3)) == 3
    assert field_suggestions("") == []
    assert field_suggestions("   ") == []
    assert field_suggestions("physics", limit=0) == []
    result = field_suggestions("eng")
    assert len(result) == len(set(result))


def test_field_suggestions_returns_fresh_lists() -> None:
    """Callers may mutate the list without touching the cache."""
    field_suggestions("math").clear()
    assert "Mathematics" in field_suggestions("math")
