"""The scrutineers' key ceremony, public side: what the server holds and anyone can re-check.

Pedersen's distributed key generation with Feldman commitments. Each of the n scrutineers
deals a random polynomial f_i of degree t − 1: it publishes A_ik = a_ik·G for every
coefficient with a Schnorr proof of knowledge, and sends f_i(j) to each scrutineer j,
encrypted to j's device key so the server relays it without learning it. Scrutineer j checks
f_i(j)·G = Σ_k j^k·A_ik and complains publicly if it does not hold; the dealer answers by
publishing the share, which everyone checks. A dealer with a bad proof, or a complaint it
cannot answer, is disqualified. The joint public key is Σ A_i0 over the qualified dealers and
nobody knows its secret; scrutineer j's share of it is Σ f_i(j), whose public verification
key K_j = Σ_i Σ_k j^k·A_ik is computable by anyone. Any t scrutineers can decrypt.

This module holds only public data. Secrets live in `device.ScrutineerDevice`, an object that
runs on each scrutineer's own device and never reaches the server.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from dahui.crypto import group
from dahui.crypto.canonical import canonical_json
from dahui.crypto.proofs import verify_knowledge


class CeremonyError(ValueError):
    """A ceremony message that is malformed, out of turn, or a ceremony that cannot finish."""


@dataclass(frozen=True)
class CeremonyParameters:
    election_digest: bytes
    scrutineers: tuple[str, ...]  # names, scrutineer i is scrutineers[i - 1]
    threshold: int

    def __post_init__(self) -> None:
        if not 1 <= self.threshold <= len(self.scrutineers):
            raise CeremonyError(
                f"threshold {self.threshold} must be between 1 and {len(self.scrutineers)}"
            )

    @property
    def indices(self) -> range:
        return range(1, len(self.scrutineers) + 1)

    def to_json(self) -> dict[str, Any]:
        return {
            "election": self.election_digest.hex(),
            "scrutineers": list(self.scrutineers),
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CeremonyParameters:
        return cls(bytes.fromhex(data["election"]), tuple(data["scrutineers"]), data["threshold"])

    @property
    def digest(self) -> bytes:
        return hashlib.sha256(b"dahui/ceremony" + canonical_json(self.to_json())).digest()


@dataclass(frozen=True)
class Announcement:
    scrutineer: int
    transport_key: bytes  # the device's key that dealt shares are encrypted to


@dataclass(frozen=True)
class Dealing:
    dealer: int
    commitments: tuple[bytes, ...]  # A_i0 … A_i(t-1)
    proofs: tuple[tuple[int, int], ...]
    encrypted_shares: dict[int, int]  # recipient → f_i(j) + pad_ij


@dataclass(frozen=True)
class Complaint:
    accuser: int
    dealer: int


@dataclass(frozen=True)
class Answer:
    dealer: int
    accuser: int
    share: int  # f_dealer(accuser), now public


@dataclass(frozen=True)
class CeremonyResult:
    qualified: tuple[int, ...]
    disqualified: dict[int, str]
    public_key: bytes
    verification_keys: dict[int, bytes]


def expected_share_point(commitments: tuple[bytes, ...], recipient: int) -> bytes:
    point = group.IDENTITY
    for k, commitment in enumerate(commitments):
        point = group.add(point, group.mul(recipient**k, commitment))
    return point


@dataclass
class KeyCeremony:
    """The server's view: collects public messages and derives the joint key from them."""

    parameters: CeremonyParameters
    announcements: dict[int, Announcement] = field(default_factory=dict)
    dealings: dict[int, Dealing] = field(default_factory=dict)
    complaints: list[Complaint] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)

    def announce(self, announcement: Announcement) -> None:
        self._check_index(announcement.scrutineer, "announcement")
        if announcement.scrutineer in self.announcements:
            raise CeremonyError(f"scrutineer {announcement.scrutineer} already announced a key")
        if not group.is_point(announcement.transport_key) or (
            announcement.transport_key == group.IDENTITY
        ):
            raise CeremonyError(f"scrutineer {announcement.scrutineer}: invalid device key")
        self.announcements[announcement.scrutineer] = announcement

    def deal(self, dealing: Dealing) -> None:
        self._check_index(dealing.dealer, "dealing")
        if len(self.announcements) != len(self.parameters.scrutineers):
            raise CeremonyError("every scrutineer announces a device key before dealing")
        if dealing.dealer in self.dealings:
            raise CeremonyError(f"scrutineer {dealing.dealer} already dealt")
        self.dealings[dealing.dealer] = dealing

    def complain(self, complaint: Complaint) -> None:
        self._check_index(complaint.accuser, "complaint")
        self._check_index(complaint.dealer, "complaint")
        self.complaints.append(complaint)

    def answer(self, answer: Answer) -> None:
        if Complaint(answer.accuser, answer.dealer) not in self.complaints:
            raise CeremonyError(f"scrutineer {answer.dealer} answered a complaint nobody made")
        self.answers.append(answer)

    def result(self) -> CeremonyResult:
        """Who qualified, the joint public key and every scrutineer's verification key."""
        disqualified: dict[int, str] = {}
        for i in self.parameters.indices:
            reason = self._dealing_fault(i)
            if reason:
                disqualified[i] = reason
        qualified = tuple(i for i in self.parameters.indices if i not in disqualified)
        if len(qualified) < self.parameters.threshold:
            raise CeremonyError(
                f"only {len(qualified)} scrutineers qualified, fewer than the threshold "
                f"{self.parameters.threshold}"
            )
        public_key = group.IDENTITY
        for i in qualified:
            public_key = group.add(public_key, self.dealings[i].commitments[0])
        verification_keys = {
            j: _sum_points(expected_share_point(self.dealings[i].commitments, j) for i in qualified)
            for j in self.parameters.indices
        }
        return CeremonyResult(qualified, disqualified, public_key, verification_keys)

    def _dealing_fault(self, dealer: int) -> str | None:
        dealing = self.dealings.get(dealer)
        t = self.parameters.threshold
        if dealing is None:
            return "did not deal"
        if len(dealing.commitments) != t or len(dealing.proofs) != t:
            return f"dealt {len(dealing.commitments)} commitments, the threshold needs {t}"
        if set(dealing.encrypted_shares) != set(self.parameters.indices):
            return "did not deal a share to every scrutineer"
        for k, (commitment, proof) in enumerate(
            zip(dealing.commitments, dealing.proofs, strict=True)
        ):
            if not group.is_point(commitment) or not verify_knowledge(
                self.parameters.digest, proof, dealer=dealer, position=k, public=commitment
            ):
                return f"coefficient {k}: proof of knowledge fails"
        for complaint in self.complaints:
            if complaint.dealer != dealer:
                continue
            answers = [
                a for a in self.answers if a.dealer == dealer and a.accuser == complaint.accuser
            ]
            if not answers:
                return f"did not answer the complaint of scrutineer {complaint.accuser}"
            if group.base_mul(answers[0].share) != expected_share_point(
                dealing.commitments, complaint.accuser
            ):
                return f"answered the complaint of scrutineer {complaint.accuser} with a bad share"
        return None

    def _check_index(self, index: int, what: str) -> None:
        if index not in self.parameters.indices:
            raise CeremonyError(f"{what}: no scrutineer {index}")

    def to_json(self) -> dict[str, Any]:
        return {
            "parameters": self.parameters.to_json(),
            "announcements": [
                {"scrutineer": a.scrutineer, "transport_key": a.transport_key.hex()}
                for a in sorted(self.announcements.values(), key=lambda a: a.scrutineer)
            ],
            "dealings": [
                {
                    "dealer": d.dealer,
                    "commitments": [c.hex() for c in d.commitments],
                    "proofs": [[group.encode_scalar(x) for x in p] for p in d.proofs],
                    "encrypted_shares": {
                        str(j): group.encode_scalar(s)
                        for j, s in sorted(d.encrypted_shares.items())
                    },
                }
                for d in sorted(self.dealings.values(), key=lambda d: d.dealer)
            ],
            "complaints": [{"accuser": c.accuser, "dealer": c.dealer} for c in self.complaints],
            "answers": [
                {"dealer": a.dealer, "accuser": a.accuser, "share": group.encode_scalar(a.share)}
                for a in self.answers
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeyCeremony:
        """Rebuild a ceremony from its transcript, decoding and checking every point."""
        where = "ceremony"
        ceremony = cls(CeremonyParameters.from_json(data["parameters"]))
        for n, a in enumerate(data["announcements"]):
            ceremony.announce(
                Announcement(
                    a["scrutineer"],
                    group.decode_point(a["transport_key"], where=f"{where}.announcements[{n}]"),
                )
            )
        for n, d in enumerate(data["dealings"]):
            at = f"{where}.dealings[{n}]"
            ceremony.deal(
                Dealing(
                    dealer=d["dealer"],
                    commitments=tuple(
                        group.decode_point(c, where=f"{at}.commitments[{k}]")
                        for k, c in enumerate(d["commitments"])
                    ),
                    proofs=tuple(
                        (
                            group.decode_scalar(p[0], where=f"{at}.proofs[{k}]"),
                            group.decode_scalar(p[1], where=f"{at}.proofs[{k}]"),
                        )
                        for k, p in enumerate(d["proofs"])
                    ),
                    encrypted_shares={
                        int(j): group.decode_scalar(s, where=f"{at}.encrypted_shares.{j}")
                        for j, s in d["encrypted_shares"].items()
                    },
                )
            )
        for c in data["complaints"]:
            ceremony.complain(Complaint(c["accuser"], c["dealer"]))
        for n, a in enumerate(data["answers"]):
            ceremony.answer(
                Answer(
                    a["dealer"],
                    a["accuser"],
                    group.decode_scalar(a["share"], where=f"{where}.answers[{n}]"),
                )
            )
        return ceremony


def _sum_points(points) -> bytes:
    total = group.IDENTITY
    for point in points:
        total = group.add(total, point)
    return total
