"""Benchmark the union chair's nomination tally: 20,000 secret nomination ballots.

Each ballot names one to three of 400 members (a few named twice, some void for naming too
many, some barred by Art 6), drawn with a skew so that a few people gather most
nominations, as in a real 公推. Times `rules.tally_nominations` in-process (the ballots
already read), best of several runs, and records the figures in
bench/results/nomination.json and nomination.md. Target: well under 2 s.

    .venv/bin/python bench/nomination_bench.py [--ballots N] [--runs R]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench.machine import cpu_model  # noqa: E402

from dahui.rules import Standing, tally_nominations  # noqa: E402

RESULTS = ROOT / "bench" / "results"
MEMBERS = 400


def make_ballots(count: int, seed: int) -> tuple[list[list[str]], dict[str, Standing]]:
    rng = random.Random(seed)
    people = [f"m{i:03d}" for i in range(MEMBERS)]
    weights = [1 / (rank + 1) for rank in range(MEMBERS)]
    members = {p: Standing() for p in people}
    members["m001"] = Standing(head_of_hr=True)
    members["m004"] = Standing(deputy_executive=True)
    ballots = []
    for _ in range(count):
        size = rng.choice((1, 2, 2, 3, 3, 4))  # four names is one too many: void
        ballots.append(rng.choices(people, weights, k=size))
    return ballots, members


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    ballots, members = make_ballots(args.ballots, args.seed)
    times = []
    result = None
    for _ in range(args.runs):
        start = time.perf_counter()
        result = tally_nominations(
            ballots, seats=1, places=3, max_names=3, members=members, include_ties=False
        )
        times.append(time.perf_counter() - start)
    assert result is not None
    figures = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "ballots": args.ballots,
        "members": MEMBERS,
        "runs": args.runs,
        "seconds": [round(t, 4) for t in times],
        "seconds_best": round(min(times), 4),
        "target_seconds": 2.0,
        "result": {
            "status": result.status,
            "nominations": result.nominations,
            "void_nominations": result.void_nominations,
            "candidates": list(result.candidates),
            "tied": list(result.tied),
            "set_aside": [s.person for s in result.set_aside],
        },
        "machine": f"{cpu_model()}, Python {platform.python_version()}",
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "nomination.json").write_text(json.dumps(figures, indent=2) + "\n")
    table = (
        "# Nomination tally benchmark (union chair, 公推)\n\n"
        f"Measured {figures['measured_at']} by `.venv/bin/python bench/nomination_bench.py`.\n\n"
        "| figure | value | target |\n| --- | --- | --- |\n"
        f"| nomination ballots × members | {args.ballots:,} × {MEMBERS} | |\n"
        f"| time, best of {args.runs} | {figures['seconds_best']} s | well under 2 s |\n"
        f"| time, each run | {', '.join(f'{t} s' for t in figures['seconds'])} | |\n\n"
        f"Result: {figures['result']}\n\nMachine: {figures['machine']}.\n"
    )
    (RESULTS / "nomination.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
