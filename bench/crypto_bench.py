"""Benchmark the verifiable-ballot crypto core, side by side with ElectionGuard's Python package.

Measures, for one election of CANDIDATES candidates and SEATS seats (record format 2):

- encrypt + prove per ballot: Python (dahui.crypto, libsodium) and JavaScript (js/, node);
- verify per ballot, one core, from the ballot's JSON line: the pure-Python engine, the native
  engine (native/, batches of 64 in one multi-scalar multiplication) and JavaScript;
- the same figures for ElectionGuard 1.4 (the `electionguard` package, installed by this
  script into a throwaway virtual environment under /tmp with a Python it supports, never into
  dahui's lock), on its own encoding of the same contest (one 0/1-proven selection per
  candidate, SEATS placeholders, a proof on the contest's sum), in the same run;
- `dahui verify --engine native` on a complete record of BALLOTS ballots (key ceremony,
  ballots, trackers, totals, decryption shares, counts, result), run as a child process on
  all cores: verify every ballot, re-add the tally, check the decryption and recompute the
  result; wall time and the CPU time of the verifier's processes;
- the machine's load average before, during and after (the machine is shared).

Per-ballot figures are CPU seconds of one process (time.process_time; node's cpuUsage), so
that neighbours on a shared machine inflate them less than wall time; they still do (cache
and memory bandwidth), ElectionGuard's as much as dahui's.

Encrypting a hundred thousand ballots takes far longer than verifying them, so the record
repeats a pool of distinct encrypted ballots (each line with its own tracker); generating it
is timed apart. The verifier caches nothing: every line is parsed, decoded and checked in full.

    .venv/bin/python bench/crypto_bench.py [--ballots N] [--pool P] [--sample S]

Figures go to bench/results/crypto.json and crypto.md. Targets: 100,000 ballots × 20
candidates, 10 seats verified, tallied and decrypted in at most 4 minutes on the project's
2-core machine; at least 100 times faster per ballot than ElectionGuard's Python package.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from dahui.crypto import elgamal, group
from dahui.crypto.ballot import EncryptedBallot, encrypt_ballot
from dahui.crypto.ballot_box import Cast
from dahui.crypto.batch import BATCH_SIZE, BatchVerifier, native_available
from dahui.crypto.context import ElectionContext
from dahui.crypto.record import BALLOTS_FILE, VERSION, write_record
from dahui.crypto.simulation import open_election
from dahui.crypto.tracker import next_tracker

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
EG_VENV = Path(tempfile.gettempdir()) / "dahui-bench-electionguard"
EG_VERSION = "1.4.0"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def manifest_for(candidates: int, seats: int, ballots: int) -> dict[str, Any]:
    return {
        "kind": "election",
        "title": "基层工会主席、委员（公推直选）",
        "seats": seats,
        "entitled": ballots,
        "issued": ballots,
        "candidates": [
            {"id": f"c{i + 1}", "name": SURNAMES[i % len(SURNAMES)] + "敏"}
            for i in range(candidates)
        ],
    }


def random_choices(rng: random.Random, candidates: int, seats: int) -> dict[str, str]:
    ids = [f"c{i + 1}" for i in range(candidates)]
    chosen = rng.sample(ids, rng.randint(0, seats))
    marks = {i: "for" for i in chosen}
    for i in ids:
        if i not in marks and rng.random() < 0.2:
            marks[i] = "against"
    return marks


def _encrypt_some(job: tuple[dict[str, Any], bytes, int, int, int, int]) -> list[dict]:
    manifest, public_key, seed, count, candidates, seats = job
    context = ElectionContext(manifest, public_key)
    rng = random.Random(seed)
    return [
        encrypt_ballot(context, random_choices(rng, candidates, seats))[0].to_json()
        for _ in range(count)
    ]


def dahui_per_ballot(context: ElectionContext, sample: int, candidates: int, seats: int):
    """CPU seconds per ballot on one core: encrypt + prove (Python, libsodium), and verify
    from the ballot's JSON line on both engines (parse, digest, challenges, proofs, sums);
    the native engine in batches of BATCH_SIZE."""
    rng = random.Random(1)
    choices = [random_choices(rng, candidates, seats) for _ in range(sample)]
    start = time.process_time()
    ballots = [encrypt_ballot(context, c)[0] for c in choices]
    encrypt = (time.process_time() - start) / sample
    lines = [json.dumps(b.to_json(), separators=(",", ":")).encode() for b in ballots]
    figures = {"encrypt_seconds_per_ballot": encrypt}
    for engine, copies in (("python", 1), ("native", max(1, 4 * BATCH_SIZE // sample))):
        if engine == "native" and not native_available():
            figures["native_error"] = "the native verifier is not built"
            continue
        checker = BatchVerifier(context, engine)
        start = time.process_time()
        for n, line in enumerate(lines * copies):
            checker.add(n, orjson.loads(line))
        outcomes = checker.outcomes()
        checker.totals()
        seconds = (time.process_time() - start) / (sample * copies)
        assert not any(o.problems for o in outcomes.values())
        figures[f"verify_{engine}_seconds_per_ballot"] = seconds
    if native_available():
        figures["native_profile_seconds_per_ballot"] = native_profile(context, lines)
    return figures


def native_profile(context: ElectionContext, lines: list[bytes]) -> dict[str, float]:
    """Where a ballot's time goes on the native engine (CPU seconds per ballot): JSON, the
    fast reading (walk, hex, digest, challenges) and the kernel (decompression and the
    batch's multi-scalar multiplication)."""
    import dahui_native

    copies = max(1, 4 * BATCH_SIZE // len(lines))
    batch = (lines * copies)[:BATCH_SIZE]
    checker = BatchVerifier(context, "native")
    start = time.process_time()
    for line in batch * 4:
        orjson.loads(line)  # as the verifier does: one line at a time, then dropped
    parse = (time.process_time() - start) / (4 * len(batch))
    objects = [orjson.loads(line) for line in batch * 4]
    start = time.process_time()
    read = [checker._fast(data) for data in objects]
    fast = (time.process_time() - start) / len(objects)
    assert all(r is not None for r in read)
    raw = b"".join(r[0] for r in read[: len(batch)])
    ts = b"".join(r[1] for r in read[: len(batch)])
    start = time.process_time()
    for _ in range(4):
        weights = os.urandom(checker.weight_bytes * len(batch))
        assert dahui_native.verify_batch(
            context.public_key, checker.selections, checker.limit, len(batch), raw, ts, weights
        )
    kernel = (time.process_time() - start) / (4 * len(batch))
    return {"json": parse, "read_and_hash": fast, "kernel": kernel}


def js_per_ballot(sample: int, candidates: int, seats: int) -> dict[str, Any]:
    js = ROOT / "js"
    if not (js / "node_modules").exists():
        subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=js, check=True)
    out = subprocess.run(
        ["node", "scripts/bench.js", str(candidates), str(seats), str(sample)],
        cwd=js,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def _old_python() -> str | None:
    """A Python 3.9 or 3.10: electionguard 1.4 fails to import on 3.11 and later (a mutable
    dataclass default), and it is the last release on PyPI."""
    candidates = [shutil.which(name) for name in ("python3.10", "python3.9")]
    for version in ("3.10", "3.9"):
        candidates += sorted(Path.home().glob(f".pyenv/versions/{version}*/bin/python3"))
    for candidate in candidates:
        if candidate is None:
            continue
        probe = subprocess.run(
            [str(candidate), "-c", "import sys; print(sys.version_info[:2] in ((3, 9), (3, 10)))"],
            capture_output=True,
            text=True,
        )
        if probe.returncode == 0 and probe.stdout.strip() == "True":
            return str(candidate)
    return None


def electionguard_per_ballot(sample: int, candidates: int, seats: int) -> dict[str, Any]:
    """ElectionGuard's figures, or the reason there are none."""
    python = EG_VENV / "bin" / "python"
    if not python.exists():
        base = _old_python()
        if base is None:
            return {"error": "no Python 3.9 or 3.10 on PATH, which electionguard 1.4 needs"}
        subprocess.run([base, "-m", "venv", str(EG_VENV)], check=True)
        install = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", f"electionguard=={EG_VERSION}"],
            capture_output=True,
            text=True,
        )
        if install.returncode:
            shutil.rmtree(EG_VENV, ignore_errors=True)
            return {"error": "pip install electionguard failed: " + install.stderr[-500:]}
    run = subprocess.run(
        [
            str(python),
            str(ROOT / "bench" / "electionguard_side.py"),
            str(candidates),
            str(seats),
            str(sample),
        ],
        capture_output=True,
        text=True,
    )
    if run.returncode:
        return {"error": "electionguard run failed: " + run.stderr[-500:]}
    figures = json.loads(run.stdout)
    figures["version"] = EG_VERSION
    figures["python"] = subprocess.run(
        [str(python), "--version"], capture_output=True, text=True
    ).stdout.strip()
    return figures


def build_record(
    directory: Path, *, ballots: int, pool: int, candidates: int, seats: int, workers: int
) -> dict[str, Any]:
    manifest = manifest_for(candidates, seats, ballots)
    election = open_election(manifest)
    box = election.box
    per_worker = -(-pool // workers)
    jobs = [
        (manifest, box.context.public_key, seed, per_worker, candidates, seats)
        for seed in range(workers)
    ]
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as processes:
        made = [b for part in processes.map(_encrypt_some, jobs) for b in part][:pool]
    encrypt_pool = time.perf_counter() - start
    distinct = [EncryptedBallot.from_json(b, where="pool") for b in made]
    for ballot in distinct:  # the box accepts each distinct ballot once, proofs checked
        box.cast_ballot(ballot)
    box.cast.clear()
    digests = [b.digest() for b in distinct]
    multiplicity = [0] * len(distinct)
    # One JSON text per distinct ballot; each line adds its own tracker.
    texts = [json.dumps(b, separators=(",", ":")) for b in made]
    with (directory / BALLOTS_FILE).open("w", encoding="utf-8") as out:
        previous = box.last_tracker
        for n in range(ballots):
            k = n % len(distinct)
            multiplicity[k] += 1
            tracker = next_tracker(box.context.digest, previous, digests[k])
            box.cast.append(Cast(tracker, distinct[k]))
            previous = tracker
            out.write(f'{{"tracker":"{tracker.hex()}","ballot":{texts[k]}}}\n')
    totals = []
    for n in range(candidates):
        for mark in ("for_", "against"):
            total = elgamal.ZERO
            for k, ballot in enumerate(distinct):
                ct = getattr(ballot.selections[n], mark)
                total = elgamal.add(
                    total,
                    elgamal.Ciphertext(
                        group.mul(multiplicity[k], ct.alpha), group.mul(multiplicity[k], ct.beta)
                    ),
                )
            totals.append(total)
    present = [1, 3, 5]
    shares = {i: election.devices[i].decrypt(box.context, totals) for i in present}
    counts = box.decrypt(totals, shares)
    result = box.result(counts)
    write_record(
        directory,
        box=box,
        totals=totals,
        shares=shares,
        counts=counts,
        result=result,
        ballots_written=True,
    )
    size = sum(p.stat().st_size for p in directory.iterdir())
    return {
        "context": box.context,
        "encrypt_pool_seconds": encrypt_pool,
        "record_bytes": size,
        "status": result["status"],
    }


class LoadSampler(threading.Thread):
    """The machine's 1-minute load average every few seconds while a run lasts."""

    def __init__(self, every: float = 5.0) -> None:
        super().__init__(daemon=True)
        self.every = every
        self.samples: list[float] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.samples.append(os.getloadavg()[0])
            self.stopped.wait(self.every)

    def summary(self) -> dict[str, float]:
        self.stopped.set()
        values = self.samples or [os.getloadavg()[0]]
        return {
            "min": round(min(values), 2),
            "mean": round(sum(values) / len(values), 2),
            "max": round(max(values), 2),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--seats", type=int, default=10)
    parser.add_argument("--pool", type=int, default=200, help="distinct encrypted ballots")
    parser.add_argument("--sample", type=int, default=16, help="ballots for per-ballot times")
    parser.add_argument("--eg-sample", type=int, default=5, help="ElectionGuard ballots")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--engine", choices=("native", "python"), default="native")
    parser.add_argument("--no-electionguard", action="store_true")
    args = parser.parse_args()

    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="dahui-crypto-bench-"))
    try:
        start = time.perf_counter()
        built = build_record(
            work,
            ballots=args.ballots,
            pool=args.pool,
            candidates=args.candidates,
            seats=args.seats,
            workers=args.workers,
        )
        generate_seconds = time.perf_counter() - start
        sampler = LoadSampler()
        sampler.start()
        before = os.times()
        start = time.perf_counter()
        verify = subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "dahui"),
                "verify",
                str(work),
                "--lang",
                "en",
                "--workers",
                str(args.workers),
                "--engine",
                args.engine,
            ],
            capture_output=True,
            text=True,
        )
        verify_seconds = time.perf_counter() - start
        after = os.times()
        # CPU of `dahui verify` and its worker processes (children of this process only).
        verify_cpu = (after.children_user - before.children_user) + (
            after.children_system - before.children_system
        )
        load_during = sampler.summary()
        if verify.returncode:
            sys.exit("dahui verify failed on the benchmark record:\n" + verify.stdout[-2000:])
    finally:
        shutil.rmtree(work, ignore_errors=True)

    sampler = LoadSampler()
    sampler.start()
    dahui = dahui_per_ballot(built["context"], args.sample, args.candidates, args.seats)
    js = js_per_ballot(args.sample, args.candidates, args.seats)
    eg = (
        {"error": "skipped (--no-electionguard)"}
        if args.no_electionguard
        else electionguard_per_ballot(args.eg_sample, args.candidates, args.seats)
    )
    load_per_ballot = sampler.summary()
    target_seconds = 240 * args.ballots / 100_000
    figures: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
            "python": platform.python_version(),
            "node": subprocess.run(
                ["node", "--version"], capture_output=True, text=True
            ).stdout.strip(),
            "libsodium": __import__("pysodium").sodium.sodium_version_string().decode(),
            "rustc": _version(["rustc", "--version"]),
            # The machine is shared: the load shows what the figures competed with.
            "load_average_before": [round(x, 2) for x in load_before],
            "load_during_verify": load_during,
            "load_during_per_ballot_figures": load_per_ballot,
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "niceness": os.nice(0),
        },
        "election": {
            "ballots": args.ballots,
            "candidates": args.candidates,
            "seats": args.seats,
            "distinct_ballots": args.pool,
            "record_version": VERSION,
            "proofs_per_ballot": args.candidates + 1,
            "points_per_ballot": 10 * args.candidates + 2 * (args.seats + 1),
            "record_megabytes": round(built["record_bytes"] / 1e6, 1),
            "generate_seconds": round(generate_seconds, 1),
            "result_status": built["status"],
        },
        "verify_record": {
            "engine": args.engine,
            "workers": args.workers,
            "seconds": round(verify_seconds, 1),
            "cpu_seconds": round(verify_cpu, 1),
            "ballots_per_second": round(args.ballots / verify_seconds, 1),
            "target_seconds": target_seconds,
            "meets_target": verify_seconds <= target_seconds,
        },
        "dahui": dahui,
        "javascript": js,
        "electionguard": eg,
        "clock": "per-ballot figures are CPU seconds of one process on one core",
    }
    if "verify_seconds_per_ballot" in eg:
        figures["ratios"] = {
            f"verify_per_ballot_{engine}": eg["verify_seconds_per_ballot"]
            / dahui[f"verify_{engine}_seconds_per_ballot"]
            for engine in ("native", "python")
            if f"verify_{engine}_seconds_per_ballot" in dahui
        }
        figures["ratios"]["encrypt_per_ballot"] = (
            eg["encrypt_seconds_per_ballot"] / dahui["encrypt_seconds_per_ballot"]
        )
        figures["ratios"]["target"] = 100
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "crypto.json").write_text(json.dumps(figures, indent=2) + "\n")
    (RESULTS / "crypto.md").write_text(markdown(figures))
    print(markdown(figures))


