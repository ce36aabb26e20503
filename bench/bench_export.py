"""Benchmark the admin's streaming CSV export: time and peak Python memory.

Usage: .venv/bin/python bench/bench_export.py [--rows 100000] [--keep-db]

Seeds `--rows` roles into a fresh SQLite file under /tmp (reused with
`--keep-db`), then runs the role admin's "Export (CSV)" action on all of them
through a request, reads the streamed response line by line and prints the
rows, the bytes, the seconds and the peak memory tracemalloc saw. A streamed
export's peak stays near one chunk of rows (2,000), whatever `--rows` is.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()

    db = Path(tempfile.gettempdir()) / f"k-talent-bench-export-{args.rows}.sqlite3"
    if db.exists() and not args.keep_db:
        db.unlink()
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.admin.sites import site
    from django.core.management import call_command
    from django.test import RequestFactory
    from django.utils import timezone

    from accounts.models import User
    from jobs.models import Company, Role
    from jobs.validators import make_credit_code

    call_command("migrate", verbosity=0)
    have = Role.objects.count()
    if have < args.rows:
        company, _ = Company.objects.get_or_create(
            credit_code=make_credit_code(division="310000", serial=1),
            defaults={
                "name": "Bench Robotics",
                "name_zh": "基准机器人有限公司",
                "city": "Shanghai",
                "industry": "Robotics",
                "size": "50-199",
                "verified_at": timezone.now(),
            },
        )
        today = timezone.localdate()
        Role.objects.bulk_create(
            (
                Role(
                    company=company,
                    title=f"Robotics engineer {i}",
                    description="Build robot arms.",
                    salary_min=300_000,
                    salary_max=500_000,
                    city="Shanghai",
                    status="published",
                    published_at=timezone.now(),
                    valid_until=today,
                )
                for i in range(have, args.rows)
            ),
            batch_size=5000,
        )
    staff, _ = User.objects.get_or_create(
        email="bench-staff@example.com",
        defaults={"is_staff": True, "is_superuser": True},
    )
    model_admin = site._registry[Role]
    request = RequestFactory().post("/admin/jobs/role/")
    request.user = staff

    tracemalloc.start()
    started = time.perf_counter()
    response = model_admin.export_csv(request, model_admin.get_queryset(request))
    lines = size = 0
    for chunk in response.streaming_content:
        lines += 1
        size += len(chunk)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"type:        {type(response).__name__}")
    print(f"rows:        {lines - 2:,} (plus BOM and header)")
    print(f"bytes:       {size:,}")
    print(f"seconds:     {seconds:.2f}")
    print(f"peak memory: {peak / 1024 / 1024:.1f} MiB (tracemalloc)")


if __name__ == "__main__":
    main()
