"""Benchmark publishing a role on a seeded database: `refresh_role_matches(
for_candidates=True)`, the role's own best 50 and the role merged into every
candidate's best roles, with its reads and writes, as a worker runs it.

Usage:
    scripts/with-postgres .venv/bin/python bench/bench_new_role.py
        [--candidates 100000] [--roles 30] [--rounds 3] [--keep-db]

Seeds (SQLite file under /tmp, kept with --keep-db, or DATABASE_URL as it is)
`--candidates` candidates, then `--roles` demo roles, and publishes each open role
in turn so the candidates' own lists fill (those times are printed too: a role
entering lists with room writes a row for every candidate it reaches). Then, in
`--rounds` rounds, a copy of one seeded role is published inside a transaction
that is rolled back, so every round starts from the same stored state (the
deferred constraint checks a commit would run are run and timed before the
rollback, on PostgreSQL): wall time,
queries, peak memory of the process and the rows written. Prints figures only.
Target (issue 19): a new role against 100,000 candidates in ≤ 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_candidate_refresh import _database_url, _env, _seed


def _check_deferred_constraints(connection) -> None:
    """Run now the checks a commit would run: the round is rolled back, and a
    rollback skips PostgreSQL's deferred constraint checks (the foreign keys of
    every row written, until `Match` dropped its constraints; this benchmark did
    not count them before). One more query in the count."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _child(rounds: int) -> None:
    """Fill the lists, then the measured rounds, in this process; JSON lines."""
    import resource

    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from jobs.models import CandidateCard, Match, Role
    from jobs.services.matching import refresh_role_matches

    open_ids = list(Role.objects.public().order_by("pk").values_list("pk", flat=True))
    fill = []
    for role_id in open_ids:
        start = time.perf_counter()
        refresh_role_matches(role_id=role_id, for_candidates=True)
        fill.append(time.perf_counter() - start)
    print(json.dumps({"fill": fill, "rows": Match.objects.count()}), flush=True)

    source = Role.objects.get(pk=open_ids[len(open_ids) // 2])
    required = list(source.required_skills.all())
    preferred = list(source.preferred_skills.all())
    for _ in range(rounds):
        with transaction.atomic():
            role = Role.objects.get(pk=source.pk)
            role.pk = role.id = None
            role.save()
            role.required_skills.set(required)
            role.preferred_skills.set(preferred)
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                listed = refresh_role_matches(role_id=role.pk, for_candidates=True)
                _check_deferred_constraints(connection)
                took = time.perf_counter() - start
            result = {
                "seconds": took,
                "queries": len(queries),
                "listed": listed,
                "candidate_rows": Match.objects.filter(
                    role=role, for_candidate=True
                ).count(),
                "cards": CandidateCard.objects.count(),
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
            transaction.set_rollback(True)
        print(json.dumps(result), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--roles", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return 0
    database_url = _database_url(f"bench_new_role_{args.candidates}", keep=args.keep_db)
    env = _env(database_url)
    started = time.perf_counter()
    _seed(env, candidates=args.candidates, roles=args.roles)
    print(
        f"seeded {args.candidates:,} candidates, then {args.roles} roles, in "
        f"{time.perf_counter() - started:.0f} s ({database_url.split(':')[0]}, "
        f"{os.cpu_count()} cores; load {os.getloadavg()[0]:.1f})"
    )
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(args.rounds)],
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = [json.loads(line) for line in out.strip().splitlines() if line[:1] == "{"]
    fill, rounds = lines[0], lines[1:]
    print(
        f"publishing the {len(fill['fill'])} seeded open roles in turn (lists "
        f"filling): {min(fill['fill']):.2f}–{max(fill['fill']):.2f} s each, "
        f"{fill['rows']:,} stored matches after"
    )
    for i, r in enumerate(rounds, 1):
        print(
            f"new role, round {i}: {r['seconds']:.2f} s against {r['cards']:,} cards,"
            f" {r['queries']} queries, {r['listed']} in its list, entered "
            f"{r['candidate_rows']:,} candidates' lists; peak {r['peak_mb']:.0f} MB"
        )
    median = statistics.median(r["seconds"] for r in rounds)
    print(f"new role, median of {len(rounds)}: {median:.2f} s (target <= 2 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
