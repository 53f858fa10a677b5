"""Encrypted ballots (RULES.md marks) and their proofs, record format version 2.

Per candidate, two encrypted bits, `for` and `against`, and one proof that `for + t·against`
encrypts 0, 1 or t, where t is a hash of the two ciphertexts: with overwhelming probability
that holds only if the pair is (0, 0), (1, 0) or (0, 1) — abstain, for, against, never both
(the soundness argument is in docs/election-record.md). An election ballot adds one proof that
the sum of its `for` ciphertexts lies in 0..seats, so an over-vote cannot be encrypted. A
motion ballot is one selection, id "motion", with no limit proof. Every proof carries its
commitments, so a verifier can check all of a batch's equations in one multi-scalar
multiplication (batch.py). Write-ins are not part of the homomorphic ballot.

Version-1 ballots (three (c, v) proofs per candidate) are read by ballot_v1.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dahui.crypto import elgamal, group
from dahui.crypto.context import ElectionContext, number
from dahui.crypto.elgamal import Ciphertext
from dahui.crypto.nonces import NonceSource, system_nonces
from dahui.crypto.proofs import (
    Branch,
    disjunction_holds,
    limit_challenge,
    mark_challenge,
    mark_weight,
    prove_disjunction,
)

MOTION = "motion"
MARKS = ("for", "against", "abstain")
# Branch index of the combined proof for each (for, against) pair of bits.
MARK_BRANCH = {(0, 0): 0, (1, 0): 1, (0, 1): 2}
DIGEST_TAG = b"dahui/ballot-v2"


class BallotError(ValueError):
    """A ballot that cannot be read, or choices that cannot be encrypted."""


@dataclass(frozen=True)
class Selection:
    id: str
    for_: Ciphertext
    against: Ciphertext
    proof: tuple[Branch, ...]


@dataclass(frozen=True)
class EncryptedBallot:
    selections: tuple[Selection, ...]
    limit_proof: tuple[Branch, ...] | None

    def to_json(self) -> dict[str, Any]:
        return {
            "selections": [
                {
                    "id": s.id,
                    "for": s.for_.to_json(),
                    "against": s.against.to_json(),
                    "proof": _proof_json(s.proof),
                }
                for s in self.selections
            ],
            "limit": None if self.limit_proof is None else _proof_json(self.limit_proof),
        }

    @classmethod
    def from_json(cls, data: Any, *, where: str) -> EncryptedBallot:
        if not isinstance(data, dict) or not isinstance(data.get("selections"), list):
            raise BallotError(f"{where}: a ballot is an object with a list of selections")
        selections = []
        for n, item in enumerate(data["selections"]):
            at = f"{where}.selections[{n}]"
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise BallotError(f"{at}: a selection has an id")
            selections.append(
                Selection(
                    id=item["id"],
                    for_=Ciphertext.from_json(item.get("for"), where=f"{at}.for"),
                    against=Ciphertext.from_json(item.get("against"), where=f"{at}.against"),
                    proof=_proof_from_json(item.get("proof"), where=f"{at}.proof"),
                )
            )
        limit = data.get("limit")
        limit_proof = None if limit is None else _proof_from_json(limit, where=f"{where}.limit")
        return cls(tuple(selections), limit_proof)

    def digest(self) -> bytes:
        """What the voter's device shows before cast-or-audit, and what the tracker chains:
        SHA-256 over the ballot's bytes (docs/election-record.md, "Ballot digest")."""
        h = hashlib.sha256(DIGEST_TAG)
        h.update(number(len(self.selections)))
        for s in self.selections:
            name = s.id.encode("utf-8")
            h.update(number(len(name)) + name)
            h.update(s.for_.alpha + s.for_.beta + s.against.alpha + s.against.beta)
            h.update(_proof_bytes(s.proof))
        limit = self.limit_proof or ()
        h.update(number(len(limit)))
        h.update(_proof_bytes(limit))
        return h.digest()


