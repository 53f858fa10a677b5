"""The scans in the election's record: every file as uploaded and what was read from each
page (`pages.jsonl`), so that an observer can look at any ballot and its reading."""

from __future__ import annotations

import io
import json
import zipfile

from dahui.elections.models import Poll
from dahui.scans import storage
from dahui.scans.models import ScanPage, ScanRun


def page_line(page: ScanPage) -> dict:
    return {
        "run": page.run.number, "run_discarded": page.run.discarded_at is not None,
        "page": page.order, "file": page.file.name, "file_page": page.page,
        "stored_as": _member(page.run, page.file), "state": page.state, "kind": page.kind,
        "read": page.reading, "doubts": [d["why"] for d in page.doubts],
        "upside_down": page.upside_down, "error": page.error or None,
        "decision": page.decision,
        "decided_by": page.decided_by.get_username() if page.decided_by else None,
        "decided_at": page.decided_at.isoformat() if page.decided_at else None,
        "counted_as": page.content if page.run.discarded_at is None else None,
    }


def _member(run: ScanRun, scan_file) -> str:
    return f"run-{run.number}/{scan_file.order:04d}-{scan_file.name}"


def scans_zip(poll: Poll) -> bytes:
    buffer = io.BytesIO()
    pages = (ScanPage.objects.filter(run__poll=poll)
             .select_related("run", "file", "decided_by").order_by("run__number", "order"))
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        lines = [json.dumps(page_line(p), ensure_ascii=False, sort_keys=True) for p in pages]
        archive.writestr("pages.jsonl", "".join(line + "\n" for line in lines))
        runs = ScanRun.objects.filter(poll=poll).prefetch_related("files").order_by("number")
        for run in runs:
            for scan_file in run.files.order_by("order"):
                archive.write(storage.absolute(scan_file.stored), _member(run, scan_file))
    return buffer.getvalue()
