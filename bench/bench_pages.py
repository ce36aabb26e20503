"""Benchmark the signed-in pages against `/healthz` on the same gunicorn.

Usage: .venv/bin/python bench/bench_pages.py [--roles 1000] [--candidates 300]
       [--matches 0] [--requests 200] [--concurrency 4] [--keep-db]
With REDIS_URL set the site runs as in production (caches, session copies and
/healthz's cache and broker checks in Redis); the seed always runs eager.

Seeds `seed_demo` (a fresh SQLite file under /tmp, kept and reused with
`--keep-db`; or DATABASE_URL when set, seeded idempotently and VACUUM ANALYZEd),
stores every open role's matches of the demo employer's company, signs the demo
seeker and the demo employer in (database sessions), starts gunicorn (2 sync
workers) on a free loopback port and measures, in alternating rounds with
`/healthz` (three pairs of a `/healthz` round and a page round; the figure is
the median of the pairs' ratios): a signed-in seeker's search (`?q=engineer`), a seeker's role page, the employer dashboard
and a role's matches page. Prints req/s, p50, p95, queries per page, the ratio
to `/healthz` in the same run and the core count.
Target (issue 19): each page ≥ 50 % of /healthz.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import _free_port, _manage, _measure, _wait_for

ROOT = Path(__file__).resolve().parents[1]

# Run in a subprocess with Django set up: matches stored for the demo company's
# open roles, two signed-in sessions, the pages' URLs and their query counts.
_PREPARE = """
import json
import django
django.setup()
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from accounts.models import User
from jobs.demo.builders import DEMO_DOMAIN
from jobs.models import CandidateCard, Match, Membership, Role
from jobs.services.matching import refresh_candidate_matches, refresh_role_matches

seeker = User.objects.get(email=f"seeker@{DEMO_DOMAIN}")
employer = User.objects.get(email=f"employer@{DEMO_DOMAIN}")
company = Membership.objects.get(user=employer).company
open_roles = list(Role.objects.public().filter(company=company).values_list("pk", flat=True))
if not Match.objects.filter(role__company=company).exists():
    for pk in open_roles:
        refresh_role_matches(role_id=pk)
# Up to --matches stored across the site: batches of candidates enter the role
# lists (every list has room at first) and get their own best roles.
cards = CandidateCard.objects.order_by("profile_id").values_list("profile_id", flat=True)
done = 0
while Match.objects.count() < MATCHES_WANTED:
    batch = list(cards[done : done + 10])
    if not batch:
        break
    refresh_candidate_matches(profile_ids=batch)
    done += len(batch)
best = (
    Match.objects.filter(role_id__in=open_roles, for_role=True)
    .values("role").annotate(n=Count("pk")).order_by("-n", "role").first()
)
seen = Role.objects.public().exclude(company=company).order_by("pk").first()
pages = {
    "signed-in search": ("seeker", "/roles/?q=engineer"),
    "seeker role page": ("seeker", f"/roles/{seen.pk}/"),
    "employer dashboard": ("employer", "/employer/"),
    "matches page": ("employer", f"/employer/roles/{best['role']}/matches/"),
}
cookies, counts = {}, {}
for name, user in (("seeker", seeker), ("employer", employer)):
    client = Client()
    client.force_login(user)
    for label, (who, url) in pages.items():
        if who != name:
            continue
        # Warm the caches as a worker would: the first view sets the CSRF
        # cookie, the second stores the page; the count is a cached view's.
        client.get(url, HTTP_HOST="127.0.0.1")
        client.get(url, HTTP_HOST="127.0.0.1")
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url, HTTP_HOST="127.0.0.1").status_code
        assert status == 200, (url, status)
        counts[label] = len(queries)
    # Sent as a browser sends them: the session and the CSRF cookie the first
    # page set (a signed-in page is cached per reader and CSRF secret).
    cookies[name] = (
        client.cookies["sessionid"].value
        + "; csrftoken=" + client.cookies["csrftoken"].value
    )
