"""Benchmark the API's public roles list against /healthz on the same gunicorn.

Usage: .venv/bin/python bench/bench_api.py [--roles 20000] [--requests 500]
       [--concurrency 4] [--keep-db]

The same harness as bench/bench_search.py (seeded database, gunicorn with 2
workers, /healthz alternated with each URL in three rounds, the median of the
pairs' ratios), over `/api/v1/public/roles/`: the first page, a keyword, a city
in Chinese, and 100 roles a page. DATABASE_URL selects PostgreSQL.
"""

import sys
from urllib.parse import quote

import bench_search

bench_search.SUBJECT = "API list"
bench_search.PAGES = [
    ("trivial /healthz", "/healthz"),
    ("API roles, first page", "/api/v1/public/roles/"),
    ("API roles, keyword", "/api/v1/public/roles/?q=engineer"),
    ("API roles, city 上海", "/api/v1/public/roles/?city=" + quote("上海")),
    ("API roles, 100 a page", "/api/v1/public/roles/?per_page=100"),
]

if __name__ == "__main__":
    sys.argv[0] = __file__
    raise SystemExit(bench_search.main())
