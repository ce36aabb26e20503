"""The screening vocabularies are read from data/ files, and a bad row fails loudly."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from jobs.engines.datafiles import DataFileError
from jobs.engines.screening import cities

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
