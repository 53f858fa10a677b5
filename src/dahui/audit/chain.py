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
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
HASHED_FIELDS = ("congress_id", "seq", "at", "actor", "action", "subject", "data", "prev_hash")


HASH_PATTERN = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Head:
    """A point of the chain: sequence number and hash of the entry there (0: the empty log).

    Published with a result (count report, election record, hall screen), it pins every
    entry up to it: a log rewritten afterwards, even with all hashes recomputed, no longer
    has this hash at this sequence number. Written and read as `SEQ:HASH`.
    """

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @property
    def short(self) -> str:
        """For a screen: the first 16 hex digits, grouped by four."""
        return " ".join(self.hash[i:i + 4] for i in range(0, 16, 4))

    def as_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "hash": self.hash}

    @classmethod
    def parse(cls, text: str) -> Head:
        """`SEQ:HASH` → Head; ValueError with a message naming what is wrong."""
        seq_text, colon, hash_text = text.strip().partition(":")
        if not colon:
            raise ValueError(f"{text!r}: write the head as SEQ:HASH, e.g. 42:3fa1…")
        if not seq_text.isascii() or not seq_text.isdigit() or len(seq_text) > 18:
            raise ValueError(f"{seq_text!r}: the sequence number must be a whole number ≥ 0")
        hash_text = hash_text.strip().lower()
        if not HASH_PATTERN.fullmatch(hash_text):
            raise ValueError(f"{hash_text!r}: the hash must be 64 hexadecimal digits")
        seq = int(seq_text)
        if seq == 0 and hash_text != GENESIS:
            raise ValueError("sequence number 0 is the empty log: its hash is 64 zeros")
        return cls(seq, hash_text)


def field_problems(entry: Mapping[str, Any]) -> list[str]:
    """What is wrong with the fields of one exported entry (empty: well-formed)."""
    problems = []
    for name in ("congress_id", "seq"):
        value = entry.get(name)
        if name in entry and (type(value) is not int or value < 0):
            problems.append(f"{name}: must be a whole number ≥ 0")
    for name in ("at", "actor", "action", "subject"):
        if name in entry and type(entry[name]) is not str:
            problems.append(f"{name}: must be a string")
    if "data" in entry and not isinstance(entry["data"], dict):
        problems.append("data: must be a JSON object")
    for name in ("prev_hash", "hash"):
        value = entry.get(name)
        if name in entry and not (type(value) is str and HASH_PATTERN.fullmatch(value)):
            problems.append(f"{name}: must be 64 lower-case hexadecimal digits")
    return problems


def head_problems(value: Any) -> list[str]:
    """What is wrong with the exported head line's value (empty: well-formed)."""
    if not isinstance(value, dict):
        return ["head: must be an object with seq and hash"]
    problems = []
    seq = value.get("seq")
    if type(seq) is not int or seq < 0:
        problems.append("head.seq: must be a whole number ≥ 0")
    digest = value.get("hash")
    if not (type(digest) is str and HASH_PATTERN.fullmatch(digest)):
        problems.append("head.hash: must be 64 lower-case hexadecimal digits")
    return problems


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
    entries: Iterable[Mapping[str, Any]],
    *,
    head: Mapping[str, Any] | None = None,
    published: Sequence[Head] = (),
) -> list[ChainProblem]:
    """Check one congress's entries in order; return every problem found (empty: intact).

    `published` heads are points of the chain published earlier: the entry at each one's
    sequence number must still have its hash, or the log was rewritten after publication.
    """
    hashes: dict[Any, str] = {}
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
        hashes.setdefault(seq, entry["hash"])
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
    for point in published:
        if point.seq == 0:
            continue  # the empty log: every log starts from it
        found = hashes.get(point.seq)
        if found is None:
            problems.append(ChainProblem(
                line, point.seq,
                f"the published head {point} is not in the log (entries removed or cut off)",
            ))
        elif found != point.hash:
            problems.append(ChainProblem(
                line, point.seq,
                f"entry {point.seq} has hash {found}, but {point} was published: the log "
                "was rewritten after publication",
            ))
    return problems
