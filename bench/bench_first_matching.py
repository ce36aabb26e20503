"""Benchmark where a first screening's matching goes, on a seeded database.

Usage:
    DATABASE_URL=postgres://…/bench_pipeline_<pid> .venv/bin/python \\
        bench/bench_first_matching.py [--batch 500] [--keys 2]

DATABASE_URL names a PostgreSQL database seeded and screened by
`bench/bench_pipeline.py --keep-db` (it prints the name it kept). This DELETES
every stored match there, vacuums the table, then runs
`refresh_candidate_matches` over every candidate in batches of `--batch`, one
after the other in this process (what the workers run in a first screening),
and prints the wall clock, the process's CPU, and how long the process waited
on each list's upserts and how many rows each wrote.

With `--keys N` it then copies the stored rows into scratch tables with four key
layouts (as now; partial best indexes; the pair as primary key; both) and times
inserting them into each, N alternated rounds, then drops the scratch tables.
Prints figures only; there are no assertions.
"""

from __future__ import annotations

import argparse
import collections
import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_COLUMNS = "role_id int not null, profile_id int not null, score smallint not null, for_role bool not null, for_candidate bool not null, refreshed_at timestamptz not null"
# name: (what it is, the statements that create it after its columns)
_LAYOUTS = {
    "bench_keys_now": (
        "as now: id, the pair unique, both best indexes with their flag",
        "id bigserial primary key, {columns}, unique (role_id, profile_id));"
        "create index on {name} (role_id, for_role, score desc);"
        "create index on {name} (profile_id, for_candidate, score desc)",
    ),
    "bench_keys_partial": (
        "the same, the best indexes partial",
        "id bigserial primary key, {columns}, unique (role_id, profile_id));"
        "create index on {name} (role_id, score desc) where for_role;"
        "create index on {name} (profile_id, score desc) where for_candidate",
    ),
    "bench_keys_pair_pk": (
        "the pair as the primary key, no id",
        "{columns}, primary key (role_id, profile_id));"
        "create index on {name} (role_id, for_role, score desc);"
        "create index on {name} (profile_id, for_candidate, score desc)",
    ),
    "bench_keys_both": (
        "both",
        "{columns}, primary key (role_id, profile_id));"
        "create index on {name} (role_id, score desc) where for_role;"
        "create index on {name} (profile_id, score desc) where for_candidate",
    ),
}


def first_matching(batch: int) -> None:
    from django.db import connection

    from accounts.models import CandidateProfile
    from jobs.models import Match
    from jobs.services import matching

    Match.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE jobs_match")
    waited: collections.Counter[str] = collections.Counter()
    written: collections.Counter[str] = collections.Counter()
    upsert = matching._upsert

    def timed_upsert(rows, flag, *, now):
        started = time.perf_counter()
        upsert(rows, flag, now=now)
        waited[flag] += time.perf_counter() - started
        written[flag] += len(rows)

    matching._upsert = timed_upsert  # type: ignore[assignment]
    ids = list(CandidateProfile.objects.order_by("pk").values_list("pk", flat=True))
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(ids), batch):
        matching.refresh_candidate_matches(profile_ids=ids[start : start + batch])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    matching._upsert = upsert  # type: ignore[assignment]
    print(
        f"{len(ids)} candidates in batches of {batch}, one process on "
        f"{os.cpu_count()} CPUs: {wall:.1f} s wall, {cpu:.1f} s CPU"
    )
    for flag, what in (("for_candidate", "candidates'"), ("for_role", "roles'")):
        print(
            f"  the {what} lists: {written[flag]:,} rows written, "
            f"{waited[flag]:.2f} s waited on"
        )
    print(f"  rows stored at the end: {Match.objects.count():,}")


def key_layouts(rounds: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size('jobs_match'), pg_relation_size('jobs_match')"
        )
        total, heap = cursor.fetchone()
        print(
            f"jobs_match: {total / 2**20:.0f} MB on disk, the rows {heap / 2**20:.0f} MB"
        )
        cursor.execute(
            "CREATE TABLE bench_keys_source AS SELECT role_id, profile_id, score, "
            "for_role, for_candidate FROM jobs_match ORDER BY profile_id, role_id"
        )
        for name, (_what, tail) in _LAYOUTS.items():
            cursor.execute(
                f"CREATE TABLE {name} (" + tail.format(columns=_COLUMNS, name=name)
            )
        times: dict[str, list[float]] = {name: [] for name in _LAYOUTS}
        try:
            for _round in range(rounds):
                for name in _LAYOUTS:
                    cursor.execute(f"TRUNCATE {name}")
                    cursor.execute("CHECKPOINT")
                    started = time.perf_counter()
                    cursor.execute(
                        f"INSERT INTO {name} (role_id, profile_id, score, for_role, "
                        "for_candidate, refreshed_at) SELECT role_id, profile_id, "
                        "score, for_role, for_candidate, now() FROM bench_keys_source "
                        "ON CONFLICT (role_id, profile_id) DO UPDATE SET score = excluded.score"
                    )
                    times[name].append(time.perf_counter() - started)
        finally:
            for name in (*_LAYOUTS, "bench_keys_source"):
                cursor.execute(f"DROP TABLE IF EXISTS {name}")
    for name, (what, _tail) in _LAYOUTS.items():
        print(f"  {what}: " + ", ".join(f"{t:.1f}" for t in times[name]) + " s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--keys", type=int, default=0, help="rounds of the key layouts")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("bench: DATABASE_URL must name a database kept by bench_pipeline.py")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    first_matching(args.batch)
    if args.keys:
        key_layouts(args.keys)


if __name__ == "__main__":
    main()
