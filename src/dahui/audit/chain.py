"""The hash chain itself: how an entry is hashed and how a sequence of entries is checked.

Standard library only, so that an exported log can be checked by anyone with Python and
this file, without the application or its database.

Each entry's hash is SHA-256 over a canonical JSON of its fields *including the previous
entry's hash*; editing, removing, inserting or reordering any entry breaks every hash after
it. Cutting entries off the end leaves a shorter valid chain, which is why the head (last
sequence number and hash) is also exported and should be published with the results.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
HASHED_FIELDS = ("congress_id", "seq", "at", "actor", "action", "subject", "data", "prev_hash")


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical({k: fields[k] for k in HASHED_FIELDS})).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    line: int
    seq: int | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f" (seq {self.seq})" if self.seq is not None else "")
        return f"{where}: {self.message}"


def verify_chain(
    entries: Iterable[Mapping[str, Any]], *, head: Mapping[str, Any] | None = None
) -> list[ChainProblem]:
    """Check one congress's entries in order; return every problem found (empty: intact)."""
    problems: list[ChainProblem] = []
    expected_prev = GENESIS
    expected_seq = 1
    line = 0
    last_seq, last_hash = 0, GENESIS
    for line, entry in enumerate(entries, start=1):
        missing = [k for k in (*HASHED_FIELDS, "hash") if k not in entry]
        if missing:
            problems.append(ChainProblem(line, None, f"missing fields: {', '.join(missing)}"))
            continue
        seq = entry["seq"]
        if seq != expected_seq:
            problems.append(
                ChainProblem(line, seq, f"sequence number {seq}, expected {expected_seq}")
            )
        if entry["prev_hash"] != expected_prev:
            problems.append(
                ChainProblem(line, seq, "previous-hash link broken (entry removed or reordered)")
            )
        if entry_hash(entry) != entry["hash"]:
            problems.append(ChainProblem(line, seq, "hash does not match content (edited)"))
        expected_prev = entry["hash"]
        expected_seq = seq + 1 if isinstance(seq, int) else expected_seq + 1
        last_seq, last_hash = seq, entry["hash"]
    if head is not None and (head.get("seq"), head.get("hash")) != (last_seq, last_hash):
        problems.append(
            ChainProblem(
                line,
                last_seq,
                f"log ends at seq {last_seq} but the head says seq {head.get('seq')} "
                "(entries cut off the end, or the head was altered)",
            )
        )
    return problems
