"""Encrypted ballots (RULES.md marks) and their proofs.

Per candidate, two encrypted bits, `for` and `against`, each with a 0/1 range proof, and a 0/1
proof on their homomorphic sum: a candidate is for, against or abstain, never both. An election
ballot adds one range proof that the sum of its `for` ciphertexts lies in 0..seats, so an
over-vote cannot be encrypted. A motion ballot is one selection, id "motion", with the same
three proofs and no limit proof. Write-ins are not part of the homomorphic ballot (see
docs/election-record.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dahui.crypto import elgamal, group
from dahui.crypto.canonical import canonical_json
from dahui.crypto.context import ElectionContext
from dahui.crypto.elgamal import Ciphertext
from dahui.crypto.nonces import NonceSource, system_nonces
from dahui.crypto.proofs import RangeProof, prove_range, verify_range

MOTION = "motion"
MARKS = ("for", "against", "abstain")


class BallotError(ValueError):
    """A ballot that cannot be read, or choices that cannot be encrypted."""


@dataclass(frozen=True)
class Selection:
    id: str
    for_: Ciphertext
    against: Ciphertext
    for_proof: RangeProof
    against_proof: RangeProof
    sum_proof: RangeProof


@dataclass(frozen=True)
class EncryptedBallot:
    selections: tuple[Selection, ...]
    limit_proof: RangeProof | None

    def to_json(self) -> dict[str, Any]:
        return {
            "selections": [
                {
                    "id": s.id,
                    "for": s.for_.to_json(),
                    "against": s.against.to_json(),
                    "proofs": {
                        "for": _proof_json(s.for_proof),
                        "against": _proof_json(s.against_proof),
                        "sum": _proof_json(s.sum_proof),
                    },
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
            proofs = item.get("proofs")
            if not isinstance(proofs, dict):
                raise BallotError(f"{at}: missing proofs")
            selections.append(
                Selection(
                    id=item["id"],
                    for_=Ciphertext.from_json(item.get("for"), where=f"{at}.for"),
                    against=Ciphertext.from_json(item.get("against"), where=f"{at}.against"),
                    for_proof=_proof_from_json(proofs.get("for"), where=f"{at}.proofs.for"),
                    against_proof=_proof_from_json(
                        proofs.get("against"), where=f"{at}.proofs.against"
                    ),
                    sum_proof=_proof_from_json(proofs.get("sum"), where=f"{at}.proofs.sum"),
                )
            )
        limit = data.get("limit")
        limit_proof = None if limit is None else _proof_from_json(limit, where=f"{where}.limit")
        return cls(tuple(selections), limit_proof)

    def digest(self) -> bytes:
        """What the voter's device shows before cast-or-audit, and what the tracker chains."""
        return ballot_digest(self.to_json())


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


def ballot_digest(ballot_json: dict[str, Any]) -> bytes:
    return hashlib.sha256(b"dahui/ballot" + canonical_json(ballot_json)).digest()


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
    every selection first, then each selection's for, against and sum proofs, then the limit.
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
        selections.append(
            Selection(
                id=i,
                for_=ct_f,
                against=ct_a,
                for_proof=prove_range(
                    context,
                    ct_f,
                    message=f,
                    nonce=r_f,
                    bound=1,
                    statement=f"{i}/for",
                    nonces=nonces,
                ),
                against_proof=prove_range(
                    context,
                    ct_a,
                    message=a,
                    nonce=r_a,
                    bound=1,
                    statement=f"{i}/against",
                    nonces=nonces,
                ),
                sum_proof=prove_range(
                    context,
                    elgamal.add(ct_f, ct_a),
                    message=f + a,
                    nonce=(r_f + r_a) % group.ORDER,
                    bound=1,
                    statement=f"{i}/sum",
                    nonces=nonces,
                ),
            )
        )
    limit_proof = None
    if bound is not None:
        limit_proof = prove_range(
            context,
            elgamal.add_all([ct_f for ct_f, _ in ciphertexts]),
            message=for_count,
            nonce=sum(r_f for r_f, _ in pairs) % group.ORDER,
            bound=bound,
            statement="limit",
            nonces=nonces,
        )
    return EncryptedBallot(tuple(selections), limit_proof), BallotSecrets(marks, tuple(pairs))


@dataclass(frozen=True)
class BallotProblem:
    """One failed check of a ballot: the selection (candidate id, or None for the whole
    ballot) and the proof kind: for, against, sum, limit, or layout (wrong selections)."""

    selection: str | None
    proof: str

    def __str__(self) -> str:
        return f"{self.selection or 'ballot'}: {self.proof} proof fails"


def ballot_problems(context: ElectionContext, ballot: EncryptedBallot) -> list[BallotProblem]:
    """Every reason this ballot is not a well-formed, provably valid ballot; empty if none."""
    ids = selection_ids(context.manifest)
    if [s.id for s in ballot.selections] != ids:
        return [BallotProblem(None, "layout")]
    problems = []
    for s in ballot.selections:
        if not verify_range(context, s.for_, s.for_proof, bound=1, statement=f"{s.id}/for"):
            problems.append(BallotProblem(s.id, "for"))
        if not verify_range(
            context, s.against, s.against_proof, bound=1, statement=f"{s.id}/against"
        ):
            problems.append(BallotProblem(s.id, "against"))
        total = elgamal.add(s.for_, s.against)
        if not verify_range(context, total, s.sum_proof, bound=1, statement=f"{s.id}/sum"):
            problems.append(BallotProblem(s.id, "sum"))
    bound = limit_bound(context.manifest)
    if bound is None:
        if ballot.limit_proof is not None:
            problems.append(BallotProblem(None, "limit"))
    elif ballot.limit_proof is None or not verify_range(
        context,
        elgamal.add_all([s.for_ for s in ballot.selections]),
        ballot.limit_proof,
        bound=bound,
        statement="limit",
    ):
        problems.append(BallotProblem(None, "limit"))
    return problems


def audit_problems(
    context: ElectionContext, ballot: EncryptedBallot, secrets: BallotSecrets
) -> list[str]:
    """The selections of a spoiled ballot that do not re-encrypt, with the revealed nonces, to
    exactly what the ballot shows ("*" when the revealed data does not fit the ballot)."""
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


def _proof_json(proof: RangeProof) -> list[list[str]]:
    return [[group.encode_scalar(c), group.encode_scalar(v)] for c, v in proof]


def _proof_from_json(data: Any, *, where: str) -> RangeProof:
    if not isinstance(data, list) or not data:
        raise BallotError(f"{where}: a proof is a list of [c, v] pairs")
    proof = []
    for n, pair in enumerate(data):
        if not isinstance(pair, list) or len(pair) != 2:
            raise BallotError(f"{where}[{n}]: a proof branch is [c, v]")
        proof.append(
            (
                group.decode_scalar(pair[0], where=f"{where}[{n}].c"),
                group.decode_scalar(pair[1], where=f"{where}[{n}].v"),
            )
        )
    return proof
