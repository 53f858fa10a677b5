"""Ballots of record format version 1, read (never written) by the verifier.

Per candidate, two encrypted bits with a 0/1 range proof each and a 0/1 proof on their sum;
for an election one limit proof. Proofs are (c, v) pairs: the verifier recomputes every
commitment. Version 2 (ballot.py) replaced it; see docs/election-record.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from dahui.crypto import elgamal, group
from dahui.crypto.ballot import BallotError, BallotProblem, limit_bound, selection_ids
from dahui.crypto.canonical import canonical_json
from dahui.crypto.context import ElectionContext
from dahui.crypto.elgamal import Ciphertext
from dahui.crypto.proofs import RangeProof, verify_range


@dataclass(frozen=True)
class SelectionV1:
    id: str
    for_: Ciphertext
    against: Ciphertext
    for_proof: RangeProof
    against_proof: RangeProof
    sum_proof: RangeProof


@dataclass(frozen=True)
class EncryptedBallotV1:
    selections: tuple[SelectionV1, ...]
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
    def from_json(cls, data: Any, *, where: str) -> EncryptedBallotV1:
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
                SelectionV1(
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
        return hashlib.sha256(b"dahui/ballot" + canonical_json(self.to_json())).digest()


def ballot_problems_v1(context: ElectionContext, ballot: EncryptedBallotV1) -> list[BallotProblem]:
    """Every reason this version-1 ballot is not provably valid; empty if none."""
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
