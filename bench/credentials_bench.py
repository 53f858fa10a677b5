"""Benchmark the credentials PDF: the demo congress's 298 cards, end to end in one process.

Builds the 298 demo roster rows (names, delegations, numbers), gives each a 192-bit login
link like the real ones, renders the PDF with the embedded CJK font, and records the wall
time of each run (the first includes registering and subsetting the font) in
bench/results/credentials.json. Target: at most 10 s for 298 cards.

    .venv/bin/python bench/credentials_bench.py [--runs R]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
TARGET_SECONDS = 10.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dahui.settings")
    os.environ.setdefault("DAHUI_DEBUG", "1")
    import django

    django.setup()
    from dahui.congress.demo import TITLE, demo_rows
    from dahui.documents.credentials_pdf import Card, credentials_pdf

    rows = demo_rows(date(2026, 12, 18))
    cards = [
        Card(name=r.name, delegation=r.delegation, number=f"{i:03d}", status=r.status,
             login_url=f"http://127.0.0.1:8000/d/{secrets.token_urlsafe(24)}")
        for i, r in enumerate(rows, start=1)
    ]
    timings = []
    size = 0
    for _ in range(args.runs):
        started = time.perf_counter()
        size = len(credentials_pdf(cards, title=TITLE))
        timings.append(round(time.perf_counter() - started, 3))
    result = {
        "benchmark": "credentials PDF",
        "cards": len(cards),
        "pages": -(-len(cards) // 8),
        "seconds_per_run": timings,
        "worst_seconds": max(timings),
        "target_seconds": TARGET_SECONDS,
        "meets_target": max(timings) <= TARGET_SECONDS,
        "pdf_bytes": size,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform()},
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": ".venv/bin/python bench/credentials_bench.py",
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "credentials.json").write_text(json.dumps(result, indent=2, ensure_ascii=False)
                                              + "\n")
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
