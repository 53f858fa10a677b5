"""What every Fiat–Shamir challenge of one election is bound to, and the challenge itself.

A challenge is SHA-512 over length-prefixed items, reduced modulo the group order:
"dahui/v1", the proof's domain tag, the election digest (SHA-256 of the canonical manifest:
title, seats, candidates, electorate, rules), the joint public key, then the statement
(ciphertexts, labels, bounds) and the prover's commitments. Each item is preceded by its
length as 4 bytes big-endian, so no two different transcripts hash the same bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from dahui.crypto.canonical import canonical_json
from dahui.crypto.group import ORDER

PROTOCOL = b"dahui/v1"


def _item(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def transcript_hash(tag: str, *items: bytes) -> int:
    h = hashlib.sha512()
    h.update(_item(PROTOCOL))
    h.update(_item(tag.encode()))
    for data in items:
        h.update(_item(data))
    return int.from_bytes(h.digest(), "little") % ORDER


def label(text: str) -> bytes:
    return text.encode("utf-8")


def number(value: int) -> bytes:
    return value.to_bytes(4, "big")


@dataclass(frozen=True)
class ElectionContext:
    """The election's manifest (its parameters) and joint public key."""

    manifest: dict[str, Any]
    public_key: bytes
    digest: bytes = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "digest", manifest_digest(self.manifest))

    def challenge(self, tag: str, *items: bytes) -> int:
        return transcript_hash(tag, self.digest, self.public_key, *items)


def manifest_digest(manifest: dict[str, Any]) -> bytes:
    return hashlib.sha256(b"dahui/manifest" + canonical_json(manifest)).digest()
