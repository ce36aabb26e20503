"""Benchmark the role search page against a trivial view on the same gunicorn.

Usage: .venv/bin/python bench/bench_search.py [--roles 20000] [--requests 500]
       [--concurrency 4] [--keep-db] [--uncached] [--templates 2000]

Seeds `--roles` roles into a fresh database (its own SQLite file under /tmp, kept
and reused with `--keep-db`; or DATABASE_URL when set: then that database is
used as it is and seeded idempotently, then VACUUM ANALYZEd), starts gunicorn on 127.0.0.1 (a free port, 2 workers), sends a
bounded number of concurrent requests per URL with urllib in threads, prints
req/s, p50, p95 and the query count per page, and stops gunicorn.
Target: the search pages reach ≥ 50 % of /healthz's throughput.

The first `--templates` roles come from `seed_demo` (the product's own save
path: search columns, city keys, places, vectors); the rest are copies of them
made in bulk (`bulk_roles`: each copy keeps its template's text, company, skills
and search columns, and gets its own dates), so 200,000 roles seed in 358 s on
the shared 2-core machine (PostgreSQL) instead of the better part of an hour
through seed_demo alone.

`--uncached` turns the results cache off (ROLES_SEARCH_CACHE_SECONDS=0) and
measures the keyword, city and keyword + city searches in English and Chinese
one request at a time (concurrency 1 unless given): p50/p95 per query, still
alternated with /healthz. Target: p95 ≤ 50 ms at 200,000 roles (PostgreSQL).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    ("trivial /healthz", "/healthz"),
    ("search, no filter", "/roles/"),
    ("search, keyword", "/roles/?q=engineer"),
    (
        "search, three filters",
        "/roles/?city=Shanghai&salary_from=300000&visa=work_permit",
    ),
    ("search, page 50", "/roles/?page=50"),
]


# The uncached mode's searches: every one builds its results (cache off).
UNCACHED_PAGES = [
    ("trivial /healthz", "/healthz"),
    ("keyword engineer", "/roles/?q=engineer"),
    ("city Shanghai", "/roles/?city=Shanghai"),
    ("keyword + city", "/roles/?q=engineer&city=Shanghai"),
    ("keyword 工程师", "/roles/?q=工程师"),
    ("city 上海", "/roles/?city=上海"),
    ("keyword + city 工程师 上海", "/roles/?q=工程师&city=上海"),
]
UNCACHED_TARGET_MS = 50

# What the last line calls the pages (bench/bench_api.py measures the API's).
SUBJECT = "search page"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def _django_script(env: dict, code: str) -> str:
    """Run `code` in a Django process of its own; the last line it printed."""
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.strip().splitlines()[-1]


def bulk_roles(target: int, templates: int) -> int:
    """Copies of the first `templates` roles until there are `target` roles; how
    many were made. Run inside Django (`_bulk_seed`).

    A copy keeps its template's text, company, skills and the search columns
    the product wrote for it (`search_title`, `search_text`, `city_key`, the
    place), so keyword and city searches meet the same words and cities in the
    same proportions, and on PostgreSQL its template's vector (the product's
    `update_search_vectors` of the same columns: the same tsvector, read as its
    text and written back); it gets its own posting and closing dates (as
    seed_demo draws them). Batches of 5,000 in their own transactions.
    """
    import random
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from jobs.models import Role, RoleStatus

    existing = Role.objects.count()
    if existing >= target:
        return 0
    skip = {"id"}
    names = [f.attname for f in Role._meta.concrete_fields if f.attname not in skip]
    rows = list(Role.objects.order_by("pk").values("pk", *names)[:templates])
    through = Role.required_skills.through
    skills: dict[int, list[int]] = {}
    for role_id, skill_id in through.objects.filter(
        role_id__in=[r["pk"] for r in rows]
    ).values_list("role_id", "skill_id"):
        skills.setdefault(role_id, []).append(skill_id)
    today, now = timezone.localdate(), timezone.now()
    made = 0
    while existing + made < target:
        batch = []
        for index in range(existing + made, min(target, existing + made + 5000)):
            template = rows[index % len(rows)]
            rng = random.Random(f"bulk-role-{index}")
            fields = {n: template[n] for n in names}
            posted = now - timedelta(days=rng.randint(0, 29), hours=rng.randint(0, 23))
            if fields["published_at"] is not None:
                fields["published_at"] = posted
            if fields["submitted_at"] is not None:
                fields["submitted_at"] = posted
            fields["valid_until"] = today + timedelta(days=rng.randint(1, 90))
            if fields["status"] == RoleStatus.CLOSED:
                fields["closed_at"] = now
            batch.append((Role(**fields), skills.get(template["pk"], [])))
        with transaction.atomic():
            created = Role.objects.bulk_create([r for r, _s in batch], batch_size=1000)
            through.objects.bulk_create(
                [
                    through(role_id=role.pk, skill_id=skill_id)
                    for role, (_r, ids) in zip(created, batch, strict=True)
                    for skill_id in ids
                ],
                batch_size=5000,
            )
        made += len(created)
    return made


def _bulk_seed(env: dict, target: int, templates: int) -> int:
    code = f"""
