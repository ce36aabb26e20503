"""`manage.py import_institutions` and the admin import: merge, idempotence, errors."""

import io
import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import Max
from django.urls import reverse

from jobs.engines.screening.lookups import Lookups, Tier
from jobs.models import Institution
from jobs.selectors.rules import current_rules
from jobs.services.rules import import_institutions
from tests.factories import StaffFactory
from tests.services import require

pytestmark = pytest.mark.django_db

# The reference files live beside the repository (never copied into it).
UNIVERSITIES = Path(
    os.environ.get(
        "K_TALENT_UNIVERSITIES_DIR",
        settings.BASE_DIR.parent / "shared" / "data" / "universities",
    )
)
FILES = {
    "domains-json": "world_universities_and_domains.json",
    "ranking-csv": "qs_world_university_rankings_2026.csv",
    "dfc-csv": "china_double_first_class_2022.csv",
    "ror-csv": "research_institutions_ror.csv",
    "arwu-csv": "arwu_2026.csv",
    "the-csv": "the_2027.csv",
}

# Pinned from the shared files (SOURCE.md: THE 2027 has 1001 rows).
THE_2027_ROWS = 1001
ARWU_2026_CREATED_UPDATED = (418, 159)
OLD_CREATED_UPDATED = [(0, 16), (0, 21)]  # older editions: spellings only
TABLE_ROWS = 1419

SMALL_RANKING = (
    "2031 Rank,Previous Rank,Institution Name,Country/Territory\n"
    "1,1,Massachusetts Institute of Technology (MIT),United States of America\n"
    "150,160,Universität Nirgendwo (UNW),Germany\n"
    "=420,401,Example Polytechnic of Atlantis,Greece\n"
)


