"""Tests for the reference-file parsers and merging (jobs.engines.screening.sources)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from jobs.engines.screening.institutions import InstitutionIndex
from jobs.engines.screening.sources import (
    FORMATS,
    clean_ranking_name,
    country_code,
    make_institution,
    merge_institutions,
    parse_domains_json,
    parse_double_first_class_csv,
    parse_ranking_csv,
    parse_research_csv,
)

SHARED = Path("/work/shared/data/universities")

DOMAINS = """[
 {"name": "ETHZ - ETH Zurich", "domains": ["ethz.ch"], "web_pages": [],
  "country": "Switzerland", "alpha_two_code": "CH", "state-province": null},
 {"name": "Peking University", "domains": ["pku.edu.cn"], "web_pages": [],
  "country": "China", "alpha_two_code": "CN", "state-province": null}
]"""

RANKING = """\ufeff2026 Rank,Previous Rank,Institution Name,Country/Territory,Overall SCORE
1,1,Massachusetts Institute of Technology (MIT),United States of America,100
7,7,ETH Zurich (Swiss Federal Institute of Technology),Switzerland,93
14,14,Peking University,China (Mainland),85
150=,151,Some University,Türkiye,50
741-750,700,Far Down University,Hong Kong SAR,-
"""

DFC = """学校,学科名称,is_985,is_211,is_double_first_class,name_en_ror,ror_id,website_ror,domains_ror
北京大学,（自主确定建设学科并自行公布）,1,1,1,Peking University,https://ror.org/02v51f717,,
外交学院,政治学,0,0,1,,,,
"""

RESEARCH = """ror_id,name,group,parent_ror_id,parent_name,country,country_code,city,types,website,domains,aliases,status,record_in_snapshot,ror_record_release,selection
https://ror.org/034t30j35,Chinese Academy of Sciences,Chinese Academy of Sciences (CAS),,,China,CN,Beijing,funder,,,CAS|中国科学院,active,yes,v2.6,parent organisation
https://ror.org/05cvf7v30,Institute of Physics,Chinese Academy of Sciences (CAS),https://ror.org/034t30j35,Chinese Academy of Sciences,China,CN,Beijing,facility,,,中国科学院物理研究所|IOP,active,yes,v1.41,ROR child
https://ror.org/000sfad56,Institute of Physics,Polish Academy of Sciences,https://ror.org/01dr6c206,Polish Academy of Sciences,Poland (inferred from parent),PL,,,,,,,no,,ROR child
https://ror.org/01w19ak89,Max Planck Institute for Informatics,Max Planck Society (MPG),https://ror.org/01hhn8329,Max Planck Society,Germany (inferred from parent),DE,,,,,,,no,,ROR child
"""


def test_parse_domains_json() -> None:
    """Hipo entries become unranked universities with an ISO country."""
    rows = list(parse_domains_json(io.StringIO(DOMAINS)))
    assert [r.name for r in rows] == ["ETH Zurich", "Peking University"]
    assert rows[0].aliases == ("ETHZ",)
    assert rows[0].country == "CH"
    assert all(r.rank_best is None and r.kind == "university" for r in rows)


def test_parse_ranking_csv_keeps_bands_only() -> None:
    """Ranks become bands (lower bound as rank_best); names lose their parentheses."""
    rows = list(parse_ranking_csv(io.StringIO(RANKING)))
    mit, eth, pku, some, far = rows
    assert mit.name == "Massachusetts Institute of Technology"
    assert "MIT" in mit.aliases
    assert (mit.rank_best, mit.rank_band, mit.ranking_year) == (1, "1-50", 2026)
    assert mit.ranking == "QS World University Rankings"
    assert mit.country == "US"
    assert eth.name == "ETH Zurich"
    assert eth.rank_best == 1
    assert pku.country == "CN"
    assert (some.rank_best, some.rank_band, some.country) == (101, "101-200", "TR")
    assert far.rank_best is None
    assert far.rank_band == ""
    assert far.ranking == ""
    assert far.country == "HK"


def test_parse_ranking_csv_options() -> None:
    """Ranking name and year can be given."""
    text = "Rank,Name,Country\n250,Alpha University,Japan\n"
    (row,) = parse_ranking_csv(io.StringIO(text), ranking="THE", year=2025)
    assert (row.ranking, row.ranking_year, row.rank_band) == ("THE", 2025, "201-300")


def test_parse_double_first_class_csv() -> None:
    """Every row is a Double First-Class university with its Chinese name."""
    pku, cfau = parse_double_first_class_csv(io.StringIO(DFC))
    assert pku.name == "Peking University"
    assert pku.name_zh == "北京大学"
    assert pku.double_first_class
    assert pku.country == "CN"
    assert cfau.name_zh == "外交学院"
    assert cfau.key.startswith("i-")


def test_parse_research_csv() -> None:
    """Research units are national research; names get parent-qualified aliases."""
    cas, iop_cn, iop_pl, mpi = parse_research_csv(io.StringIO(RESEARCH))
    assert cas.name_zh == "中国科学院"
    assert "CAS" in cas.aliases
    assert iop_cn.kind == "research"
    assert iop_cn.national_research
    assert iop_cn.name_zh == "中国科学院物理研究所"
    assert "Institute of Physics, Chinese Academy of Sciences" in iop_cn.aliases
    assert "CAS Institute of Physics" in iop_cn.aliases
    assert iop_pl.country == "PL"
    assert "MPI for Informatics" in mpi.aliases
    index = InstitutionIndex([cas, iop_cn, iop_pl, mpi])
    assert index.resolve("Institute of Physics") is None  # two countries
    assert index.resolve("Institute of Physics, CAS") is iop_cn
    assert index.resolve("Institute of Physics, Polish Academy of Sciences") is iop_pl


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("domains-json", '{"name": "x"}'),
        ("domains-json", '[{"domains": []}]'),
        ("domains-json", "not json"),
        ("ranking-csv", "a,b\n1,2\n"),
        ("dfc-csv", "name,rank\nx,1\n"),
        ("ror-csv", "学校,is_985\n北京大学,1\n"),
    ],
)
def test_wrong_format_raises(fmt: str, text: str) -> None:
    """A file of the wrong format raises a clear ValueError."""
    with pytest.raises(ValueError, match="not a"):
        list(FORMATS[fmt](io.StringIO(text)))


def test_formats_registry() -> None:
    """The importer's format names map to the parsers."""
    assert set(FORMATS) == {
        "domains-json",
        "ranking-csv",
        "dfc-csv",
        "ror-csv",
        "arwu-csv",
        "the-csv",
    }


