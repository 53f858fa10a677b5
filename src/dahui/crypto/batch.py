"""Verifying many version-2 ballots at once.

Each ballot line is read into its bytes with as little Python as possible (one join, one
regular expression, one hex decode), its digest and Fiat–Shamir challenges are hashed here,
and the proof equations of a batch of ballots go to one of two engines:

- **native**: the `dahui_native` extension (native/, curve25519-dalek) checks all equations
  of the batch in one multi-scalar multiplication with random 128-bit weights and returns
  the column sums of the ciphertexts; when the batch fails it checks each ballot alone;
- **python**: `ballot.ballot_problems`, proof by proof through libsodium.

A ballot that fails anywhere on the native path (unreadable, a challenge that does not add
up, a non-canonical encoding, a failing equation) is checked again on the Python path, which
names what fails, so both engines give the same verdicts and the same findings.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from typing import Any

from dahui.crypto import elgamal, group
from dahui.crypto.ballot import (
    DIGEST_TAG,
    EncryptedBallot,
    ballot_problems,
    limit_bound,
    selection_ids,
)
from dahui.crypto.context import PROTOCOL, ElectionContext, label, number
from dahui.crypto.elgamal import Ciphertext
from dahui.crypto.proofs import LIMIT_TAG, MARK_TAG, MARK_WEIGHT_TAG

try:  # the compiled batch verifier (native/); optional, see README
    import dahui_native
except ImportError:  # pragma: no cover - depends on the build
    dahui_native = None

BATCH_SIZE = 64
ENGINES = ("native", "python")
_ORDER = group.ORDER


class EngineUnavailable(RuntimeError):
    """The native engine was asked for but the extension is not built."""


def default_engine() -> str:
    """native when the extension is built, unless DAHUI_VERIFIER_ENGINE says otherwise."""
    chosen = os.environ.get("DAHUI_VERIFIER_ENGINE", "")
    if chosen in ENGINES:
        return chosen
    return "native" if dahui_native is not None else "python"


def native_available() -> bool:
    return dahui_native is not None


def _item(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


@dataclass
class BallotOutcome:
    """What checking one ballot line found: its digest (b"" when unreadable), the problems
    as (selection or "-", proof kind or "unreadable: …")."""

    digest: bytes
    problems: list[tuple[str, str]] = field(default_factory=list)


class BatchVerifier:
    """Checks ballot JSON objects of one election, BATCH_SIZE at a time, adding up the
    ciphertexts of the valid ones (4 points per selection: α_for, β_for, α_against, β_against)."""

    def __init__(self, context: ElectionContext, engine: str) -> None:
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}")
        if engine == "native" and dahui_native is None:
            raise EngineUnavailable("the native verifier (dahui_native) is not built")
        self.context = context
        self.engine = engine
        self.ids = selection_ids(context.manifest)
        self.bound = limit_bound(context.manifest)
        self.limit = 0 if self.bound is None else self.bound + 1
        self.selections = len(self.ids)
        self.ballot_items = 16 * self.selections + 4 * self.limit
        self.weight_bytes = 16 * 2 * (3 * self.selections + self.limit)
        self.sums: list[bytes] = [group.IDENTITY] * (4 * self.selections)
        self._labels = [_item(label(i)) for i in self.ids]
        self._id_bytes = [number(len(i.encode())) + i.encode() for i in self.ids]
        head = _item(context.digest) + _item(context.public_key)

        def prefix(tag: str) -> Any:
            h = hashlib.sha512(_item(PROTOCOL) + _item(tag.encode()) + head)
            return h

        self._weight_prefix = prefix(MARK_WEIGHT_TAG)
        self._mark_prefix = prefix(MARK_TAG)
        self._limit_prefix = prefix(LIMIT_TAG)
        self._bound_item = _item(number(self.bound)) if self.bound is not None else b""
        self._pending: list[tuple[int, Any, bytes, bytes]] = []
        self._outcomes: dict[int, BallotOutcome] = {}

    # Feeding ballots

    def add(self, index: int, data: Any) -> None:
        """Queue the ballot JSON `data` (a parsed object) under `index`."""
        if self.engine == "python":
            self._outcomes[index] = self._python_check(data)
            return
        fast = self._fast(data)
        if fast is None:
            self._outcomes[index] = self._python_check(data)
            return
        raw, ts, digest = fast
        self._outcomes[index] = BallotOutcome(digest)
        self._pending.append((index, data, raw, ts))
        if len(self._pending) >= BATCH_SIZE:
            self.flush()

    def add_unreadable(self, index: int, message: str) -> None:
        """A line that is not even JSON with a ballot."""
        self._outcomes[index] = BallotOutcome(b"", [("-", f"unreadable: {message}")])

    def flush(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        raw = b"".join(p[2] for p in pending)
        ts = b"".join(p[3] for p in pending)
        weights = os.urandom(self.weight_bytes * len(pending))
        args = (self.context.public_key, self.selections, self.limit, len(pending), raw, ts)
        sums = dahui_native.verify_batch(*args, weights)
        if sums is not None:
            self._add_sums([sums[32 * k : 32 * (k + 1)] for k in range(4 * self.selections)])
            return
        bad = set(dahui_native.failing_ballots(*args, os.urandom(len(weights))))
        good = [p for n, p in enumerate(pending) if n not in bad]
        for n in sorted(bad):
            index, data, _, _ = pending[n]
            self._outcomes[index] = self._python_check(data)
        if good:
            raw = b"".join(p[2] for p in good)
            ts = b"".join(p[3] for p in good)
            sums = dahui_native.verify_batch(
                self.context.public_key,
                self.selections,
                self.limit,
                len(good),
                raw,
                ts,
                os.urandom(self.weight_bytes * len(good)),
            )
            if sums is None:  # pragma: no cover - each of them held alone
                raise AssertionError("ballots that hold alone fail together")
            self._add_sums([sums[32 * k : 32 * (k + 1)] for k in range(4 * self.selections)])

    def outcomes(self) -> dict[int, BallotOutcome]:
        self.flush()
        return self._outcomes

    # The fast reading of a ballot

    def _fast(self, data: Any) -> tuple[bytes, bytes, bytes] | None:
        """The ballot's bytes, its t values and digest, with every challenge checked; None if
        anything is off (the Python path then says what)."""
        try:
            selections = data["selections"]
            if type(selections) is not list or len(selections) != self.selections:
                return None
            texts: list[str] = []
            for selection, expected in zip(selections, self.ids, strict=True):
                if type(selection) is not dict or selection["id"] != expected:
                    return None
                for_, against, proof = selection["for"], selection["against"], selection["proof"]
                if not (_pair(for_) and _pair(against)) or type(proof) is not list:
                    return None
                if len(proof) != 3:
                    return None
                texts += for_
                texts += against
                for branch in proof:
                    if type(branch) is not list or len(branch) != 4:
                        return None
                    texts += branch
            limit = data["limit"]
            if self.bound is None:
                if limit is not None:
                    return None
            else:
                if type(limit) is not list or len(limit) != self.limit:
                    return None
                for branch in limit:
                    if type(branch) is not list or len(branch) != 4:
                        return None
                    texts += branch
            text = "".join(texts)
        except (KeyError, TypeError, AttributeError, IndexError):
            return None
        if len(texts) != self.ballot_items or set(map(len, texts)) != {64}:
            return None
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            return None
        # One spelling per value: lowercase hex, nothing else (fromhex also takes upper case
        # and white space); re-encoding is cheaper than a regular expression over the line.
        if raw.hex() != text:
            return None
        return self._hash_and_check(raw)

    def _hash_and_check(self, raw: bytes) -> tuple[bytes, bytes, bytes] | None:
        order = _ORDER
        from_bytes = int.from_bytes
        digest = hashlib.sha256(DIGEST_TAG)
        digest.update(number(self.selections))
        ts: list[bytes] = []
        fors: list[bytes] = []
        for s in range(self.selections):
            o = 512 * s
            cts = raw[o : o + 128]
            fors.append(cts[:64])
            digest.update(self._id_bytes[s])
            digest.update(raw[o : o + 512])
            h = self._weight_prefix.copy()
            h.update(self._labels[s] + b"\x00\x00\x00\x80" + cts)
            t = from_bytes(h.digest(), "little") % order
            ts.append(t.to_bytes(32, "little"))
            h = self._mark_prefix.copy()
            h.update(
                self._labels[s]
                + b"\x00\x00\x00\x80"
                + cts
                + b"\x00\x00\x00\xc0"
                + raw[o + 128 : o + 192]
                + raw[o + 256 : o + 320]
                + raw[o + 384 : o + 448]
            )
            total = (
                from_bytes(raw[o + 192 : o + 224], "little")
                + from_bytes(raw[o + 320 : o + 352], "little")
                + from_bytes(raw[o + 448 : o + 480], "little")
            )
            if total % order != from_bytes(h.digest(), "little") % order:
                return None
        o = 512 * self.selections
        digest.update(number(self.limit))
        digest.update(raw[o:])
        if self.limit:
            h = self._limit_prefix.copy()
            commitments = b"".join(raw[o + 128 * j : o + 128 * j + 64] for j in range(self.limit))
            fors_item = b"".join(fors)
            h.update(
                self._bound_item
                + _item(fors_item)
                + len(commitments).to_bytes(4, "big")
                + commitments
            )
            total = sum(
                from_bytes(raw[o + 128 * j + 64 : o + 128 * j + 96], "little")
                for j in range(self.limit)
            )
            if total % order != from_bytes(h.digest(), "little") % order:
                return None
        return raw, b"".join(ts), digest.digest()

    # The Python path

    def _python_check(self, data: Any) -> BallotOutcome:
        try:
            ballot = EncryptedBallot.from_json(data, where="ballot")
        except Exception as error:
            # Deep nesting (RecursionError), a number too long to convert, a list where an
            # object belongs: the ballot is named, the others are still checked.
            message = str(error) if isinstance(error, ValueError | KeyError) else repr(error)
            return BallotOutcome(b"", [("-", f"unreadable: {_short(message)}")])
        problems = [(p.selection or "-", p.proof) for p in ballot_problems(self.context, ballot)]
        if not problems and len(ballot.selections) == self.selections:
            row: list[bytes] = []
            for s in ballot.selections:
                row += [s.for_.alpha, s.for_.beta, s.against.alpha, s.against.beta]
            self._add_sums(row)
        return BallotOutcome(ballot.digest(), problems)

    def _add_sums(self, row: list[bytes]) -> None:
        self.sums = [group.add(x, y) for x, y in zip(self.sums, row, strict=True)]

    def totals(self) -> list[Ciphertext]:
        """The encrypted totals of the valid ballots: c1 for, c1 against, c2 for, …"""
        self.flush()
        return [
            Ciphertext(self.sums[2 * k], self.sums[2 * k + 1]) for k in range(2 * self.selections)
        ]


def _pair(value: Any) -> bool:
    return type(value) is list and len(value) == 2


def add_totals(x: list[Ciphertext], y: list[Ciphertext]) -> list[Ciphertext]:
    return [elgamal.add(a, b) for a, b in zip(x, y, strict=True)]


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