@dataclass(frozen=True)
class BallotSecrets:
    """Kept by the voter's device; revealed only if the voter spoils the ballot (Benaloh)."""

    choices: dict[str, str]
    nonces: tuple[tuple[int, int], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "choices": dict(self.choices),
            "nonces": [[group.encode_scalar(r) for r in pair] for pair in self.nonces],
        }

    @classmethod
    def from_json(cls, data: Any, *, where: str) -> BallotSecrets:
        if not isinstance(data, dict) or not isinstance(data.get("choices"), dict):
            raise BallotError(f"{where}: revealed choices missing")
        nonces = data.get("nonces")
        if not isinstance(nonces, list) or not all(
            isinstance(p, list) and len(p) == 2 for p in nonces
        ):
            raise BallotError(f"{where}: revealed nonces are pairs of scalars")
        return cls(
            choices={str(k): str(v) for k, v in data["choices"].items()},
            nonces=tuple(
                (
                    group.decode_scalar(p[0], where=f"{where}.nonces[{n}][0]"),
                    group.decode_scalar(p[1], where=f"{where}.nonces[{n}][1]"),
                )
                for n, p in enumerate(nonces)
            ),
        )


def selection_ids(manifest: Mapping[str, Any]) -> list[str]:
    if manifest.get("kind") == "motion":
        return [MOTION]
    return [str(c["id"]) for c in manifest["candidates"]]


def limit_bound(manifest: Mapping[str, Any]) -> int | None:
    return None if manifest.get("kind") == "motion" else int(manifest["seats"])


def encrypt_ballot(
    context: ElectionContext,
    choices: Mapping[str, str],
    *,
    nonces: NonceSource = system_nonces,
) -> tuple[EncryptedBallot, BallotSecrets]:
    """Encrypt marks (candidate id → for/against/abstain; unmarked is abstain) with all proofs.

    Nonces are drawn in a fixed order the browser module repeats: the two encryption nonces of
    every selection first, then each selection's mark proof, then the limit proof.
    """
    ids = selection_ids(context.manifest)
    unknown = sorted(set(choices) - set(ids))
    if unknown:
        raise BallotError(f"not on this ballot: {', '.join(unknown)}")
    marks = {i: choices.get(i, "abstain") for i in ids}
    for i, mark in marks.items():
        if mark not in MARKS:
            raise BallotError(f"{i}: mark must be for, against or abstain, not {mark!r}")
    bound = limit_bound(context.manifest)
    for_count = sum(1 for m in marks.values() if m == "for")
    if bound is not None and for_count > bound:
        raise BallotError(f"{for_count} candidates marked for, more than the {bound} seats")
    h = context.public_key
    pairs = [(nonces(), nonces()) for _ in ids]
    bits = [(int(marks[i] == "for"), int(marks[i] == "against")) for i in ids]
    ciphertexts = [
        (elgamal.encrypt(f, r_f, h), elgamal.encrypt(a, r_a, h))
        for (f, a), (r_f, r_a) in zip(bits, pairs, strict=True)
    ]
    selections = []
    for i, (f, a), (r_f, r_a), (ct_f, ct_a) in zip(ids, bits, pairs, ciphertexts, strict=True):
        t = mark_weight(context, i, ct_f, ct_a)
        combined = elgamal.add(ct_f, _scaled(t, ct_a))
        proof = prove_disjunction(
            combined,
            values=[0, 1, t],
            index=MARK_BRANCH[f, a],
            nonce=(r_f + t * r_a) % group.ORDER,
            public_key=h,
            nonces=nonces,
            challenge=lambda commitments, i=i, ct_f=ct_f, ct_a=ct_a: mark_challenge(
                context, i, ct_f, ct_a, commitments
            ),
        )
        selections.append(Selection(i, ct_f, ct_a, proof))
    limit_proof = None
    if bound is not None:
        fors = [ct_f for ct_f, _ in ciphertexts]
        limit_proof = prove_disjunction(
            elgamal.add_all(fors),
            values=list(range(bound + 1)),
            index=for_count,
            nonce=sum(r_f for r_f, _ in pairs) % group.ORDER,
            public_key=h,
            nonces=nonces,
            challenge=lambda commitments: limit_challenge(context, bound, fors, commitments),
        )
    return EncryptedBallot(tuple(selections), limit_proof), BallotSecrets(marks, tuple(pairs))