@pytest.fixture
def universities() -> Path:
    require(
        UNIVERSITIES.is_dir(),
        f"reference files not found in {UNIVERSITIES} "
        "(set K_TALENT_UNIVERSITIES_DIR to the shared data/universities folder)",
    )
    return UNIVERSITIES


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command("import_institutions", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _table_state() -> tuple[int, object]:
    stats = Institution.objects.aggregate(latest=Max("updated_at"))
    return Institution.objects.count(), stats["latest"]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the shared reference files ------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_reference_file_import_is_idempotent(universities, fmt):
    path = str(universities / FILES[fmt])

    first = _command(path, "--format", fmt)
    state = _table_state()
    second = _command(path, "--format", fmt)

    assert first.startswith("created ")
    assert second.startswith("created 0, updated 0, skipped ")
    assert _table_state() == state


def test_ranking_file_into_an_empty_table(universities):
    Institution.objects.all().delete()
    path = universities / FILES["ranking-csv"]

    report = import_institutions(path=path, fmt="ranking-csv")

    assert report.created > 1400
    assert report.errors == ()
    mit = Institution.objects.get(name="Massachusetts Institute of Technology")
    assert (mit.rank_band, mit.ranking_year) == ("1-50", 2026)
    assert "MIT" in mit.aliases
    assert "ranking-csv qs_world_university_rankings_2026.csv" in mit.source
    assert current_rules().institutions.resolve("MIT").key == mit.key
    again = import_institutions(path=path, fmt="ranking-csv")
    assert (again.created, again.updated) == (0, 0)


def test_all_reference_files_into_an_empty_table(universities):
    Institution.objects.all().delete()
    for fmt in (
        "ranking-csv",
        "dfc-csv",
        "ror-csv",
        "the-csv",
        "arwu-csv",
        "domains-json",
    ):
        import_institutions(path=universities / FILES[fmt], fmt=fmt)
    state = _table_state()

    for fmt in FILES:
        report = import_institutions(path=universities / FILES[fmt], fmt=fmt)
        assert (report.created, report.updated) == (0, 0), fmt

    assert _table_state() == state
    index = current_rules().institutions
    tsinghua = index.resolve("清华大学")
    assert tsinghua is not None
    assert tsinghua.double_first_class
    assert index.resolve("Max Planck Society").national_research


def test_arwu_and_the_editions_into_an_empty_table(universities):
    """Latest editions give ranks, older ones spellings; the best rank wins."""
    Institution.objects.all().delete()

    the = import_institutions(path=universities / "the_2027.csv", fmt="the-csv")
    arwu = import_institutions(path=universities / "arwu_2026.csv", fmt="arwu-csv")
    old = [
        import_institutions(path=universities / name, fmt=fmt, names_only=True)
        for name, fmt in (("the_2025.csv", "the-csv"), ("arwu_2025.csv", "arwu-csv"))
    ]

    assert (the.created, the.errors) == (THE_2027_ROWS, ())
    assert (arwu.created, arwu.updated) == ARWU_2026_CREATED_UPDATED
    assert [(r.created, r.updated) for r in old] == OLD_CREATED_UPDATED
    assert Institution.objects.count() == TABLE_ROWS
    index = current_rules().institutions
    karolinska = index.resolve("Karolinska Institutet")
    # ARWU 2026: 41st, THE 2027: 55th; only the band of the best is kept.
    assert (karolinska.rank_band, karolinska.ranking, karolinska.ranking_year) == (
        "1-50",
        "ShanghaiRanking ARWU",
        2026,
    )
    lookups = Lookups(current_rules().config, index)
    assert lookups.tier(karolinska) is Tier.TIER1
    oxford = index.resolve("University of Oxford")
    assert (oxford.rank_band, oxford.ranking_year) == ("1-50", 2027)
    ucsf = index.resolve("Univ California - San Francisco")  # ARWU 2025 spelling
    assert ucsf is not None
    assert ucsf.rank_band == "1-50"
    assert index.resolve("Univ Sci & Tech China").rank_band == "1-50"
    galway = index.resolve("University of Galway")  # THE 2027: 326-350
    assert (galway.rank_band, galway.ranking) == (
        "301-400",
        "THE World University Rankings",
    )
    # An older edition adds no rank: nothing is ranked by 2025 alone.
    assert not Institution.objects.filter(ranking_year=2025).exists()


def test_names_only_applies_to_ranking_formats(universities):
    with pytest.raises(ValueError, match="names only"):
        import_institutions(
            path=universities / FILES["dfc-csv"], fmt="dfc-csv", names_only=True
        )


def test_dry_run_writes_nothing(universities):
    Institution.objects.all().delete()
    path = universities / FILES["ranking-csv"]

    output = _command(str(path), "--format", "ranking-csv", "--dry-run")
    dry = import_institutions(path=path, fmt="ranking-csv", dry_run=True)

    assert output.startswith("Dry run, nothing written: created ")
    assert not Institution.objects.exists()
    real = import_institutions(path=path, fmt="ranking-csv")
    assert (dry.created, dry.updated, dry.skipped) == (
        real.created,
        real.updated,
        real.skipped,
    )
    assert Institution.objects.count() == real.created


def test_wrong_format_is_a_clear_error_and_writes_nothing(universities):
    state = _table_state()

    with pytest.raises(CommandError, match="missing column") as info:
        _command(str(universities / FILES["ranking-csv"]), "--format", "dfc-csv")
    assert info.value.returncode == 2
    with pytest.raises(CommandError, match="not a domains JSON file"):
        _command(str(universities / FILES["ror-csv"]), "--format", "domains-json")

    assert _table_state() == state


# --- small files written here (run everywhere) ------------------------------------


def test_small_ranking_file_creates_and_merges(tmp_path):
    Institution.objects.filter(name__icontains="Atlantis").delete()
    before = Institution.objects.count()
    path = _write(tmp_path, "ranking.csv", SMALL_RANKING)

    report = import_institutions(path=path, fmt="ranking-csv")

    assert report.created == 2  # MIT is already in the table
    assert Institution.objects.count() == before + 2
    unw = Institution.objects.get(name="Universität Nirgendwo")
    assert (unw.country, unw.rank_band, unw.ranking_year) == ("DE", "101-200", 2031)
    assert unw.rank_best is not None
    assert unw.aliases == ["UNW"]
    atlantis = current_rules().institutions.resolve("example polytechnic atlantis")
    assert atlantis is not None
    assert atlantis.rank_band == "401-500"
    again = import_institutions(path=path, fmt="ranking-csv")
    assert (again.created, again.updated, again.skipped) == (0, 0, 3)


def test_year_option_overrides_the_rank_column(tmp_path):
    path = _write(tmp_path, "ranking.csv", SMALL_RANKING)

    _command(str(path), "--format", "ranking-csv", "--year", "2029")

    assert Institution.objects.get(name="Universität Nirgendwo").ranking_year == 2029


def test_better_rank_updates_an_existing_row(tmp_path):
    Institution.objects.create(key="nowhere-u", name="Nowhere University", country="GR")
    path = _write(
        tmp_path,
        "ranking.csv",
        "2031 Rank,Institution Name,Country/Territory\n77,Nowhere University,Greece\n",
    )

    report = import_institutions(path=path, fmt="ranking-csv")

    assert (report.created, report.updated) == (0, 1)
    row = Institution.objects.get(key="nowhere-u")
    assert row.rank_band == "51-100"
    assert row.rank_best is not None


def test_same_name_in_another_country_gets_its_own_key(tmp_path):
    Institution.objects.create(
        key="st-nowhere-college", name="Saint Nowhere College", country="GB"
    )
    data = [{"name": "Saint Nowhere College", "alpha_two_code": "AU", "domains": []}]
    path = _write(tmp_path, "domains.json", json.dumps(data))

    report = import_institutions(path=path, fmt="domains-json")

    assert report.created == 1
    rows = Institution.objects.filter(name="Saint Nowhere College")
    assert dict(rows.values_list("country", "key")) == {
        "GB": "st-nowhere-college",
        "AU": "st-nowhere-college-au",
    }


@pytest.mark.parametrize(
    ("fmt", "text", "message"),
    [
        ("dfc-csv", "name,country\nX,CN\n", "missing column"),
        ("ror-csv", "ror_id,name\n1,X\n", "missing column"),
        ("ranking-csv", "a,b\n1,2\n", "not a ranking CSV"),
        ("domains-json", '{"name": "X"}', "expected a JSON array"),
        ("domains-json", "[]", "no institutions found"),
    ],
)
def test_bad_files_give_a_clear_error_and_write_nothing(tmp_path, fmt, text, message):
    path = _write(tmp_path, "bad.txt", text)
    state = _table_state()

    with pytest.raises(CommandError, match=message) as info:
        _command(str(path), "--format", fmt)

    assert info.value.returncode == 2
    assert "nothing written" in str(info.value)
    assert _table_state() == state


def test_unknown_format_is_rejected(tmp_path):
    path = _write(tmp_path, "ranking.csv", SMALL_RANKING)

    with pytest.raises(CommandError, match="invalid choice"):
        _command(str(path), "--format", "xlsx")


def test_year_with_another_format_is_rejected(tmp_path):
    path = _write(tmp_path, "dfc.csv", "学校\n北京大学\n")

    with pytest.raises(CommandError, match="year applies only"):
        _command(str(path), "--format", "dfc-csv", "--year", "2024")


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read") as info:
        _command(str(tmp_path / "nope.csv"), "--format", "ranking-csv")

    assert info.value.returncode == 2


# --- admin -----------------------------------------------------------------------


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_admin_import_view_runs_the_service(staff_client):
    url = reverse("admin:jobs_institution_import")
    assert staff_client.get(url).status_code == 200
    upload = SimpleUploadedFile("ranking.csv", SMALL_RANKING.encode())

    response = staff_client.post(
        url, {"file": upload, "format": "ranking-csv"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse(
        "admin:jobs_institution_changelist"
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "ranking.csv: created 2, updated 0, skipped 1 (nothing new), errors 0"
    ]
    assert Institution.objects.filter(name="Universität Nirgendwo").exists()


def test_admin_import_wrong_format_shows_the_error(staff_client):
    state = _table_state()
    upload = SimpleUploadedFile("ranking.csv", SMALL_RANKING.encode())

    response = staff_client.post(
        reverse("admin:jobs_institution_import"),
        {"file": upload, "format": "dfc-csv"},
    )

    assert response.status_code == 200
    assert "Not imported, nothing written" in response.content.decode()
    assert _table_state() == state


def test_admin_institution_list_and_search(staff_client):
    url = reverse("admin:jobs_institution_changelist")

    page = staff_client.get(url)
    found = staff_client.get(url, {"q": "清华"})

    assert page.status_code == 200
    assert "Import from file" in page.content.decode()
    assert "Tsinghua University" in found.content.decode()
