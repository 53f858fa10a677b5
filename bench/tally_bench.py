"""Benchmark `dahui tally`: 100,000 ballots × 40 candidates, through the real command.

Writes ELECTION.json and BALLOTS.jsonl (with write-ins, over-votes and spoiled ballots) to a
temporary folder, runs `dahui tally --json` as a child process, and records its wall time
and peak memory (ru_maxrss of the child) in bench/results/tally.json and tally.md.
Target on the project's 2-core machine: at most 2 s and 500 MB.

    .venv/bin/python bench/tally_bench.py [--ballots N] [--runs R]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.machine import cpu_model  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CANDIDATES = 40
SEATS = 35  # ⌈35 × 1.05⌉ = 37 ≤ 40: a committee contest
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
WRITE_INS = ("欧阳明", "司马云", "诸葛强", "上官丽", "孙 红")


def write_inputs(folder: Path, ballots: int, seed: int) -> tuple[Path, Path]:
    rng = random.Random(seed)
    ids = [f"c{i + 1}" for i in range(CANDIDATES)]
    election = {
        "kind": "election",
        "title": "第十届委员会委员",
        "seats": SEATS,
        "entitled": ballots + ballots // 20,
        "issued": ballots,
        "candidates": [
            {"id": cid, "name": SURNAMES[i] + GIVEN[i % len(GIVEN)]} for i, cid in enumerate(ids)
        ],
        "rules": {"quorum": "2/3", "min_excess": "1/20", "threshold_base": "entitled"},
    }
    election_path = folder / "election.json"
    election_path.write_text(json.dumps(election, ensure_ascii=False), encoding="utf-8")
    # Each candidate has a popularity; a voter marks for, against or leaves blank by it.
    popularity = [rng.uniform(0.55, 0.95) for _ in ids]
    ballots_path = folder / "ballots.jsonl"
    with ballots_path.open("w", encoding="utf-8") as out:
        for _ in range(ballots):
            roll = rng.random()
            if roll < 0.01:
                out.write('{"invalid": true}\n')
                continue
            marks = {}
            for cid, liked in zip(ids, popularity, strict=True):
                draw = rng.random()
                if draw < liked:
                    marks[cid] = "for"
                elif draw < liked + 0.08:
                    marks[cid] = "against"
            # Voters trim their for marks to the seats, except the 2 % who over-vote.
            fors = [cid for cid, mark in marks.items() if mark == "for"]
            if roll >= 0.03:
                for cid in fors[SEATS:]:
                    del marks[cid]
            line: dict = {"marks": marks}
            against = sum(1 for mark in marks.values() if mark == "against")
            if against and rng.random() < 0.05:
                line["write_ins"] = rng.sample(WRITE_INS, k=min(against, 2))
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return election_path, ballots_path


def run_once(election_path: Path, ballots_path: Path) -> tuple[float, dict]:
    dahui = ROOT / ".venv" / "bin" / "dahui"
    command = [str(dahui)] if dahui.exists() else [sys.executable, "-m", "dahui"]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "tally", str(election_path), str(ballots_path), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"dahui tally failed ({done.returncode}):\n{done.stderr}")
    return elapsed, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="dahui-tally-bench-") as folder:
        election_path, ballots_path = write_inputs(Path(folder), args.ballots, args.seed)
        size = ballots_path.stat().st_size
        times = []
        for _ in range(args.runs):
            elapsed, result = run_once(election_path, ballots_path)
            times.append(elapsed)
    # ru_maxrss of the children is the largest of them, in KiB on Linux.
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    figures = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "ballots": args.ballots,
        "candidates": CANDIDATES,
        "seats": SEATS,
        "ballots_file_mib": round(size / 2**20, 1),
        "runs": args.runs,
        "wall_seconds": [round(t, 3) for t in times],
        "wall_seconds_best": round(min(times), 3),
        "peak_memory_mib": round(peak_mib, 1),
        "target": {"wall_seconds": 2.0, "peak_memory_mib": 500},
        "result": {
            key: result[key]
            for key in ("status", "returned", "valid", "invalid", "threshold", "unfilled")
        }
        | {"write_ins_counted": sum(1 for line in result["results"] if line["write_in"])},
        "machine": {
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}",
        },
        "command": "dahui tally ELECTION.json BALLOTS.jsonl --json",
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "tally.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    machine = figures["machine"]
    table = "\n".join(
        [
            "# `dahui tally` benchmark",
            "",
            f"Measured {figures['measured_at']} by `.venv/bin/python bench/tally_bench.py`.",
            "",
            "| figure | value | target |",
            "| --- | --- | --- |",
            f"| ballots × candidates | {args.ballots:,} × {CANDIDATES} ({SEATS} seats) | |",
            f"| ballots file | {figures['ballots_file_mib']} MiB | |",
            f"| wall time, best of {args.runs} | {figures['wall_seconds_best']} s | ≤ 2 s |",
            f"| wall time, each run | {', '.join(f'{t} s' for t in figures['wall_seconds'])} | |",
            f"| peak memory (child ru_maxrss) | {figures['peak_memory_mib']} MiB | ≤ 500 MB |",
            "",
            f"Result: {figures['result']}",
            "",
            f"Machine: {machine['cpu']}, {machine['cores']} cores, Python {machine['python']},"
            f" {machine['system']}.",
            "",
        ]
    )
    (RESULTS / "tally.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