@dataclass(frozen=True)
class BallotProblem:
    """One failed check of a ballot: the selection (candidate id, or None for the whole
    ballot) and the proof kind: mark, limit, or layout (wrong selections); version-1
    ballots also name for, against and sum."""

    selection: str | None
    proof: str

    def __str__(self) -> str:
        return f"{self.selection or 'ballot'}: {self.proof} proof fails"


def ballot_problems(context: ElectionContext, ballot: EncryptedBallot) -> list[BallotProblem]:
    """Every reason this ballot is not a well-formed, provably valid ballot; empty if none.
    The pure-Python check, proof by proof (batch.py checks many ballots at once natively)."""
    ids = selection_ids(context.manifest)
    if [s.id for s in ballot.selections] != ids:
        return [BallotProblem(None, "layout")]
    h = context.public_key
    problems = []
    for s in ballot.selections:
        t = mark_weight(context, s.id, s.for_, s.against)
        if not disjunction_holds(
            elgamal.add(s.for_, _scaled(t, s.against)),
            s.proof,
            values=[0, 1, t],
            public_key=h,
            challenge=lambda commitments, s=s: mark_challenge(
                context, s.id, s.for_, s.against, commitments
            ),
        ):
            problems.append(BallotProblem(s.id, "mark"))
    bound = limit_bound(context.manifest)
    if bound is None:
        if ballot.limit_proof is not None:
            problems.append(BallotProblem(None, "limit"))
    else:
        fors = [s.for_ for s in ballot.selections]
        if ballot.limit_proof is None or not disjunction_holds(
            elgamal.add_all(fors),
            ballot.limit_proof,
            values=list(range(bound + 1)),
            public_key=h,
            challenge=lambda commitments: limit_challenge(context, bound, fors, commitments),
        ):
            problems.append(BallotProblem(None, "limit"))
    return problems


def audit_problems(context: ElectionContext, ballot: Any, secrets: BallotSecrets) -> list[str]:
    """The selections of a spoiled ballot (either version) that do not re-encrypt, with the
    revealed nonces, to exactly what the ballot shows ("*" when the revealed data does not
    fit the ballot)."""
    ids = selection_ids(context.manifest)
    if len(secrets.nonces) != len(ids) or [s.id for s in ballot.selections] != ids:
        return ["*"]
    h = context.public_key
    wrong = []
    for s, (r_f, r_a) in zip(ballot.selections, secrets.nonces, strict=True):
        mark = secrets.choices.get(s.id, "abstain")
        if (
            mark not in MARKS
            or elgamal.encrypt(int(mark == "for"), r_f, h) != s.for_
            or elgamal.encrypt(int(mark == "against"), r_a, h) != s.against
        ):
            wrong.append(s.id)
    return wrong


def _scaled(t: int, ciphertext: Ciphertext) -> Ciphertext:
    return Ciphertext(group.mul(t, ciphertext.alpha), group.mul(t, ciphertext.beta))


def _proof_bytes(proof: tuple[Branch, ...]) -> bytes:
    return b"".join(a + b + group.scalar_bytes(c) + group.scalar_bytes(v) for a, b, c, v in proof)


def _proof_json(proof: tuple[Branch, ...]) -> list[list[str]]:
    return [
        [a.hex(), b.hex(), group.encode_scalar(c), group.encode_scalar(v)] for a, b, c, v in proof
    ]


def _proof_from_json(data: Any, *, where: str) -> tuple[Branch, ...]:
    if not isinstance(data, list) or not data:
        raise BallotError(f"{where}: a proof is a list of [a, b, c, v] branches")
    proof = []
    for n, branch in enumerate(data):
        if not isinstance(branch, list) or len(branch) != 4:
            raise BallotError(f"{where}[{n}]: a proof branch is [a, b, c, v]")
        proof.append(
            (
                group.decode_point(branch[0], where=f"{where}[{n}].a"),
                group.decode_point(branch[1], where=f"{where}[{n}].b"),
                group.decode_scalar(branch[2], where=f"{where}[{n}].c"),
                group.decode_scalar(branch[3], where=f"{where}[{n}].v"),
            )
        )
    return tuple(proof)
