"""Benchmark the screening pipeline end to end: PostgreSQL, Redis, real workers.

Usage:
    scripts/with-postgres .venv/bin/python bench/bench_pipeline.py [--candidates N]
        [--roles 1200] [--workers 2] [--chunk-size 500] [--profile] [--keep-db]

Creates a fresh database next to the one DATABASE_URL (PostgreSQL) names, seeds
N candidates and `--roles` roles (about 1,000 open) with `seed_demo` (default
20,000 candidates), uses REDIS_URL or starts its own
redis-server, starts `--workers` Celery worker processes (`--concurrency 1` each)
and times three full runs, each from `queue_rescreen(kind="all")` until the run is
finished (the screening) and until the queue has drained (cards and matches too;
the next run waits for it):

1. first screening: no verdicts stored, every candidate computed and inserted;
2. re-screen with nothing changed: every candidate only marked as checked;
3. re-screen after a rules change: every candidate computed again and updated.

It also counts the queries of one `screen_candidates` call on a chunk of
SCREENING_CHUNK_SIZE and times it in this process (one core). Prints figures
only; there are no assertions. Target: ≥ 2,000 profiles/s with two workers.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import dataclasses
import io
import os
import pstats
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET = 2000  # profiles/s with two workers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait(condition, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            sys.exit(f"bench: timed out waiting for {what}")
        time.sleep(0.05)


@contextlib.contextmanager
def fresh_database(base_url: str, keep: bool):
    """A new, empty PostgreSQL database on the server `base_url` points at."""
    import psycopg

    config = environ.Env.db_url_config(base_url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(
            "bench: DATABASE_URL must point at PostgreSQL "
            "(scripts/with-postgres .venv/bin/python bench/bench_pipeline.py)"
        )
    name = f"bench_pipeline_{os.getpid()}"
    params = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": config["NAME"],
        "autocommit": True,
    }
    with psycopg.connect(**params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(base_url)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        if keep:
            print(f"kept database {name}")
        else:
            with psycopg.connect(**params) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def redis_url():
    """REDIS_URL if set, else a redis-server of our own on a free loopback port."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.path.exists(binary):
        sys.exit("bench: set REDIS_URL or install redis-server")
    folder = tempfile.mkdtemp(prefix="bench-redis-")
    port = free_port()
    process = subprocess.Popen(
        [
            *(binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", folder),
            *("--save", "", "--appendonly", "no", "--logfile", f"{folder}/redis.log"),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        import redis

        client = redis.Redis(port=port)

        def up() -> bool:
            try:
                return bool(client.ping())
            except redis.ConnectionError:
                return False

        wait(up, "redis-server", 15)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.kill()
        process.wait()
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def workers(count: int, folder: Path):
    """`count` worker processes (`--concurrency 1` each), ready when yielded."""
    started = []
    try:
        for i in range(count):
            log = folder / f"worker-{i}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [
                        *(sys.executable, "-m", "celery", "-A", "portal", "worker"),
                        *("--pool", "prefork", "--concurrency", "1", "-l", "info"),
                        *("-n", f"bench{i}@%h", "--without-gossip"),
                        *("--without-mingle", "--without-heartbeat"),
                    ],
                    cwd=ROOT,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            started.append((process, log))
        for process, log in started:

            def ready(process=process, log=log) -> bool:
                if process.poll() is not None:
                    sys.exit(f"bench: a worker exited:\n{log.read_text()[-3000:]}")
                return " ready." in log.read_text(errors="replace")

            wait(ready, "the workers", 60)
        yield
    finally:
        for process, _log in started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process, _log in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def drained(broker: str, workers: int) -> bool:
    """Nothing left for the workers: no message in the queue, none reserved,
    scheduled (a countdown) or running on a worker."""
    import redis

    from portal.celery import app

    if redis.Redis.from_url(broker).llen("celery"):
        return False
    # `limit`: answer as soon as every worker replied, not after the timeout.
    inspect = app.control.inspect(timeout=1.0, limit=workers)
    for state in (inspect.active(), inspect.reserved(), inspect.scheduled()):
        if state is None or any(state.values()):
            return False
    return True


def timed_run(
    label: str, timeout: float, broker: str, workers: int
) -> tuple[float, float]:
    """Queue `rescreen --all`; the profiles/s until the run is finished (the
    screening) and until the queue is drained (screening, cards and matches).

    The next run starts only once the queue is empty, so no matching work of one
    run is timed in the next (it was: the re-screen figures were 621–753/s)."""
    from django.db import connection, transaction

    from jobs.models import ScreeningRun
    from jobs.services.pipeline import queue_rescreen

    # Steady state: statistics current, and no autovacuum of the rows the last
    # step bulk-wrote competing for the CPUs during the timed run.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    start = time.monotonic()
    with transaction.atomic():
        run = queue_rescreen(kind=ScreeningRun.Kind.ALL)
    queued = time.monotonic() - start
    wait(
        lambda: ScreeningRun.objects.filter(
            pk=run.pk, finished_at__isnull=False
        ).exists(),
        label,
        timeout,
    )
    took = time.monotonic() - start
    wait(lambda: drained(broker, workers), f"{label}: the queue to drain", timeout)
    all_done = time.monotonic() - start
    run.refresh_from_db()
    rate, end_to_end = run.total / took, run.total / all_done
    print(
        f"{label:<34} {run.total:>7} profiles: screened in {took:6.2f} s "
        f"(queueing {queued:4.2f} s) = {rate:7.0f}/s; with cards and matches "
        f"{all_done:6.2f} s = {end_to_end:7.0f}/s"
    )
    return rate, end_to_end


def one_chunk(profile: bool) -> None:
    """Queries and single-core time of `screen_candidates` on one chunk."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import CandidateProfile
    from jobs.services.screening import screen_candidates

    size = settings.SCREENING_CHUNK_SIZE
    ids = list(
        CandidateProfile.objects.order_by("pk").values_list("pk", flat=True)[:size]
    )
    screen_candidates(profile_ids=ids, force=True)  # warm the rules cache
    for force, label in ((True, "computed"), (False, "unchanged")):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            report = screen_candidates(profile_ids=ids, force=force)
            took = time.perf_counter() - start
        print(
            f"one chunk of {len(ids)}, {label:<9}: {len(queries)} queries, "
            f"{took * 1000:6.1f} ms in one process = {len(ids) / took:6.0f} profiles/s"
            f" (screened {report.screened}, unchanged {report.unchanged})"
        )
    from jobs.services.matching import rebuild_cards

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        cards = rebuild_cards(profile_ids=ids)
        took = time.perf_counter() - start
    print(
        f"cards of that chunk, rebuilt : {len(queries)} queries, {took * 1000:6.1f} ms"
        f" in one process ({len(cards.changed_ids)} changed, so matched again)"
    )
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        screen_candidates(profile_ids=ids, force=True)
        profiler.disable()
        print(f"\ncProfile of screen_candidates(force=True) on {len(ids)} profiles:")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--candidates", type=int, default=20_000)
    parser.add_argument(
        "--roles",
        type=int,
        default=1_200,
        help="demo roles to seed (default 1,200: about 1,000 open, the target's)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk-size", type=int, default=None)
    parser.add_argument("--profile", action="store_true", help="cProfile one chunk")
    parser.add_argument("--keep-db", action="store_true", help="do not drop it")
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url:
        sys.exit(
            "bench: DATABASE_URL is not set (run it through scripts/with-postgres)"
        )
    timeout = max(600.0, args.candidates / 50)

    with (
        fresh_database(base_url, args.keep_db) as database_url,
        redis_url() as broker,
        tempfile.TemporaryDirectory(prefix="bench-pipeline-") as folder,
    ):
        os.environ.update(
            DATABASE_URL=database_url,
            REDIS_URL=broker,
            DJANGO_SETTINGS_MODULE="portal.settings",
        )
        os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
        if args.chunk_size:
            os.environ["SCREENING_CHUNK_SIZE"] = str(args.chunk_size)
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection, connections

        from accounts.models import CandidateProfile
        from jobs.models import Role, ScreeningRun
        from jobs.selectors.rules import current_rules
        from jobs.services.rules import save_rules_configuration
        from portal.celery import app

        call_command("migrate", verbosity=0)
        start = time.monotonic()
        call_command(
            "seed_demo",
            *("--candidates", str(args.candidates)),
            *("--roles", str(args.roles)),
            stdout=io.StringIO(),
        )
        candidates = CandidateProfile.objects.count()
        open_roles = Role.objects.public().count()
        # seed_demo queued the first screening; the runs below time it themselves.
        app.control.purge()
        ScreeningRun.objects.all().delete()
        print(
            f"PostgreSQL {connection.pg_version // 10000}, {candidates} candidates "
            f"and {open_roles} open roles seeded in {time.monotonic() - start:.1f} s; chunk size "
            f"{settings.SCREENING_CHUNK_SIZE}; {args.workers} workers "
            f"(--concurrency 1 each) on {os.cpu_count()} CPUs"
        )
        connections.close_all()  # the workers fork from nothing of ours

        with workers(args.workers, Path(folder)):
            wait(lambda: drained(broker, args.workers), "an empty queue", timeout)
            rates = [
                timed_run(
                    "first screening (all computed)", timeout, broker, args.workers
                )
            ]
            timed_run("re-screen, nothing changed", timeout, broker, args.workers)
            rules = current_rules()
            save_rules_configuration(
                config=dataclasses.replace(
                    rules.config, k_age_max=rules.config.k_age_max - 1
                ),
                user=None,
                note="bench_pipeline: a rules change",
            )
            rates.append(
                timed_run(
                    "re-screen after a rules change", timeout, broker, args.workers
                )
            )
        one_chunk(args.profile)
        worst = min(end_to_end for _screened, end_to_end in rates)
        verdict = "meets" if worst >= TARGET else "BELOW"
        print(
            f"slowest full run, end to end (screen + cards + matches): {worst:.0f} "
            f"profiles/s with {args.workers} workers on {os.cpu_count()} CPUs, "
            f"{verdict} the {TARGET:,}/s target"
        )
        connections.close_all()


if __name__ == "__main__":
    main()
