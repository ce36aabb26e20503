"""Institution names in every form, the ARWU/THE ranks and combined-field abbreviations."""

from __future__ import annotations

import pytest

from jobs.engines.screening.config import DEFAULT_CONFIG
from jobs.engines.screening.fields import StemStatus, classify_field, stem_status
from jobs.engines.screening.institutions import InstitutionIndex, default_index
from jobs.engines.screening.lookups import Lookups, Tier
from jobs.engines.screening.sources import clean_table_name


@pytest.fixture(scope="module")
def index() -> InstitutionIndex:
    return default_index()


# (as people write it, the English name it must resolve to)
NATIVE_AND_SHORT = [
    ("МГУ", "Lomonosov Moscow State University"),
    ("МГУ имени М. В. Ломоносова", "Lomonosov Moscow State University"),
    ("МГУ им. М.В. Ломоносова", "Lomonosov Moscow State University"),
    ("СПбГУ", "Saint Petersburg State University"),
    (
        "Санкт-Петербургский государственный университет",
        "Saint Petersburg State University",
    ),
    ("МФТИ", "Moscow Institute of Physics and Technology"),
    ("НИУ ВШЭ", "National Research University Higher School of Economics"),
    ("서울대학교", "Seoul National University"),
    ("한국과학기술원", "Korea Advanced Institute of Science and Technology"),
    ("東京大学", "The University of Tokyo"),
    ("京都大学", "Kyoto University"),
    ("復旦大學", "Fudan University"),
    ("东南大学", "Southeast University"),
    ("جامعة الملك عبدالعزيز", "King Abdulaziz University"),
    ("جامعة الملك عبد العزيز", "King Abdulaziz University"),
    ("جامعة الملك سعود", "King Saud University"),
    ("جامعة القاهرة", "Cairo University"),
    ("האוניברסיטה העברית בירושלים", "Hebrew University of Jerusalem"),
    ("הטכניון", "Technion – Israel Institute of Technology"),
    ("אוניברסיטת תל אביב", "Tel Aviv University"),
    ("Universität Wien", "University of Vienna"),
    ("Universite de Montreal", "University of Montreal"),
    ("Technische Universität München", "Technical University of Munich"),
    ("Karolinska Institutet", "Karolinska Institute"),
    ("UCSF", "University of California, San Francisco"),
    ("UT Southwestern", "University of Texas Southwestern Medical Center"),
    ("Université PSL", "PSL University"),
    ("PSL Research University Paris", "PSL University"),
]


@pytest.mark.parametrize(("written", "name"), NATIVE_AND_SHORT)
def test_native_script_and_short_names_resolve(
    index: InstitutionIndex, written: str, name: str
) -> None:
    found = index.resolve(written)
    assert found is not None, written
    assert found.name == name


CAMPUS_FORMS = [
    "University of California - San Francisco",
    "University of California, San Francisco",
    "University of California San Francisco",
    "Univ California - San Francisco",
    "UC San Francisco",
]


@pytest.mark.parametrize("written", CAMPUS_FORMS)
def test_campus_forms_meet(index: InstitutionIndex, written: str) -> None:
    found = index.resolve(written)
    assert found is not None, written
    assert found.key == "ucsf"


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Ohio State University (Main campus)", "Ohio State University"),
        ("Yonsei University (Seoul campus)", "Yonsei University"),
        ("University of Wisconsin - Madison", "University of Wisconsin-Madison"),
        ("University of Wisconsin, Madison", "University of Wisconsin-Madison"),
        ("University of Michigan - Ann Arbor", "University of Michigan-Ann Arbor"),
    ],
)
def test_campus_suffixes(index: InstitutionIndex, written: str, name: str) -> None:
    found = index.resolve(written)
    assert found is not None, written
    assert found.name == name


@pytest.mark.parametrize(
    "written",
    [
        "Karolinska Institute",
        "University of California - San Francisco",
        "Rockefeller University",
        "PSL Research University Paris",
        "University of Texas Southwestern Medical Center at Dallas",
        "Southeast University",
        "Univ Sci & Tech China",
    ],
)
def test_names_the_issue_lists_are_tier1(index: InstitutionIndex, written: str) -> None:
    found = index.resolve(written)
    assert found is not None, written
    assert Lookups(DEFAULT_CONFIG, index).tier(found) is Tier.TIER1


def test_karolinska_rank_is_the_best_over_the_rankings(index: InstitutionIndex) -> None:
    karolinska = index.resolve("Karolinska Institutet")
    assert karolinska is not None
    # Absent from QS's table; ARWU 2026 41st (band 1-50), THE 2027 55th (51-100).
    assert (karolinska.rank_band, karolinska.ranking, karolinska.ranking_year) == (
        "1-50",
        "ShanghaiRanking ARWU",
        2026,
    )


def test_two_ranked_namesakes_stay_ambiguous(index: InstitutionIndex) -> None:
    assert index.resolve("Northeastern University") is None


@pytest.mark.parametrize(
    ("raw", "name", "aliases"),
    [
        (
            "Massachusetts Institute of Technology - MIT",
            "Massachusetts Institute of Technology",
            ["MIT"],
        ),
        (
            "University of California - San Francisco",
            "University of California - San Francisco",
            ["University of California, San Francisco"],
        ),
        (
            "Ohio State University (Main campus)",
            "Ohio State University (Main campus)",
            [],
        ),
        ("New York University (NYU)", "New York University", ["NYU"]),
    ],
)
def test_clean_table_name(raw: str, name: str, aliases: list[str]) -> None:
    assert clean_table_name(raw) == (name, aliases)


@pytest.mark.parametrize(
    "field",
    [
        "EECS",
        "E.E.C.S.",
        "M.Eng EECS",
        "Course 6",
        "MechE",
        "ChemE",
        "ChBE",
        "MSE",
        "CEE",
        "MAE",
        "AeroAstro",
        "ORFE",
        "EE/CS",
        "CS+Math",
    ],
)
def test_combined_degree_abbreviations_are_stem(field: str) -> None:
    fc = classify_field(field, None)
    status = stem_status(
        fc,
        stem_categories=DEFAULT_CONFIG.stem_categories,
        ambiguous_categories=DEFAULT_CONFIG.ambiguous_categories,
        ambiguous_subjects=DEFAULT_CONFIG.ambiguous_subjects,
    )
    assert status is StemStatus.STEM, (field, fc)
