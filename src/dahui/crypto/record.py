"""The election record: one directory anyone can download and check with `dahui verify`.

record.json holds everything but the cast ballots, which are one JSON object per line in
ballots.jsonl, in casting order. The format is documented in docs/election-record.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dahui.crypto.ballot import selection_ids
from dahui.crypto.ballot_box import BallotBox
from dahui.crypto.decryption import DecryptionShare
from dahui.crypto.elgamal import Ciphertext

FORMAT = "dahui-election-record"
VERSION = 2
# Version 1 (proofs without commitments, three per candidate) is still read by `dahui verify`.
READABLE_VERSIONS = (1, 2)
RECORD_FILE = "record.json"
BALLOTS_FILE = "ballots.jsonl"


def write_record(
    directory: Path,
    *,
    box: BallotBox,
    totals: list[Ciphertext],
    shares: dict[int, list[DecryptionShare]],
    counts: dict[str, tuple[int, int]],
    result: dict[str, Any],
    ballots_written: bool = False,
) -> Path:
    """Write record.json, and ballots.jsonl from the box unless the caller already did
    (the benchmark writes a hundred thousand lines from cached JSON)."""
    directory.mkdir(parents=True, exist_ok=True)
    if not ballots_written:
        with (directory / BALLOTS_FILE).open("w", encoding="utf-8") as out:
            for cast in box.cast:
                out.write(ballot_line(cast.tracker, cast.ballot.to_json()))
    ids = selection_ids(box.manifest)
    returned = len(box.cast)
    record = {
        "format": FORMAT,
        "version": VERSION,
        "manifest": box.manifest,
        "election_digest": box.context.digest.hex(),
        "ceremony": box.ceremony.to_json(),
        "key": {
            "public_key": box.key.public_key.hex(),
            "qualified": list(box.key.qualified),
            "disqualified": {str(i): why for i, why in box.key.disqualified.items()},
            "verification_keys": {str(j): k.hex() for j, k in box.key.verification_keys.items()},
        },
        "ballots": {
            "file": BALLOTS_FILE,
            "count": returned,
            "spoiled": len(box.spoiled),
            "last_tracker": box.last_tracker.hex(),
        },
        "spoiled": [
            {
                "ballot": s.ballot.to_json(),
                "digest": s.ballot.digest().hex(),
                "revealed": s.secrets.to_json(),
            }
            for s in box.spoiled
        ],
        "totals": [
            {"id": i, "for": totals[2 * n].to_json(), "against": totals[2 * n + 1].to_json()}
            for n, i in enumerate(ids)
        ],
        "decryption": [
            {"scrutineer": scrutineer, "shares": [s.to_json() for s in by_total]}
            for scrutineer, by_total in sorted(shares.items())
        ],
        "counts": [
            {
                "id": i,
                "for": counts[i][0],
                "against": counts[i][1],
                "abstain": returned - counts[i][0] - counts[i][1],
            }
            for i in ids
        ],
        "write_ins": {"mode": "none"},
        "result": result,
    }
    path = directory / RECORD_FILE
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def ballot_line(tracker: bytes, ballot_json: dict[str, Any]) -> str:
    entry = {"tracker": tracker.hex(), "ballot": ballot_json}
    return json.dumps(entry, separators=(",", ":"), ensure_ascii=False) + "\n"


def record_paths(location: Path) -> tuple[Path, Path]:
    """record.json and ballots.jsonl for a record directory (or its record.json)."""
    record_file = location / RECORD_FILE if location.is_dir() else location
    return record_file, record_file.parent / BALLOTS_FILE
