"""Benchmark the pure screening rules and the institution name resolver on one core.

Usage: .venv/bin/python bench/bench_screening.py [--candidates N] [--seed S] [--profile]
Prints figures only; there are no assertions. Target: ≥ 20,000 profiles/s warm.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jobs.engines.screening.config import DEFAULT_CONFIG
from jobs.engines.screening.engine import screen
from jobs.engines.screening.facts import (
    Candidate,
    Degree,
    DegreeLevel,
    Offer,
    Position,
    PositionKind,
)
from jobs.engines.screening.institutions import (
    InstitutionIndex,
    load_institutions,
)

AS_OF = date(2026, 1, 15)
FIELDS = [
    "Computer Science",
    "Physics",
    "Chemistry",
    "Mathematics",
    "Electrical Engineering",
    "EE",
    "Informatik",
    "计算机科学与技术",
    "Materials Science",
    "Mechanical Engineering",
    "Clinical Medicine",
    "Agronomy",
    "Statistics",
    "Psychology",
    "MBA",
    "Business Administration",
    "Law",
    "History",
    "Economics",
    "Data Science",
    "Biology",
    "Civil Engineering",
    "Underwater Basket Weaving",
    None,
]
CITIES = [
    "Shanghai",
    "Beijing",
    "Shenzhen",
    "Chengdu",
    "Xi'an",
    "上海",
    "Wuhan",
    "Hangzhou",
    "Atlantis",
    None,
]


def name_pool(rng: random.Random, index_items: list, size: int) -> list[str]:
    """Realistic spellings: official, alias, Chinese, case variants, junk."""
    names: list[str] = []
    for inst in index_items:
        names.append(inst.name)
        names.extend(inst.aliases[:2])
        if inst.name_zh:
            names.append(inst.name_zh)
    variants = []
    for n in rng.sample(names, min(len(names), size // 2)):
        variants.append(
            rng.choice(
                [n.upper(), n.lower(), n.replace(" ", "  "), n + ".", "The " + n]
            )
        )
    junk = [f"Springfield College of Arts No. {i}" for i in range(size // 10)]
    pool = names + variants + junk
    rng.shuffle(pool)
    return pool[:size] if len(pool) > size else pool


def random_date(rng: random.Random, start: int, end: int) -> date:
    return date(start, 1, 1) + timedelta(days=rng.randrange((end - start) * 365))


def make_candidates(n: int, names: list[str], rng: random.Random) -> list[tuple]:
    """(candidate, offer) pairs with varied, partly missing facts."""
    out = []
    levels = list(DegreeLevel)
    kinds = list(PositionKind)
    for i in range(n):
        degrees = tuple(
            Degree(
                level=rng.choice(levels),
                field=rng.choice(FIELDS),
                discipline_code=rng.choice([None, None, None, "0812", "1002", "0702"]),
                institution=rng.choice(names),
                conferred=None if rng.random() < 0.1 else random_date(rng, 1990, 2027),
                taught_in_chinese=rng.random() < 0.05,
                grade_pct=rng.uniform(60, 100),
            )
            for _ in range(rng.randint(0, 3))
        )
        positions = tuple(
            Position(
                title="Post",
                kind=rng.choice(kinds),
                organisation=rng.choice(names),
                field=rng.choice(FIELDS),
                start=random_date(rng, 2010, 2026),
                end=None if rng.random() < 0.6 else random_date(rng, 2015, 2027),
            )
            for _ in range(rng.randint(0, 2))
        )
        candidate = Candidate(
            id=f"c-{i}",
            date_of_birth=None if rng.random() < 0.05 else random_date(rng, 1955, 2009),
            nationality=rng.choice(["DE", "US", "IN", "BR", None]),
            degrees=degrees,
            positions=positions,
            years_experience=rng.choice([None, *range(0, 25)]),
            hsk_level=rng.choice([None, 0, 0, 1, 2, 3, 4, 5, 6]),
            former_chinese_national=rng.random() < 0.02,
            fortune500_experience=rng.random() < 0.1,
            patents=rng.choice([0, 0, 0, 1, 3]),
            years_working_in_china=rng.choice([0, 0, 1, 3, 6]),
            talent_programme=rng.random() < 0.01,
            major_award=rng.random() < 0.005,
        )
        offer = None
        if rng.random() < 0.4:
            offer = Offer(
                salary_cny_annual=rng.choice([None, *range(60_000, 1_500_000, 20_000)]),
                city=rng.choice(CITIES),
                months_per_year_in_china=rng.choice([12, 12, 9, 6, 3, None]),
                inviting_unit=rng.choice([True, False, None]),
            )
        out.append((candidate, offer))
    return out


def run_rules(pairs: list[tuple], index: InstitutionIndex) -> float:
    start = time.perf_counter()
    for candidate, offer in pairs:
        screen(
            candidate,
            config=DEFAULT_CONFIG,
            institutions=index,
            as_of=AS_OF,
            offer=offer,
        )
    return time.perf_counter() - start


def main() -> None:
    """Generate candidates, time the resolver and the rules, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--names", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=20260115)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    t0 = time.perf_counter()
    items = load_institutions()
    index = InstitutionIndex(items)
    build = time.perf_counter() - t0
    names = name_pool(rng, list(items), args.names)
    distinct = list(dict.fromkeys(names))
    print(f"institution table: {len(items)} rows, index built in {build * 1000:.0f} ms")

    t0 = time.perf_counter()
    found = sum(index.resolve(n) is not None for n in distinct)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    for n in distinct:
        index.resolve(n)
    warm = time.perf_counter() - t0
    print(
        f"name resolver: {len(distinct)} distinct names ({found} resolved); "
        f"cold {len(distinct) / cold:,.0f} names/s, warm {len(distinct) / warm:,.0f} "
        "names/s"
    )

    pairs = make_candidates(args.candidates, names, rng)
    with_offer = sum(o is not None for _, o in pairs)
    print(f"candidates: {len(pairs):,} ({with_offer:,} with an offer)")
    fresh = InstitutionIndex(items)  # rules' first pass pays every look-up once
    first = run_rules(pairs, fresh)
    print(f"rules, first pass (cold caches): {len(pairs) / first:,.0f} profiles/s")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        second = run_rules(pairs, fresh)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    else:
        second = run_rules(pairs, fresh)
    print(
        f"rules, second pass (warm caches): {len(pairs) / second:,.0f} profiles/s "
        "(target ≥ 20,000)"
    )


if __name__ == "__main__":
    main()
