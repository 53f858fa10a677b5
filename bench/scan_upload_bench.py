"""Benchmark counting by scans in the web app: 300 ballots of a 23-candidate election, from
the upload to the review queue.

Generates a stack with tests/scanning/corpus.py (marked, degraded scans at 150–300 dpi, with
write-ins, doubtful marks, a blank sheet, a duplicate, a page upside down), then, against a
fresh embedded database, uploads it as the upload page does (parts of 20 files, through the
real view and services) and waits until the background reading has read every page and
found the duplicates: the review queue is then complete. The generation is not timed. Writes
bench/results/scan_upload.json and scan_upload.md with the machine's load. Target: < 60 s.

    .venv/bin/python bench/scan_upload_bench.py [--ballots N] [--candidates C] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ["DAHUI_DATA_DIR"] = tempfile.mkdtemp(prefix="dahui-scan-bench-")
os.environ.setdefault("DAHUI_SECRET_KEY", "bench-only-key-not-a-secret")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dahui.settings")
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from bench.machine import cpu_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PART = 20  # files a request, as scans.js sends them


def closed_paper_poll(candidates: int, ballots: int, seed: int):
    from tests.elections.people import build_world
    from tests.scanning.corpus import an_election

    from dahui.elections import services
    from dahui.elections.models import Method

    world = build_world(delegates=10, checked_in=10)
    names = [c.name for c in an_election(random.Random(seed), candidates).candidates]
    seats = max(1, candidates - 2)
    election = services.create_election(
        congress=world.congress, title="临汾市总工会第三届委员会委员", body="committee",
        seats=seats, by=world.secretariat,
    )
    for name in names:
        services.add_candidate(election=election, name=name, by=world.secretariat)
    for user, role in ((world.scrutineer, "scrutineer"), (world.counters[0], "counter")):
        services.assign_scrutineer(election=election, user=user, role=role,
                                   by=world.secretariat)
    poll = services.create_election_poll(election=election, session=world.session,
                                         method=Method.PAPER, by=world.secretariat)
    services.open_poll(poll=poll, by=world.secretariat)
    services.record_paper_counts(poll=poll, issued=poll.entitled, returned=ballots,
                                 by=world.secretariat)
    services.close_poll(poll=poll, by=world.presidium)
    poll.refresh_from_db()
    return world, poll


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=300)
    parser.add_argument("--candidates", type=int, default=23)
    parser.add_argument("--seed", type=int, default=random.randrange(1, 10**9))
    args = parser.parse_args()

    from tests.scanning.corpus import generate, image_suffix

    from dahui.scans import selectors, services
    from dahui.scans.models import ScanRun

    call_command("migrate", verbosity=0)
    world, poll = closed_paper_poll(args.candidates, args.ballots, args.seed)
    started = time.perf_counter()
    pages = generate(services._subject(poll), args.ballots, args.seed)
    generated = time.perf_counter() - started
    files = [(f"{p.name}{image_suffix(p.data)}", p.data) for p in pages]
    megabytes = sum(len(data) for _name, data in files) / 1024 / 1024

    client = Client(HTTP_HOST="localhost")
    client.force_login(world.counters[0])
    load_before = os.getloadavg()
    self_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    run_id = None
    parts = [files[i:i + PART] for i in range(0, len(files), PART)]
    for index, part in enumerate(parts):
        data = {"scans": [SimpleUploadedFile(name, body) for name, body in part],
                "last": "1" if index == len(parts) - 1 else "0"}
        if run_id:
            data["run"] = str(run_id)
        response = client.post(f"/polls/{poll.pk}/scans/upload/", data,
                               HTTP_ACCEPT="application/json")
        if response.status_code != 200:
            raise SystemExit(f"upload refused: {response.status_code} {response.content!r}")
        run_id = response.json()["run"]
    uploaded = time.perf_counter() - started
    while ScanRun.objects.get(pk=run_id).read_at is None:
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    load_after = os.getloadavg()
    # The reading processes' CPU time is known once they have ended.
    from dahui.scans.page_reading import _pools

    for reading_pool in list(_pools.values()):
        if reading_pool._executor is not None:
            reading_pool._executor.shutdown(wait=True)
    self_after = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (self_after.ru_utime - self_before.ru_utime + self_after.ru_stime
           - self_before.ru_stime + children.ru_utime + children.ru_stime)
    progress = selectors.progress(ScanRun.objects.get(pk=run_id))
    figures = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "ballots": args.ballots, "candidates": args.candidates, "seed": args.seed,
        "pages": progress.pages, "files": len(files), "megabytes": round(megabytes, 1),
        "seconds_upload_to_review_queue": round(seconds, 2),
        "seconds_uploading": round(uploaded, 2),
        "pages_per_second": round(progress.pages / seconds, 1),
        "read": progress.read, "review": progress.review, "set_aside": progress.set_aside,
        "target_seconds": 60, "met": seconds < 60,
        "cpu_seconds": round(cpu, 1),
        "cpu_seconds_per_core_on_2_cores": round(cpu / 2, 1),
        "generation_seconds_not_timed": round(generated, 1),
        "cores": os.cpu_count(), "cpu": cpu_model(),
        "scan_workers": getattr(django.conf.settings, "DAHUI_SCAN_WORKERS", 0) or os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scan_upload.json").write_text(json.dumps(figures, indent=1) + "\n", "utf-8")
    (RESULTS / "scan_upload.md").write_text(
        "# Counting by scans: upload to review queue\n\n"
        f"`.venv/bin/python bench/scan_upload_bench.py --seed {args.seed}` on "
        f"{figures['when']}: {args.ballots} ballots of a {args.candidates}-candidate election "
        f"({progress.pages} pages with a blank sheet and a duplicate, {len(files)} files, "
        f"{figures['megabytes']} MB) uploaded in parts of {PART} files through the upload "
        "view, read in the background by the server's reading processes.\n\n"
        "| pages | upload to review queue | of which uploading | pages/s | read sure | "
        "to review | set aside | target | CPU used (÷ 2 cores) | load before (1/5/15 min) "
        "| load after |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|\n"
        f"| {progress.pages} | {figures['seconds_upload_to_review_queue']} s | "
        f"{figures['seconds_uploading']} s | {figures['pages_per_second']} | {progress.read} | "
        f"{progress.review} | {progress.set_aside} | < 60 s "
        f"({'met' if figures['met'] else 'NOT met'}) | {figures['cpu_seconds']} s "
        f"({figures['cpu_seconds_per_core_on_2_cores']} s) | "
        f"{' / '.join(str(x) for x in figures['load_average_before'])} | "
        f"{' / '.join(str(x) for x in figures['load_average_after'])} |\n\n"
        f"Machine: {figures['cores']} cores ({figures['cpu']}), shared with other work: the "
        "load averages say what else ran. CPU used is the server's and its reading "
        "processes' CPU time over the timed part: divided by the two cores, it is what the "
        "run would take with the cores to itself. The first page of each file is read "
        "while the upload request checks it (the wrong election's file is refused), the "
        "rest in the background; the review queue is complete when the duplicates are "
        "found over the whole stack.\n",
        "utf-8",
    )
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