def test_bytes_input() -> None:
    """Parsers accept binary file objects (UTF-8, with or without BOM)."""
    rows = list(parse_ranking_csv(io.BytesIO(RANKING.encode("utf-8"))))
    assert len(rows) == 5


def test_merge_institutions() -> None:
    """Merge by normalised name/alias within a country: best rank, OR flags, union."""
    dfc = list(parse_double_first_class_csv(io.StringIO(DFC)))
    ranked = list(parse_ranking_csv(io.StringIO(RANKING)))
    domains = list(parse_domains_json(io.StringIO(DOMAINS)))
    merged = merge_institutions(merge_institutions(dfc, ranked), domains)
    pku = [m for m in merged if m.name == "Peking University"]
    assert len(pku) == 1
    assert pku[0].double_first_class
    assert pku[0].rank_band == "1-50"
    eth = [m for m in merged if m.name == "ETH Zurich"]
    assert len(eth) == 1
    assert "ETHZ" in eth[0].aliases
    assert eth[0].rank_best == 1
    assert len(merged) == 2 + 5 - 1  # PKU appears in all three inputs


def test_merge_respects_country_and_best_rank() -> None:
    """Same name in two countries stays two rows; the better rank wins."""
    us = make_institution("Northeastern University", country="US", rank_best=384)
    cn = make_institution(
        "Northeastern University", country="CN", double_first_class=True
    )
    better = make_institution(
        "Northeastern University",
        country="US",
        rank_best=90,
        ranking="X",
        ranking_year=1,
    )
    merged = merge_institutions([us, cn], [better])
    assert len(merged) == 2
    assert merged[0].rank_best == 51
    assert merged[0].ranking == "X"
    assert not merged[0].double_first_class
    assert merged[1].double_first_class


def test_clean_ranking_name() -> None:
    """Ranking-table names split into a name and aliases."""
    assert clean_ranking_name("UCL (University College London)") == (
        "University College London",
        ["UCL"],
    )
    assert clean_ranking_name("Beihang University (former BUAA)") == (
        "Beihang University",
        ["BUAA"],
    )
    assert clean_ranking_name("Universidad de Santiago de Chile - USACH") == (
        "Universidad de Santiago de Chile",
        ["USACH"],
    )
    assert clean_ranking_name("Taylor's University (Malaysia)") == (
        "Taylor's University",
        [],
    )


def test_country_code() -> None:
    """Source spellings of countries map to ISO codes."""
    assert country_code("China (Mainland)") == "CN"
    assert country_code("Türkiye") == "TR"
    assert country_code("Germany (inferred from parent)") == "DE"
    assert country_code("de") == "DE"
    assert country_code("Atlantis") == ""


# --- the real reference files --------------------------------------------------


@pytest.fixture(scope="module")
def shared() -> Path:
    """Return the reference-data folder, or skip (fail under CI=true) if absent."""
    if not SHARED.is_dir():
        message = f"reference files not found in {SHARED}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (required when CI=true)")
        pytest.skip(message)
    return SHARED


def test_real_domains(shared: Path) -> None:
    """The Hipo list parses completely."""
    with (shared / "world_universities_and_domains.json").open(encoding="utf-8") as fp:
        rows = list(parse_domains_json(fp))
    assert len(rows) > 10_000
    assert sum(r.country == "CN" for r in rows) > 300


def test_real_ranking(shared: Path) -> None:
    """The QS 2026 table parses with at least 500 banded rows."""
    path = shared / "qs_world_university_rankings_2026.csv"
    with path.open(encoding="utf-8-sig") as fp:
        rows = list(parse_ranking_csv(fp))
    assert len(rows) > 1_400
    banded = [r for r in rows if r.rank_band]
    assert len(banded) >= 500
    assert all(r.country for r in rows)
    assert all(r.ranking_year == 2026 for r in banded)


def test_real_double_first_class(shared: Path) -> None:
    """The 2022 list has 147 universities."""
    path = shared / "china_double_first_class_2022.csv"
    with path.open(encoding="utf-8") as fp:
        rows = list(parse_double_first_class_csv(fp))
    assert len(rows) == 147
    assert len({r.name_zh for r in rows}) == 147


def test_real_research(shared: Path) -> None:
    """The ROR-derived table parses; CAS institutes carry Chinese names."""
    with (shared / "research_institutions_ror.csv").open(encoding="utf-8") as fp:
        rows = list(parse_research_csv(fp))
    assert len(rows) > 2_500
    assert all(r.national_research and r.kind == "research" for r in rows)
    assert any(r.name_zh == "中国科学院物理研究所" for r in rows)
