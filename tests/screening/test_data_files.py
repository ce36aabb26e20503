"""The screening vocabularies are read from data/ files, and a bad row fails loudly."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from jobs.engines.datafiles import DataFileError
from jobs.engines.screening import cities, fields

DATA = Path(cities.__file__).resolve().parent / "data"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_data_files_are_tracked_by_git() -> None:
    # A git-ignored or untracked file would work here and be missing on a deploy.
    inside = subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"], cwd=DATA, capture_output=True
    )
    if inside.returncode != 0:
        pytest.skip("not a git checkout")
    names = sorted(p.name for p in DATA.iterdir() if p.suffix in {".csv", ".toml"})
    listed = subprocess.run(
        ["git", "ls-files", "--error-unmatch", *names],
        cwd=DATA,
        capture_output=True,
        text=True,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    ignored = subprocess.run(
        ["git", "check-ignore", *names], cwd=DATA, capture_output=True, check=False
    )
    assert ignored.returncode == 1  # 1 = none of them is ignored


# --- City wages ------------------------------------------------------------------

WAGE_HEADER = (
    "city,city_zh,province,avg_wage_cny,year,measure,valid_from,valid_to,"
    "location_points_region,source\n"
)


def test_city_wages_file_is_the_default_table() -> None:
    rows = cities.load_city_wages()
    assert rows is cities.DEFAULT_CITY_WAGES
    assert len(rows) == 57
    assert all(isinstance(r, cities.CityWage) for r in rows)
    beijing = [r for r in rows if r.city == "Beijing"]
    assert [(r.avg_wage_cny, r.year, r.valid_from) for r in beijing] == [
        (143_244, 2023, ""),
        (143_244, 2024, "2026-02-04"),
    ]
    urumqi = next(r for r in rows if r.city == "Urumqi")
    assert urumqi.location_points_region is True
    assert urumqi.city_zh == "乌鲁木齐"


def test_city_aliases_file_feeds_the_lookup() -> None:
    aliases = cities.load_city_aliases()
    assert len(aliases) == 13
    assert aliases["peking"] == "beijing"
    assert cities.find_city("Amoy", cities.DEFAULT_CITY_WAGES).city == "Xiamen"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("Chengdu,成都,Sichuan,lots,2023,,,,1,x\n", "whole numbers"),
        ("Chengdu,成都,Sichuan,100,2023,,,,yes,x\n", "0 or 1"),
        ("Chengdu,成都,Sichuan,100,2023,gross,,,1,x\n", "measure 'gross'"),
        ("Chengdu,成都,Sichuan,100,2023,,1 July,,1,x\n", "not an ISO date"),
        ("Chengdu,成都,Sichuan,100,2023,,,,1\n", "expected 10 fields, found 9"),
    ],
)
def test_malformed_wage_row_names_file_and_line(
    tmp_path: Path, row: str, problem: str
) -> None:
    good = "Lhasa,拉萨,Tibet,140000,2023,,,,1,x\n"
    path = _write(tmp_path, "city_wages.csv", WAGE_HEADER + good + row)
    with pytest.raises(DataFileError, match=problem) as raised:
        cities.load_city_wages(path)
    assert f"{path}:3:" in str(raised.value)


def test_wage_file_with_wrong_columns_fails(tmp_path: Path) -> None:
    path = _write(tmp_path, "city_wages.csv", "city,wage\nLhasa,1\n")
    with pytest.raises(DataFileError, match=rf"{path}:1: expected the columns"):
        cities.load_city_wages(path)


def test_duplicate_city_alias_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.csv", "alias,city\npeking,beijing\n\npeking,nanjing\n")
    with pytest.raises(DataFileError, match=rf"{path}:4: alias 'peking' listed twice"):
        cities.load_city_aliases(path)


# --- Fields of study ---------------------------------------------------------------


def test_catalogue_file_gives_categories_subjects_and_old_codes() -> None:
    catalogue = fields.load_catalogue()
    assert catalogue.categories is fields.CATEGORIES
    assert len(catalogue.categories) == 14
    assert len(catalogue.subjects) == 186
    assert catalogue.categories["07"] == "Science"
    assert catalogue.subjects["0812"] == "Computer science and technology"
    assert catalogue.code_aliases["0771"] == "0402"
    assert catalogue.cross_category_subjects["0402"] == frozenset({"04", "07"})


def test_vocabulary_file_gives_fields_and_generic_words() -> None:
    specific, weak = fields.load_vocabulary()
    assert (len(specific), len(weak)) == (126, 4)
    assert specific[0][:3] == ("Computer Science", "08", "0812")
    assert "=it" in specific[1][3].split("|")
    assert [name for name, *_ in weak] == [
        "Engineering",
        "Science",
        "Technology",
        "Design",
    ]
    assert fields.classify_field("Informatik").label == "Computer Science"


def test_terms_file_gives_degree_titles_and_non_disciplines() -> None:
    unmappable, degrees = fields.load_terms()
    assert len(unmappable) == 12
    assert "liberal arts" in unmappable
    assert len(degrees) == 93
    assert degrees["master of business administration"] == "Business Administration"
    assert degrees["msc"] is None


CATALOGUE = '[categories]\n"07" = "Science"\n\n[subjects]\n"0701" = "Mathematics"\n'


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        (CATALOGUE + '"701" = "Physics"\n', 6, "expected a 4-digit code"),
        (CATALOGUE + '"0801" = "Mechanics"\n', 6, "subject 0801 has no category 08"),
        (
            CATALOGUE + '[code_aliases]\n"0771" = "0402"\n',
            7,
            "code 0771 points to unknown subject '0402'",
        ),
    ],
)
def test_malformed_catalogue_entry_names_file_and_line(
    tmp_path: Path, text: str, line: int, problem: str
) -> None:
    path = _write(tmp_path, "disciplines.toml", text)
    with pytest.raises(DataFileError, match=problem) as raised:
        fields.load_catalogue(path)
    assert str(raised.value).startswith(f"{path}:{line}:")


def test_catalogue_that_is_not_toml_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "disciplines.toml", '[categories]\n"07" = Science\n')
    with pytest.raises(DataFileError, match=r"malformed TOML: .*line 2") as raised:
        fields.load_catalogue(path)
    assert str(raised.value).startswith(str(path))


VOCAB_HEADER = "group,name,category,subject,weak,aliases\n"
PHYSICS = "Physical sciences,Physics,07,0702,0,physics|physik\n"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("Physical sciences,Chemistry,77,0703,0,chemistry\n", "unknown category '77'"),
        ("Physical sciences,Chemistry,07,9999,0,chemistry\n", "unknown subject '9999'"),
        ("Physical sciences,Chemistry,07,0703,no,chemistry\n", "weak must be 0 or 1"),
        ("Physical sciences,Chemistry,07,0703,0,chemistry||chemie\n", "empty alias"),
        (PHYSICS, "'Physics' is empty or listed twice"),
        ("Physical sciences,Chemistry,07,0703,chemistry\n", "expected 6 fields"),
    ],
)
def test_malformed_vocabulary_row_names_file_and_line(
    tmp_path: Path, row: str, problem: str
) -> None:
    path = _write(tmp_path, "field_vocabulary.csv", VOCAB_HEADER + PHYSICS + row)
    with pytest.raises(DataFileError, match=problem) as raised:
        fields.load_vocabulary(path)
    assert str(raised.value).startswith(f"{path}:3:")


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        (
            'unmappable = ["other"]\n[degree_titles]\n"MSc" = ""\n',
            3,
            "not written fold",
        ),
        (
            'unmappable = ["other"]\n[degree_titles]\n"mba" = "Business"\n',
            3,
            "'mba' implies 'Business', not a vocabulary name",
        ),
        ('unmappable = [\n  "n/a",\n]\n[degree_titles]\n', 2, "'n/a' is not written"),
    ],
)
def test_malformed_term_names_file_and_line(
    tmp_path: Path, text: str, line: int, problem: str
) -> None:
    path = _write(tmp_path, "field_terms.toml", text)
    with pytest.raises(DataFileError, match=problem) as raised:
        fields.load_terms(path)
    assert str(raised.value).startswith(f"{path}:{line}:")