import sys
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
import django
django.setup()
import bench_search
print(bench_search.bulk_roles({target!r}, {templates!r}))
"""
    return int(_django_script(env, code))


def _query_counts(env: dict, pages: list[tuple[str, str]]) -> dict[str, int]:
    urls = [urllib.parse.quote(url, safe=":/?&=%") for _label, url in pages]
    code = f"""
import django, json
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
counts = {{}}
for url in {urls!r}:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url, HTTP_HOST="127.0.0.1").status_code
    assert status == 200, (url, status)
    counts[url] = len(queries)
print(json.dumps(counts))
"""
    import json

    quoted = json.loads(_django_script(env, code))
    return {url: quoted[q] for (_label, url), q in zip(pages, urls, strict=True)}


def _fetch(url: str, cookie: str | None = None) -> float:
    """One GET's seconds; `cookie` is a session id (bench_pages signs in)."""
    request = urllib.request.Request(urllib.parse.quote(url, safe=":/?&=%"))
    if cookie:
        request.add_header("Cookie", f"sessionid={cookie}")
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")
    return time.perf_counter() - start


def _round(
    pool, url: str, requests: int, cookie: str | None = None
) -> tuple[float, list[float]]:
    start = time.perf_counter()
    latencies = list(pool.map(lambda _i: _fetch(url, cookie), range(requests)))
    return requests / (time.perf_counter() - start), latencies


def _measure(
    base: str, path: str, requests: int, concurrency: int, cookie: str | None = None
) -> dict:
    """Throughput and latency of `requests` concurrent GETs, in steady state,
    with `/healthz` measured in the rounds between, on the same workers.

    Warmed up with concurrent requests first, so every worker has its connection
    (and, with the results cache on, its cached entry) before the clock starts.
    The host is shared: a floor measured once at the start says nothing about a
    page measured a minute later. So each of three rounds is a `/healthz` round
    then a page round, the ratio is taken per pair, and the figure is the median
    ratio (and the median round).
    """
    url, floor = base + path, base + "/healthz"
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(lambda _i: _fetch(url, cookie), range(8 * concurrency)))
        list(pool.map(lambda _i: _fetch(floor), range(8 * concurrency)))
        rounds, floors, ratios, latencies = [], [], [], []
        for _round_number in range(3):
            floor_rps, _floor_latencies = _round(pool, floor, requests)
            rps, page_latencies = _round(pool, url, requests, cookie)
            floors.append(floor_rps)
            rounds.append(rps)
            ratios.append(rps / floor_rps)
            latencies += page_latencies
    latencies.sort()
    return {
        "rps": statistics.median(rounds),
        "floor_rps": statistics.median(floors),
        "ratio": statistics.median(ratios),
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }


