"""Benchmark `refresh_candidate_matches` on a seeded database: a batch of
candidates merged into every open role's list and given their own best roles,
with the writes, as the screening pipeline runs it.

Usage:
    .venv/bin/python bench/bench_candidate_refresh.py [--roles 20000]
        [--batches 10,100,500] [--keep-db]
    scripts/with-postgres .venv/bin/python bench/bench_candidate_refresh.py

Seeds (SQLite file under /tmp, kept with --keep-db, or DATABASE_URL as it is)
the largest batch's candidates first, then `--roles` demo roles (so no role has
stored matches yet: every list has room, the heaviest case), and times each batch
size in a fresh process: wall time, queries, peak memory of the process (ru_maxrss
after Django's start) and the rows written. Each batch starts from the same stored
state (its rows are deleted after it). Prints figures only. Targets (issue 19): a
batch of 500 against 20,000 open roles in ≤ 10 s on one core and ≤ 500 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _env(database_url: str) -> dict:
    env = dict(os.environ)
    env.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    env.update(DATABASE_URL=database_url, DJANGO_DEBUG="0")
    env.pop("REDIS_URL", None)  # eager tasks: the seed needs no worker
    return env


def _database_url(name: str, *, keep: bool) -> str:
    """DATABASE_URL if set, else a SQLite file `name`.sqlite3 under /tmp (a fresh
    one unless `keep`)."""
    if url := os.environ.get("DATABASE_URL"):
        return url
    path = Path(tempfile.gettempdir()) / f"{name}.sqlite3"
    if path.exists() and not keep:
        path.unlink()
    return f"sqlite:///{path}"


def _seed(env: dict, *, candidates: int, roles: int) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    # Candidates first (screened and carded, matched against no roles), then the
    # roles: every open role's list starts empty.
    for count in (0, roles):
        subprocess.run(
            [
                *manage,
                "seed_demo",
                "--candidates",
                str(candidates),
                "--roles",
                str(count),
            ],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def _child(size: int) -> None:
    """One measured batch, in this (fresh) process; prints one JSON line."""
    import resource

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jobs.models import CandidateCard, Match, Role
    from jobs.services.matching import refresh_candidate_matches

    ids = list(
        CandidateCard.objects.order_by("profile_id").values_list(
            "profile_id", flat=True
        )[:size]
    )
    Match.objects.all().delete()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        refresh_candidate_matches(profile_ids=ids)
        took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {
        "candidates": len(ids),
        "open_roles": Role.objects.public().count(),
        "seconds": took,
        "queries": len(queries),
        "peak_mb": peak / 1024,
        "growth_mb": (peak - before) / 1024,
        "role_rows": Match.objects.filter(for_role=True).count(),
        "candidate_rows": Match.objects.filter(for_candidate=True).count(),
    }
    Match.objects.all().delete()
    print(json.dumps(result))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--roles", type=int, default=20_000)
    parser.add_argument("--batches", default="10,100,500")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return 0
    sizes = [int(part) for part in args.batches.split(",")]
    database_url = _database_url(f"bench_refresh_{args.roles}", keep=args.keep_db)
    env = _env(database_url)
    started = time.perf_counter()
    _seed(env, candidates=max(sizes), roles=args.roles)
    print(
        f"seeded {max(sizes)} candidates, then {args.roles:,} roles, in "
        f"{time.perf_counter() - started:.0f} s ({database_url.split(':')[0]}, "
        f"{os.cpu_count()} cores; load {os.getloadavg()[0]:.1f})"
    )
    print(
        "batch | open roles | time | queries | peak memory (growth) | rows written "
        "(role lists + candidates' lists)"
    )
    for size in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(size)],
            env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"{r['candidates']:>5} | {r['open_roles']:>10,} | {r['seconds']:6.1f} s |"
            f" {r['queries']:>7} | {r['peak_mb']:6.0f} MB ({r['growth_mb']:+.0f}) |"
            f" {r['role_rows']:,} + {r['candidate_rows']:,}"
        )
    print("target: 500 candidates x 20,000 open roles in <= 10 s, <= 500 MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
