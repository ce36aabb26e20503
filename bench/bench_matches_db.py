"""Benchmark stored matches: refresh one role's matches among N seeded profiles,
read its top 50, and count the matching page's queries at 10 and 1,000 matches.

Usage: .venv/bin/python bench/bench_matches_db.py [--candidates 100000] [--keep-db]

Seeds a fresh SQLite file under /tmp (or uses DATABASE_URL as it is) with
`seed_demo --candidates N --employers 20 --roles 200`; seeding screens every
candidate and builds the matching cards (eager Celery). Prints figures only.
Target: top 50 for a role from the stored matches in ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _seed(env: dict, candidates: int) -> float:
    started = time.perf_counter()
    for args in (
        ["migrate", "--noinput", "-v0"],
        [
            "seed_demo",
            "--candidates",
            str(candidates),
            "--employers",
            "20",
            "--roles",
            "200",
        ],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument(
        "--keep-db", action="store_true", help="reuse the database if it exists"
    )
    args = parser.parse_args()

    env = dict(
        os.environ,
        DJANGO_SECURE="0",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ADMIN_REQUIRE_MFA="0",
        DJANGO_STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    if not env.get("DATABASE_URL"):
        path = (
            Path(tempfile.gettempdir())
            / f"k-talent-bench-matches-{args.candidates}.sqlite3"
        )
        if path.exists() and not args.keep_db:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
        fresh = not path.exists()
    else:
        fresh = True
    if fresh:
        print(
            f"seeding {args.candidates:,} candidates (screening and cards included)…",
            flush=True,
        )
        print(f"seeded in {_seed(env, args.candidates):.0f} s")
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from jobs.models import CandidateCard, Membership, Role
    from jobs.services.matching import refresh_role_matches, role_matches

    setup_test_environment()  # the client then records each response's context
    cards = CandidateCard.objects.count()
    discoverable = CandidateCard.objects.filter(discoverable=True).count()
    role = (
        Role.objects.public()
        .annotate(n=Count("required_skills"))
        .filter(n__gt=0)
        .order_by("-n", "pk")
        .first()
    )
    print(
        f"candidate cards: {cards:,} ({discoverable:,} discoverable); role #{role.pk} {role.title!r}"
    )

    times = []
    for _ in range(3):
        started = time.perf_counter()
        stored = refresh_role_matches(role_id=role.pk)
        times.append(time.perf_counter() - started)
    print(
        f"refresh one role's matches over {discoverable:,} cards: median {statistics.median(times) * 1000:,.0f} ms (stored {stored})"
    )

    reads = []
    for _ in range(20):
        started = time.perf_counter()
        top = list(role_matches(role=role)[:50])
        reads.append(time.perf_counter() - started)
    print(
        f"top 50 from stored matches: median {statistics.median(reads) * 1000:.1f} ms, p95 {sorted(reads)[18] * 1000:.1f} ms (target ≤ 200 ms); {len(top)} rows"
    )

    member = (
        Membership.objects.filter(company=role.company).select_related("user").first()
    )
    client = Client()
    client.force_login(member.user)
    url = reverse("jobs:role_matches", args=[role.pk])
    for size in (10, 1000):
        settings.MATCHES_PER_ROLE = size
        refresh_role_matches(role_id=role.pk)
        client.get(url)  # warm caches
        pages = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                pages.append(time.perf_counter() - started)
        shown = len(response.context["rows"])
        print(
            f"matching page at {role.matches.filter(for_role=True).count():>5} stored matches: {len(queries)} queries, {shown} rows shown, median {statistics.median(pages) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