def _wait_for(base: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            _fetch(base + "/healthz")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=20_000)
    parser.add_argument(
        "--requests",
        type=int,
        default=None,
        help="requests per URL and round (default 500; 50 with --uncached)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="concurrent requests (default 4; 1 with --uncached)",
    )
    parser.add_argument(
        "--templates",
        type=int,
        default=2_000,
        help="roles seeded by seed_demo; the rest are bulk copies (default 2,000)",
    )
    parser.add_argument(
        "--uncached",
        action="store_true",
        help="results cache off: p50/p95 of keyword and city searches, "
        "English and Chinese",
    )
    parser.add_argument(
        "--keep-db",
        action="store_true",
        help="keep the SQLite file and reuse it on the next run",
    )
    args = parser.parse_args()
    if args.requests is None:
        args.requests = 50 if args.uncached else 500
    if args.concurrency is None:
        args.concurrency = 1 if args.uncached else 4
    pages = UNCACHED_PAGES if args.uncached else PAGES

    if args.keep_db:  # one file per size, reused (and topped up) by the next run
        workdir = os.path.join(tempfile.gettempdir(), f"k-talent-bench-{args.roles}")
        os.makedirs(workdir, exist_ok=True)
    else:
        workdir = tempfile.mkdtemp(prefix="k-talent-bench-")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SECURE": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_PRIVATE_MEDIA_ROOT": os.path.join(workdir, "private"),
    }
    env.pop("REDIS_URL", None)  # eager tasks: the seed needs no worker
    if "DATABASE_URL" not in os.environ:
        env["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    print(f"database: {env['DATABASE_URL'].split('@')[-1]}")

    if args.uncached:
        env["ROLES_SEARCH_CACHE_SECONDS"] = "0"

    started = time.perf_counter()
    _manage(env, "migrate", "--noinput", "-v0")
    demo_roles = min(args.roles, args.templates)
    employers = max(1, demo_roles // 100)
    _manage(
        env,
        "seed_demo",
        "--candidates",
        "100",
        "--employers",
        str(employers),
        "--roles",
        str(demo_roles),
    )
    copies = _bulk_seed(env, args.roles, demo_roles)
    print(
        f"seeded {args.roles:,} roles ({copies:,} new bulk copies of the first "
        f"{demo_roles:,}) across {employers + 1} companies "
        f"in {time.perf_counter() - started:.1f} s"
    )
    if env["DATABASE_URL"].startswith("postgres"):
        # What autovacuum does shortly after a bulk load: statistics for the
        # planner and a visibility map for index-only scans.
        _manage(
            env,
            "shell",
            "-c",
            "from django.db import connection; "
            "connection.cursor().execute('VACUUM ANALYZE')",
        )
    counts = _query_counts(env, pages)

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    results = {}
    try:
        _wait_for(base, gunicorn)
        for label, path in pages:
            results[label] = _measure(base, path, args.requests, args.concurrency)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        try:
            gunicorn.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(gunicorn.pid, signal.SIGKILL)
            gunicorn.wait()
        if not args.keep_db and "DATABASE_URL" not in os.environ:
            for name in Path(workdir).glob("bench.sqlite3*"):
                name.unlink()

    cache_seconds = env.get("ROLES_SEARCH_CACHE_SECONDS", "300 (default)")
    print(
        f"\n3 rounds of {args.requests} requests per URL (median round), "
        f"concurrency {args.concurrency}, gunicorn 2 sync workers on 127.0.0.1, "
        f"ROLES_SEARCH_CACHE_SECONDS={cache_seconds}\n"
    )
    print(
        f"{'page':<24} {'queries':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'healthz':>8} {'vs trivial':>10}"
    )
    for label, path in pages:
        r = results[label]
        print(
            f"{label:<24} {counts[path]:>7} {r['rps']:>8.1f} {r['p50']:>8.1f} "
            f"{r['p95']:>8.1f} {r['floor_rps']:>8.1f} {r['ratio']:>9.0%}"
        )
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    if args.uncached:
        worst_p95 = max(results[label]["p95"] for label, _p in pages[1:])
        print(
            f"\nslowest uncached search p95: {worst_p95:.1f} ms at {args.roles:,} "
            f"roles (target ≤ {UNCACHED_TARGET_MS} ms), {os.cpu_count()} cores, "
            f"load average {load}"
        )
        return 0
    worst = min(results[label]["ratio"] for label, _p in PAGES[1:4])
    print(
        f"\nslowest {SUBJECT}: {worst:.0%} of /healthz measured in alternating "
        f"rounds (target ≥ 50 %), {os.cpu_count()} cores, load average {load}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
