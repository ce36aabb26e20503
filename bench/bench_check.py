"""Benchmark the public check's answer and CV parsing, as ratios to /healthz.

Usage: .venv/bin/python bench/bench_check.py [--rounds 300]

Migrates a fresh SQLite file under /tmp (or uses DATABASE_URL), then, in one
process with Django's test client, alternates requests: GET /healthz, POST
/check/ (a full answer: the screening engine, the page, the tally), GET /check/
(the cacheable form). It also times `parse_text(cv_text(...))` on the test CVs
(English PDF one and two columns, Chinese DOCX) alternately with /healthz.
Prints the median time of each and its ratio to /healthz measured in the same
rounds (target for the check: an answer well under a second).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHECK = {
    "degree-TOTAL_FORMS": "3",
    "degree-INITIAL_FORMS": "0",
    "date_of_birth": "1997-05-10",
    "degree-0-level": "master",
    "degree-0-field": "Computer Science",
    "degree-0-institution": "ETH Zurich",
    "degree-0-date": "2022-06-30",
    "post_kind": "research",
    "post_field": "Physics",
    "post_institution": "Max Planck Institute for Informatics",
    "post_start": "2023-01-01",
}


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _parser(data: bytes, today):
    from jobs.engines.cv.extract import cv_text
    from jobs.engines.cv.parser import parse_text

    return lambda: parse_text(cv_text(data), as_of=today)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if "DATABASE_URL" not in os.environ:
        db = Path(tempfile.gettempdir()) / "k-talent-bench-check.sqlite3"
        db.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    settings.VISA_CHECK_RATE_LIMIT = "100000000/1m/key"
    settings.ALLOWED_HOSTS = ["*"]

    import datetime

    from jobs.models import VisaCheckTally
    from tests.jobs import cv_files

    today = datetime.date(2026, 1, 15)
    client = Client()
    assert client.get("/healthz").status_code == 200
    assert client.post("/check/", CHECK).status_code == 200  # warm: rules, templates
    cvs = {
        "parse CV, English PDF": cv_files.pdf_one_column(),
        "parse CV, two-column PDF": cv_files.pdf_two_columns(),
        "parse CV, Chinese DOCX": cv_files.docx_chinese(),
    }
    work = {
        "POST /check/ (answer)": lambda: client.post("/check/", CHECK),
        "GET /check/ (form)": lambda: client.get("/check/"),
        **{label: _parser(data, today) for label, data in cvs.items()},
    }
    times: dict[str, list[float]] = {"GET /healthz": [], **{k: [] for k in work}}
    for _ in range(args.rounds):
        for label, fn in work.items():
            times["GET /healthz"].append(_time(lambda: client.get("/healthz")))
            times[label].append(_time(fn))
    base = statistics.median(times["GET /healthz"])
    print(f"{'what':32} {'median ms':>10} {'× /healthz':>11}")
    for label, values in times.items():
        med = statistics.median(values)
        print(f"{label:32} {med * 1000:10.2f} {med / base:11.1f}")
    print(
        f"checks tallied: {sum(VisaCheckTally.objects.values_list('count', flat=True))}"
    )


if __name__ == "__main__":
    main()
