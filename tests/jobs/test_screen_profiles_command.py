"""`manage.py screen_profiles`: the JSON Lines file interface of SCREENING.md."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from jobs.selectors.rules import current_rules
from tests.jobs.screening_input import EXAMPLE_LINE

pytestmark = pytest.mark.django_db

RULE_IDS = {"K-AGE", "K-DEGREE", "K-FIELD", "K-INSTITUTION", "K-POSITION"}


def _run(*args: str, stdin: str | None = None) -> list[dict]:
    out = io.StringIO()
    options = {"stdout": out}
    if stdin is not None:
        options["stdin"] = io.StringIO(stdin)
    call_command("screen_profiles", *args, **options)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _write(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "candidates.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _line(**changes) -> str:
    return json.dumps({**EXAMPLE_LINE, **changes}, ensure_ascii=False)


def test_example_line_gives_the_documented_result_shape(tmp_path):
    (result,) = _run(_write(tmp_path, _line()))

    assert set(result) == {"id", "rules_version", "k_visa", "work_permit", "r_visa"}
    assert result["id"] == "c-17"
    assert result["rules_version"] == current_rules().version
    k = result["k_visa"]
    assert k["outcome"] == "likely"
    assert {r["rule"] for r in k["reasons"]} == RULE_IDS
    # Spec change (wave 2): each K reason names its route.
    assert all(set(r) == {"rule", "outcome", "message", "route"} for r in k["reasons"])
    assert k["checklist"]
    wp = result["work_permit"]
    assert set(wp) == {"points", "points_max", "category", "outcome", "reasons"}
    assert wp["points_max"] == wp["points"] + 10
    assert {r["rule"] for r in wp["reasons"]} >= {"WP-POINTS", "WP-A", "WP-B"}
    assert [r["rule"] for r in result["r_visa"]["reasons"]] == ["R"]


def test_line_without_offer_has_only_the_k_visa(tmp_path):
    line = {key: value for key, value in EXAMPLE_LINE.items() if key != "offer"}

    (result,) = _run(_write(tmp_path, json.dumps(line)))

    assert set(result) == {"id", "rules_version", "k_visa"}


def test_results_keep_input_order(tmp_path):
    ids = [f"c-{n}" for n in (5, 3, 9, 1, 7, 2)]

    results = _run(_write(tmp_path, *(_line(id=i) for i in ids)))

    assert [r["id"] for r in results] == ids


def test_bad_lines_get_errors_and_the_run_goes_on(tmp_path):
    path = _write(
        tmp_path,
        _line(id="a"),
        '{"id": "broken", "date_of_birth": ',
        _line(id="b", date_of_birth="1997-02-30"),
        "",
        _line(id="c"),
    )

    results = _run(path)

    assert [r["id"] for r in results] == ["a", None, "b", "c"]
    assert "error" not in results[0]
    assert results[1]["error"].startswith("line 2: not valid JSON")
    assert "date_of_birth" in results[2]["error"]
    assert results[2]["error"].startswith("line 3:")
    assert results[3]["k_visa"]["outcome"] == "likely"


def test_stdin_dash(tmp_path):
    results = _run("-", stdin=_line(id="in-1") + "\n" + _line(id="in-2") + "\n")

    assert [r["id"] for r in results] == ["in-1", "in-2"]


def test_as_of_option_is_the_default_date(tmp_path):
    line = {**EXAMPLE_LINE, "date_of_birth": "1990-06-01"}
    del line["as_of"]
    path = _write(tmp_path, json.dumps(line))

    def age_outcome(as_of: str) -> str:
        (result,) = _run(path, "--as-of", as_of)
        return next(r for r in result["k_visa"]["reasons"] if r["rule"] == "K-AGE")[
            "outcome"
        ]

    assert age_outcome("2026-01-15") == "likely"  # 35
    assert age_outcome("2026-07-01") == "possible"  # 36


def test_bad_as_of_option_is_rejected(tmp_path):
    with pytest.raises(CommandError, match="as-of"):
        _run(_write(tmp_path, _line()), "--as-of", "15/01/2026")


def test_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read") as info:
        _run(str(tmp_path / "missing.jsonl"))

    assert info.value.returncode == 2


def test_missing_file_exits_2_with_message_on_stderr(tmp_path):
    missing = tmp_path / "missing.jsonl"

    proc = subprocess.run(
        [sys.executable, "manage.py", "screen_profiles", str(missing)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert proc.returncode == 2
    assert proc.stdout == ""
    assert f"cannot read {missing}" in proc.stderr


def test_database_without_migrations_asks_for_migrate(tmp_path):
    """A clean error naming `migrate`, not a traceback (the tables do not exist)."""
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    source = _write(tmp_path, _line())
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{empty}"}

    proc = subprocess.run(
        [sys.executable, "manage.py", "screen_profiles", source],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )

    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "run `python manage.py migrate` first" in proc.stderr
    assert "Traceback" not in proc.stderr
