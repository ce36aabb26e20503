"""Benchmark retrieve-then-rank against brute force (issue 19), engine level.

Usage: .venv/bin/python bench/bench_retrieval.py [--roles 20000] [--candidates 500]
[--brute-roles 2000] [--pool 100000] [--seed S] [--workers 2] [--rounds 3]

1. A batch of candidates against every open role (`refresh_candidate_matches`):
   each candidate's best 20 roles and each role's best 50 of the batch that beat
   the stored list. Steady state: each role's stored list is full, its floor set
   to the role's best score among another batch (the best of 500 is about the
   200th of 100,000, below the real 50th: a conservative floor). Brute force is
   `top_roles` per candidate over all roles, and `top_matches` per role over a
   sample of `--brute-roles` roles (its time is scaled to all roles, and said so).
2. One new role against `--pool` candidates (`refresh_role_matches`):
   `top_candidates` (streamed, bounded) against `top_matches`.
3. The batch split in two by candidates: two processes, one half each, against
   one process doing both, in alternating rounds (`--rounds`); the ratio by wall
   clock, and by CPU time (the one process's over the longer half's: what two
   idle cores would give when colleagues load the machine). Load averages printed.
   In the same rounds the same split of a pure-Python loop that shares nothing
   (`--rounds` of it, alternated with the batch's): what two processes give on
   this machine at best, so the batch's ratio reads next to the machine's own.

Prints figures only (no assertions): times, pairs scored, peak memory, the top-50
and top-20 overlap with brute force, and the machine's core count.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_matching import make_candidate, make_role

from jobs.engines.matching.engine import (
    compile_roles,
    top_matches,
    top_roles,
)
from jobs.engines.matching.retrieval import (
    RoleIndex,
    Stats,
    match_batch,
    top_candidates,
)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rows(results) -> set:
    return {(r.role_id, r.candidate_id, r.score) for r in results}


def _overlap(pairs: list[tuple[set, set]]) -> float:
    want = sum(len(w) for w, _ in pairs)
    hit = sum(len(w & g) for w, g in pairs)
    return 100.0 * hit / want if want else 100.0


_SHARED: dict = {}


def _batch_half(half: int) -> None:
    index, batch, floors = _SHARED["index"], _SHARED["batch"], _SHARED["floors"]
    match_batch(index, batch[half::2], role_floors=floors)


def _spin(steps: int) -> int:
    """Pure-Python work that shares nothing with another process (no memory read
    after the first steps, no lock): the control for the two-worker ratio."""
    total = 0
    for step in range(steps):
        total += step * step % 7
    return total


def _spin_half(_half: int) -> None:
    _spin(_SHARED["spin"])


def _halves(work, which: tuple[int, ...], out, ready) -> None:
    """In a forked process: once every process of the round is ready, run
    `work` on these halves one after the other and send back (wall seconds, CPU
    seconds)."""
    ready.wait()
    wall, cpu = time.perf_counter(), time.process_time()
    for half in which:
        work(half)
    out.send((time.perf_counter() - wall, time.process_time() - cpu))
    out.close()


@dataclasses.dataclass
class _Round:
    forked: float  # wall from the first fork until every process has exited
    work: float  # wall from the moment all are ready until the last result
    each: list[tuple[float, float]]  # each process's own (wall, CPU)


def _run(ctx, plan: list[tuple[int, ...]], work=_batch_half) -> _Round:
    """Fork one process per entry of `plan`, each running `work` on its halves
    once all of them (and this one) pass a barrier, so they start together.

    `work` is what two long-lived workers spend on a batch each; `forked` adds the
    fork and the exit of a process holding the 290 MB index (0.1–0.2 s a round,
    which a Celery worker pays once, not per batch)."""
    start = time.perf_counter()
    ready = ctx.Barrier(len(plan) + 1)
    pipes, procs = [], []
    for which in plan:
        mine, theirs = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_halves, args=(work, which, theirs, ready))
        proc.start()
        pipes.append(mine)
        procs.append(proc)
    ready.wait()
    released = time.perf_counter()
    each = [pipe.recv() for pipe in pipes]
    work = time.perf_counter() - released
    for proc in procs:
        proc.join()
    return _Round(forked=time.perf_counter() - start, work=work, each=each)


def _load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _workers(rounds: int) -> None:
    """One process doing both halves against two doing one each, in alternating
    rounds: the wall-clock ratio of the work (from a barrier after the forks to
    the last result), the same with the forks and exits, and the CPU-time ratio
    (the one process's CPU time over the longer half's). Each round also splits
    `_spin` the same way, sized to take about as long as a half of the batch:
    the machine's own ratio for work that shares nothing, measured in the same
    minutes (it moves with the hypervisor's load, as the batch's does)."""
    ctx = multiprocessing.get_context("fork")
    walls, forked, cpus, spins = [], [], [], []
    for r in range(rounds):
        before = _load()
        serial = _run(ctx, [(0, 1)])
        parallel = _run(ctx, [(0,), (1,)])
        (_, one_cpu), (_, a_cpu), (_, b_cpu) = *serial.each, *parallel.each
        walls.append(serial.work / parallel.work)
        forked.append(serial.forked / parallel.forked)
        cpus.append(one_cpu / max(a_cpu, b_cpu))
        if "spin" not in _SHARED:  # as many steps as half the batch's CPU time
            _spin(1_000_000)  # warm
            start = time.process_time()
            _spin(2_000_000)
            per_step = (time.process_time() - start) / 2_000_000
            _SHARED["spin"] = int(one_cpu / 2 / per_step)
        spin_serial = _run(ctx, [(0, 1)], _spin_half)
        spin_parallel = _run(ctx, [(0,), (1,)], _spin_half)
        spins.append(spin_serial.work / spin_parallel.work)
        print(
            f"two workers, round {r + 1}: one process both halves "
            f"{serial.work:.2f} s ({one_cpu:.2f} s CPU); two processes "
            f"{parallel.work:.2f} s (CPU {a_cpu:.2f} s + {b_cpu:.2f} s) = "
            f"{walls[-1]:.2f}x wall, {cpus[-1]:.2f}x CPU time, {forked[-1]:.2f}x with "
            f"the forks and exits ({serial.forked:.2f} s against "
            f"{parallel.forked:.2f} s); the pure-Python control {spin_serial.work:.2f}"
            f" s against {spin_parallel.work:.2f} s = {spins[-1]:.2f}x; {before} "
            f"before, {_load()} after"
        )
    share = statistics.median(w / c for w, c in zip(walls, spins, strict=True))
    print(
        f"two workers against one (median of {rounds}): {statistics.median(walls):.2f}x"
        f" wall clock, {statistics.median(cpus):.2f}x by CPU time, "
        f"{statistics.median(forked):.2f}x with the forks and exits; the machine's "
        f"control in the same rounds {statistics.median(spins):.2f}x (work that "
        f"shares nothing): the batch's split gives {100 * share:.0f} % of it"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--roles", type=int, default=20_000)
    parser.add_argument("--candidates", type=int, default=500)
    parser.add_argument("--brute-roles", type=int, default=2_000)
    parser.add_argument("--pool", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, {_load()}")

    rng = random.Random(args.seed)
    roles = [make_role(rng, i) for i in range(args.roles)]
    earlier = [make_candidate(rng, 10**7 + i) for i in range(args.candidates)]
    batch = [make_candidate(rng, i) for i in range(args.candidates)]

    start = time.perf_counter()
    index = RoleIndex.build(roles)
    built = time.perf_counter() - start
    print(f"index of {len(roles):,} roles: {built:.2f} s, rss {_rss_mb():.0f} MB")
    warm = match_batch(
        index,
        earlier,
        roles_per_candidate=0,
        candidates_per_role=1,
        explain_roles=False,
    )
    floors = [max(40, warm.thresholds[cr.role.role_id]) for cr in index.roles]

    start, cpu = time.perf_counter(), time.process_time()
    found = match_batch(index, batch, role_floors=floors)
    indexed, indexed_cpu = time.perf_counter() - start, time.process_time() - cpu
    stats = found.stats
    listed = sum(len(v) for v in found.for_candidates.values())
    listed_roles = sum(len(v) for v in found.for_roles.values())
    print(
        f"batch of {len(batch)} x {len(roles):,} roles, indexed: {indexed:.2f} s "
        f"wall, {indexed_cpu:.2f} s CPU (+ {built:.2f} s index), pairs "
        f"{stats.pairs:,}, bounded {stats.bounded:,}, exact scores taken {stats.scored:,}"
        f" ({100 * stats.scored / stats.pairs:.2f} %) for {listed:,} + "
        f"{listed_roles:,} listed pairs, peak rss {_rss_mb():.0f} MB; {_load()}"
    )

    prepared = compile_roles(roles)
    start = time.perf_counter()
    side = [
        (
            _rows(top_roles(c, prepared, limit=20)),
            _rows(found.for_candidates[c.candidate_id]),
        )
        for c in batch
    ]
    brute_candidates = time.perf_counter() - start
    sample = prepared[:: max(1, len(prepared) // args.brute_roles)]
    start = time.perf_counter()
    role_side = []
    for cr in sample:
        floor = floors[index.by_id[cr.role.role_id]]
        want = {r for r in _rows(top_matches(cr, batch, limit=50)) if r[2] >= floor}
        role_side.append((want, _rows(found.for_roles.get(cr.role.role_id, []))))
    brute_roles = (time.perf_counter() - start) * len(prepared) / len(sample)
    print(
        f"brute force: candidates' top 20 {brute_candidates:.2f} s + roles' top 50 "
        f"{brute_roles:.2f} s (measured on {len(sample):,} roles, scaled) = "
        f"{brute_candidates + brute_roles:.2f} s; speed-up "
        f"{(brute_candidates + brute_roles) / indexed:.1f}x"
    )
    print(
        f"overlap with brute force: candidates' top 20 {_overlap(side):.2f} %, "
        f"roles' top 50 {_overlap(role_side):.2f} %"
    )

    pool = [make_candidate(rng, 10**8 + i) for i in range(args.pool)]
    role = prepared[1]
    start, cpu = time.perf_counter(), time.process_time()
    one = Stats()
    got = top_candidates(role, iter(pool), limit=50, stats=one)
    new_role, new_role_cpu = time.perf_counter() - start, time.process_time() - cpu
    start = time.perf_counter()
    want = top_matches(role, pool, limit=50)
    brute_one = time.perf_counter() - start
    print(
        f"one role x {len(pool):,} candidates: bounded {new_role:.2f} s wall, "
        f"{new_role_cpu:.2f} s CPU (scored {one.scored:,}), brute force "
        f"{brute_one:.2f} s, overlap {_overlap([(_rows(want), _rows(got))]):.2f} %; "
        f"{_load()}"
    )

    if args.workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        _SHARED.update(index=index, batch=batch, floors=floors)
        _workers(args.rounds)


if __name__ == "__main__":
    main()