print(json.dumps({
    "pages": pages, "cookies": cookies, "counts": counts,
    "matches": Match.objects.filter(role_id=best["role"], for_role=True).count(),
    "company_matches": Match.objects.filter(role__company=company, for_role=True).count(),
    "company_roles": len(open_roles),
    "all_matches": Match.objects.count(),
}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=1_000)
    parser.add_argument("--candidates", type=int, default=300)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument(
        "--matches",
        type=int,
        default=0,
        help="stored matches to reach across the site (issue 19's shape: 50,000)",
    )
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()

    name = f"k-talent-bench-pages-{args.roles}-{args.candidates}"
    if args.keep_db:
        workdir = os.path.join(tempfile.gettempdir(), name)
        os.makedirs(workdir, exist_ok=True)
    else:
        workdir = tempfile.mkdtemp(prefix=name + "-")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
        "DJANGO_SECURE": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_PRIVATE_MEDIA_ROOT": os.path.join(workdir, "private"),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    # Eager tasks: the seed needs no worker. The site itself runs as in
    # production when REDIS_URL is set: caches and session copies in Redis,
    # and /healthz pinging Redis as cache and broker.
    redis_url = env.pop("REDIS_URL", "")
    site_env = {**env, "REDIS_URL": redis_url} if redis_url else env
    if "DATABASE_URL" not in os.environ:
        env["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    print(
        f"database: {env['DATABASE_URL'].split('@')[-1]}; "
        f"redis: {redis_url.split('@')[-1] if redis_url else 'none (local memory)'}",
        flush=True,
    )
    started = time.perf_counter()
    _manage(env, "migrate", "--noinput", "-v0")
    employers = max(1, args.roles // 100)
    # Candidates first (screened against no roles), then the roles: seeded in one
    # call the eager screening would match every candidate against every role,
    # hours at 100,000 x 20,000. The stored matches come from _PREPARE.
    for roles in (0, args.roles):
        _manage(
            env,
            "seed_demo",
            "--candidates",
            str(args.candidates),
            "--employers",
            str(employers),
            "--roles",
            str(roles),
        )
    if env["DATABASE_URL"].startswith("postgres"):
        _manage(
            env,
            "shell",
            "-c",
            "from django.db import connection; "
            "connection.cursor().execute('VACUUM ANALYZE')",
        )
    prepared = json.loads(
        subprocess.run(
            [sys.executable, "-c", f"MATCHES_WANTED = {args.matches}\n" + _PREPARE],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    print(
        f"seeded {args.roles:,} roles, {args.candidates:,} candidates "
        f"({employers + 1} companies; the demo company has "
        f"{prepared['company_roles']} open roles and "
        f"{prepared['company_matches']:,} stored matches; "
        f"{prepared['all_matches']:,} on the site) "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )

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
        env=site_env,
        start_new_session=True,
    )
    results = {}
    try:
        _wait_for(base, gunicorn)
        for label, (who, path) in prepared["pages"].items():
            results[label] = _measure(
                base,
                path,
                args.requests,
                args.concurrency,
                cookie=prepared["cookies"][who],
            )
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        try:
            gunicorn.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(gunicorn.pid, signal.SIGKILL)
            gunicorn.wait()
        if not args.keep_db and "DATABASE_URL" not in os.environ:
            for path in Path(workdir).glob("bench.sqlite3*"):
                path.unlink()

    print(
        f"\n{os.cpu_count()} cores; 3 rounds of {args.requests} requests per URL "
        f"(median round), concurrency {args.concurrency}, gunicorn 2 sync workers "
        f"on 127.0.0.1; the matches page lists a role with "
        f"{prepared['matches']} stored matches\n"
    )
    print(
        f"{'page':<20} {'queries':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'healthz':>8} {'vs trivial':>10}"
    )
    for label, r in results.items():
        print(
            f"{label:<20} {prepared['counts'][label]:>7} {r['rps']:>8.1f} "
            f"{r['p50']:>8.1f} {r['p95']:>8.1f} {r['floor_rps']:>8.1f} "
            f"{r['ratio']:>9.0%}"
        )
    worst = min(r["ratio"] for r in results.values())
    print(f"\nslowest signed-in page: {worst:.0%} of /healthz (target ≥ 50 %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
