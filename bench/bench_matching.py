"""Benchmark the pure matching engine: one role against 100,000 candidates, one core.

Usage: .venv/bin/python bench/bench_matching.py [--candidates N] [--roles R]
[--seed S] [--profile]. Prints figures only; there are no assertions.
Target: top_matches(role, candidates, limit=50) well under a second per role.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jobs.engines.matching.engine import score_match, top_matches, top_roles
from jobs.engines.matching.model import (
    DEGREE_LEVELS,
    ENGLISH_LEVELS,
    CandidateSummary,
    RoleRequirements,
)


def _words(text: str) -> list[str]:
    """Split a space-separated list of slugs."""
    return text.split()


# Profile: (skill pool, field codes, typical salary in CNY/year).
PROFILES: dict[str, tuple[list[str], tuple[str, ...], int]] = {
    "ml": (
        _words(
            "python pytorch tensorflow keras jax scikit-learn deep-learning "
            "machine-learning computer-vision natural-language-processing llm "
            "numpy pandas cuda docker sql hugging-face opencv linux git"
        ),
        ("08", "0812", "07", "0701", "0714", "0835"),
        450_000,
    ),
    "backend": (
        _words(
            "python java go django flask fastapi spring spring-boot postgresql mysql "
            "redis kafka docker kubernetes aws linux git rest-api microservices "
            "nodejs typescript"
        ),
        ("08", "0812", "0835", "07", "0701"),
        380_000,
    ),
    "frontend": (
        _words(
            "javascript typescript react vue angular html css nextjs webpack "
            "tailwind-css figma nodejs graphql git jquery svelte"
        ),
        ("08", "0812", "0835", "13", "1305"),
        320_000,
    ),
    "devops": (
        _words(
            "linux bash docker kubernetes terraform ansible aws azure google-cloud "
            "jenkins github-actions prometheus grafana python go git ci-cd"
        ),
        ("08", "0812", "0810"),
        400_000,
    ),
    "embedded": (
        _words(
            "c cpp embedded-systems stm32 arduino freertos rtos embedded-linux fpga "
            "verilog vhdl systemverilog pcb-design altium-designer dsp matlab "
            "python linux"
        ),
        ("08", "0809", "0810", "0811"),
        300_000,
    ),
    "mechanical": (
        _words(
            "solidworks autocad catia creo ansys abaqus finite-element-analysis cfd "
            "matlab simulink cnc-machining 3d-printing ros robotics plc six-sigma"
        ),
        ("08", "0802", "0804", "0811"),
        260_000,
    ),
    "materials": (
        _words(
            "xrd sem tem afm xps raman-spectroscopy dft vasp lammps "
            "thin-film-deposition sputtering photolithography electrochemistry "
            "lithium-ion-batteries python matlab"
        ),
        ("08", "0805", "07", "0702", "0703"),
        280_000,
    ),
    "chemistry": (
        _words(
            "hplc gc-ms lc-ms nmr ftir organic-synthesis chromatography "
            "mass-spectrometry gaussian molecular-dynamics spectroscopy "
            "polymer-synthesis python"
        ),
        ("07", "0703", "08", "0817"),
        250_000,
    ),
    "biology": (
        _words(
            "pcr qpcr western-blot crispr cell-culture flow-cytometry "
            "confocal-microscopy elisa protein-purification rna-seq ngs "
            "bioinformatics r python biopython statistics"
        ),
        ("07", "0710", "10", "1001", "0831"),
        240_000,
    ),
    "data": (
        _words(
            "python r sql excel tableau power-bi pandas statistics spss sas "
            "data-visualization spark hadoop hive airflow machine-learning"
        ),
        ("07", "0714", "0701", "02", "0202", "12"),
        300_000,
    ),
}
ALL_SKILLS = sorted({s for pool, _, _ in PROFILES.values() for s in pool})
CITIES = _words(
    "shanghai beijing shenzhen hangzhou guangzhou chengdu wuhan nanjing suzhou xi'an"
)
CITY_NAMES = ("Shanghai", "Beijing", "Shenzhen", "Hangzhou", "Suzhou", "Xi'an")


def make_candidate(rng: random.Random, cid: int) -> CandidateSummary:
    """One candidate with a profile-shaped skill set and mostly known facts."""
    pool, fields, salary = PROFILES[rng.choice(list(PROFILES))]
    skills = set(rng.sample(pool, rng.randint(3, min(12, len(pool)))))
    skills.update(rng.sample(ALL_SKILLS, rng.randint(0, 2)))
    codes = set(rng.sample(fields, rng.randint(1, 2)))
    codes |= {c[:2] for c in codes}
    return CandidateSummary(
        candidate_id=cid,
        skills=frozenset(skills),
        field_categories=frozenset(codes) if rng.random() > 0.05 else frozenset(),
        highest_degree=rng.choice((*DEGREE_LEVELS, "bachelor", "master", None)),
        years_experience=rng.choice((None, *range(16), 0.5, 2.5)),
        english_level=rng.choice((*ENGLISH_LEVELS, "fluent", None)),
        hsk_level=rng.choice((None, 0, 1, 2, 3, 4, 5, 6)),
        desired_cities=frozenset(rng.sample(CITIES, rng.choice((0, 1, 1, 2, 3)))),
        willing_to_relocate=rng.random() < 0.5,
        salary_expectation=(
            None if rng.random() < 0.15 else int(salary * rng.uniform(0.5, 1.8))
        ),
    )


def make_role(rng: random.Random, rid: int) -> RoleRequirements:
    """One role asking for 3-6 skills of a profile and some of the other facts."""
    pool, fields, salary = PROFILES[rng.choice(list(PROFILES))]
    picked = rng.sample(pool, rng.randint(4, 9))
    n_required = rng.randint(3, min(6, len(picked)))
    low = int(salary * rng.uniform(0.6, 1.0))
    return RoleRequirements(
        role_id=rid,
        required_skills=frozenset(picked[:n_required]),
        preferred_skills=frozenset(picked[n_required:]),
        field_categories=frozenset(rng.sample(fields, rng.randint(0, 2))),
        min_degree=rng.choice((None, "bachelor", "bachelor", "master", "doctorate")),
        min_years=rng.choice((None, 0, 1, 2, 3, 5, 8)),
        english_level=rng.choice((None, "intermediate", "professional", "fluent")),
        min_hsk=rng.choice((None, None, 0, 3, 4, 5)),
        city=rng.choice(CITY_NAMES),
        remote=rng.random() < 0.1,
        salary_min=low if rng.random() < 0.8 else None,
        salary_max=int(low * rng.uniform(1.2, 1.8)) if rng.random() < 0.8 else None,
    )


def main() -> None:
    """Generate candidates and roles, time top_matches per role, print figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--roles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    start = time.perf_counter()
    candidates = [make_candidate(rng, i) for i in range(args.candidates)]
    roles = [make_role(rng, i) for i in range(args.roles)]
    built = time.perf_counter() - start
    print(
        f"generated {len(candidates):,} candidates and {len(roles)} roles "
        f"in {built:.1f} s (skill table: {len(ALL_SKILLS)} skills in use)"
    )

    start = time.perf_counter()
    top_matches(roles[0], candidates, limit=50)
    cold = time.perf_counter() - start
    print(f"first role, cold caches: {cold * 1000:.0f} ms")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        top_matches(roles[1], candidates, limit=50)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)

    timings: list[float] = []
    kept = 0
    for role in roles:
        start = time.perf_counter()
        results = top_matches(role, candidates, limit=50)
        timings.append(time.perf_counter() - start)
        kept += len(results)
    total = sum(timings)
    pairs = len(roles) * len(candidates)
    ms = sorted(t * 1000 for t in timings)
    print(
        f"top_matches(limit=50), {len(roles)} roles x {len(candidates):,} candidates:"
        f" median {statistics.median(ms):.0f} ms, p95 {ms[int(len(ms) * 0.95) - 1]:.0f}"
        f" ms, max {ms[-1]:.0f} ms per role"
    )
    print(f"pairs scored: {pairs:,} in {total:.1f} s = {pairs / total:,.0f} pairs/s")
    print(f"results kept: {kept:,} (avg {kept / len(roles):.1f} per role)")

    sample = candidates[: min(2_000, len(candidates))]
    start = time.perf_counter()
    for candidate in sample:
        score_match(roles[0], candidate)
    each = (time.perf_counter() - start) / len(sample)
    print(f"score_match (explained, one pair): {each * 1e6:.1f} us")

    start = time.perf_counter()
    for candidate in sample[:500]:
        top_roles(candidate, roles, limit=20)
    per = (time.perf_counter() - start) / min(500, len(sample))
    print(f"top_roles(limit=20) over {len(roles)} roles: {per * 1000:.2f} ms each")


if __name__ == "__main__":
    main()
