"""How many top-500 names of ARWU 2026 and THE 2027, as spelled there, get the right tier.

Usage: .venv/bin/python bench/bench_institution_recall.py [--source DIR] [--top N] [--misses]

For every row of `arwu_2026.csv` and `the_2027.csv` (the shared reference folder, see
its SOURCE.md) whose rank, or the upper end of its band, is within the top N (500):
the expected tier follows SCREENING.md from that row's rank (≤ 200 → tier 1,
201–500 → tier 2). The name, exactly as the ranking spells it, goes through the
engine's resolver (`default_index()`, the shipped table) and `Lookups.tier`.

A row counts as right when the name resolves, the resolved institution's country
agrees with the row's (when both are known), and its tier is the expected one or
better: best rank wins, so another ranking, the Double First-Class list or a
national research body may legitimately lift the tier. The strict figure (exactly
the expected tier) is printed beside it. Prints figures only; no assertions.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jobs.engines.screening.config import DEFAULT_CONFIG
from jobs.engines.screening.institutions import default_index
from jobs.engines.screening.lookups import Lookups, Tier
from jobs.engines.screening.sources import country_code

FILES = ("arwu_2026.csv", "the_2027.csv")
DEFAULT_SOURCE = Path("/work/shared/data/universities")


def _rank_bounds(row: dict[str, str]) -> tuple[int, int] | None:
    if row["rank"].strip():
        rank = int(row["rank"])
        return rank, rank
    band = row["rank_band"].strip().rstrip("+")
    if not band:
        return None
    low, _, high = band.partition("-")
    return int(low), int(high or low)


def measure(path: Path, *, top: int, misses: bool) -> tuple[int, int, int, int]:
    """Return (rows, resolved, right, strict) for one ranking file."""
    index = default_index()
    lookups = Lookups(DEFAULT_CONFIG, index)
    rows = resolved = right = strict = 0
    missed: list[str] = []
    with path.open(encoding="utf-8", newline="") as fp:
        for row in csv.DictReader(fp):
            bounds = _rank_bounds(row)
            if bounds is None or bounds[1] > top:
                continue
            rows += 1
            expected = (
                Tier.TIER1 if bounds[0] <= DEFAULT_CONFIG.tier1_max_rank else Tier.TIER2
            )
            inst = index.resolve(row["name"])
            if inst is None:
                missed.append(f"  unresolved  {bounds[0]:>4}  {row['name']}")
                continue
            resolved += 1
            country = country_code(row["country"])
            if country and inst.country and country != inst.country:
                missed.append(
                    f"  country     {bounds[0]:>4}  {row['name']} → {inst.name} "
                    f"({inst.country})"
                )
                continue
            tier = lookups.tier(inst)
            if tier <= expected:
                right += 1
                strict += tier == expected
            else:
                missed.append(
                    f"  tier {int(tier)}      {bounds[0]:>4}  {row['name']} → {inst.name}"
                )
    if misses:
        print("\n".join(missed))
    return rows, resolved, right, strict


def main(argv: list[str] | None = None) -> int:
    """Print the share of names that resolve to the right tier, per ranking."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--top", type=int, default=500)
    parser.add_argument("--misses", action="store_true", help="list the misses")
    args = parser.parse_args(argv)
    total = [0, 0, 0, 0]
    for name in FILES:
        path = args.source / name
        if not path.is_file():
            print(f"{path} not found", file=sys.stderr)
            return 2
        figures = measure(path, top=args.top, misses=args.misses)
        total = [a + b for a, b in zip(total, figures, strict=True)]
        _print(name, *figures)
    _print("both", *total)
    return 0


def _print(label: str, rows: int, resolved: int, right: int, strict: int) -> None:
    print(
        f"{label:<14} top-500 rows {rows:>4}  resolved {resolved / rows:6.1%}  "
        f"right tier {right / rows:6.1%} ({right})  exact tier {strict / rows:6.1%}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