def _version(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "absent"


def _ms(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds * 1000:.2f} ms"


def markdown(f: dict[str, Any]) -> str:
    e, v, d, js, eg, m = (
        f["election"],
        f["verify_record"],
        f["dahui"],
        f["javascript"],
        f["electionguard"],
        f["machine"],
    )
    lines = [
        "# Crypto benchmark",
        "",
        f"Run {f['when']} on {m['cpus']} cores ({m['processor']}), Python {m['python']}, "
        f"node {m['node']}, libsodium {m['libsodium']}, {m['rustc']}; niceness "
        f"{m['niceness']}. Command: `.venv/bin/python bench/crypto_bench.py --ballots "
        f"{e['ballots']} --pool {e['distinct_ballots']}`.",
        "",
        "Load average of the shared machine (1 minute): before "
        f"{m['load_average_before'][0]}, during `dahui verify` {m['load_during_verify']['min']}"
        f"–{m['load_during_verify']['max']} (mean {m['load_during_verify']['mean']}), during "
        f"the per-ballot figures {m['load_during_per_ballot_figures']['min']}–"
        f"{m['load_during_per_ballot_figures']['max']}, after {m['load_average_after'][0]}.",
        "",
        f"Election: {e['ballots']:,} ballots × {e['candidates']} candidates, {e['seats']} seats; "
        f"record format version {e['record_version']}: {e['proofs_per_ballot']} proofs per "
        f"ballot (one combined mark proof per candidate, one limit), {e['points_per_ballot']} "
        f"points; record {e['record_megabytes']} MB ({e['distinct_ballots']} distinct "
        "encrypted ballots repeated, every line parsed and verified in full); generated in "
        f"{e['generate_seconds']} s (not counted).",
        "",
        f"**`dahui verify` (verify every ballot, re-add the tally, check the decryption and the "
        f"result), {v['workers']} workers, engine {v['engine']}: {v['seconds']} s** "
        f"({v['ballots_per_second']} ballots/s; {v['cpu_seconds']} CPU seconds in all, "
        f"{1000 * v['cpu_seconds'] / e['ballots']:.2f} ms per ballot); target "
        f"{v['target_seconds']:.0f} s: {'met' if v['meets_target'] else 'NOT met'}.",
        "",
        f"Per ballot ({f['clock']}):",
        "",
        "| measure | dahui Python | dahui native | dahui JavaScript (node) | "
        "ElectionGuard 1.4 (Python) |",
        "| --- | --- | --- | --- | --- |",
        f"| encrypt + prove | {_ms(d['encrypt_seconds_per_ballot'])} | — | "
        f"{_ms(js.get('encrypt_seconds_per_ballot'))} | "
        f"{_ms(eg.get('encrypt_seconds_per_ballot'))} |",
        f"| verify | {_ms(d.get('verify_python_seconds_per_ballot'))} | "
        f"{_ms(d.get('verify_native_seconds_per_ballot'))} | "
        f"{_ms(js.get('verify_seconds_per_ballot'))} | "
        f"{_ms(eg.get('verify_seconds_per_ballot'))} |",
        "",
    ]
    profile = d.get("native_profile_seconds_per_ballot")
    if profile:
        lines += [
            "Where a ballot's time goes on the native engine (CPU per ballot): JSON "
            f"(orjson) {_ms(profile['json'])}, reading its values, digest and Fiat–Shamir "
            f"challenges {_ms(profile['read_and_hash'])}, kernel (222 point decompressions "
            f"and its share of the batch's multi-scalar multiplication) "
            f"{_ms(profile['kernel'])}.",
            "",
        ]
    if "ratios" in f:
        r = f["ratios"]
        native = r.get("verify_per_ballot_native")
        lines += [
            "ElectionGuard / dahui, verify per ballot: "
            + (f"**{native:.0f}×** native, " if native else "")
            + f"{r['verify_per_ballot_python']:.1f}× pure Python; encrypt per ballot "
            f"{r['encrypt_per_ballot']:.1f}× (target 100× per ballot: "
            f"{'met' if native and native >= 100 else 'NOT met'}).",
            "",
        ]
    else:
        lines += [f"ElectionGuard: {eg['error']}", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
