"""The server's side of a verifiable poll: accept proven ballots, chain trackers, keep spoiled
ballots, add up the encrypted totals, and combine the scrutineers' decryption shares.

It holds only public data: ballots, the ceremony transcript, decryption shares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dahui.crypto import elgamal
from dahui.crypto.ballot import (
    BallotError,
    BallotSecrets,
    EncryptedBallot,
    audit_problems,
    ballot_problems,
    selection_ids,
)
from dahui.crypto.ceremony import CeremonyResult, KeyCeremony
from dahui.crypto.context import ElectionContext
from dahui.crypto.decryption import DecryptionShare, combine
from dahui.crypto.dlog import BabyStepGiantStep
from dahui.crypto.elgamal import Ciphertext
from dahui.crypto.outcome import result_from_counts
from dahui.crypto.tracker import chain_start, next_tracker


@dataclass(frozen=True)
class Cast:
    tracker: bytes
    ballot: EncryptedBallot


@dataclass(frozen=True)
class Spoiled:
    ballot: EncryptedBallot
    secrets: BallotSecrets


@dataclass
class BallotBox:
    manifest: dict[str, Any]
    ceremony: KeyCeremony
    key: CeremonyResult = field(init=False)
    context: ElectionContext = field(init=False)
    cast: list[Cast] = field(default_factory=list)
    spoiled: list[Spoiled] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key = self.ceremony.result()
        self.context = ElectionContext(self.manifest, self.key.public_key)

    @property
    def last_tracker(self) -> bytes:
        return self.cast[-1].tracker if self.cast else chain_start(self.context.digest)

    def cast_ballot(self, ballot: EncryptedBallot) -> bytes:
        """Accept a ballot whose every proof holds and return its tracker; refuse any other."""
        problems = ballot_problems(self.context, ballot)
        if problems:
            raise BallotError("ballot refused: " + "; ".join(str(p) for p in problems))
        tracker = next_tracker(self.context.digest, self.last_tracker, ballot.digest())
        self.cast.append(Cast(tracker, ballot))
        return tracker

    def spoil_ballot(self, ballot: EncryptedBallot, secrets: BallotSecrets) -> None:
        """Cast-or-audit: the voter spoiled this ballot and its device revealed the nonces."""
        problems = audit_problems(self.context, ballot, secrets)
        if problems:
            raise BallotError("audit fails for: " + ", ".join(problems))
        self.spoiled.append(Spoiled(ballot, secrets))

    def totals(self) -> list[Ciphertext]:
        """Encrypted totals in the order c1.for, c1.against, c2.for, …"""
        sums = [elgamal.ZERO] * (2 * len(selection_ids(self.manifest)))
        for cast in self.cast:
            for n, s in enumerate(cast.ballot.selections):
                sums[2 * n] = elgamal.add(sums[2 * n], s.for_)
                sums[2 * n + 1] = elgamal.add(sums[2 * n + 1], s.against)
        return sums

    def decrypt(
        self, totals: list[Ciphertext], shares: dict[int, list[DecryptionShare]]
    ) -> dict[str, tuple[int, int]]:
        """Counts per selection from the shares of at least `threshold` scrutineers."""
        solver = BabyStepGiantStep(len(self.cast))
        ids = selection_ids(self.manifest)
        values = []
        for n, ciphertext in enumerate(totals):
            point = combine(
                self.context,
                ciphertext,
                [by_scrutineer[n] for by_scrutineer in shares.values()],
                verification_keys=self.key.verification_keys,
                threshold=self.ceremony.parameters.threshold,
                what=f"{ids[n // 2]} {('for', 'against')[n % 2]}",
            )
            values.append(solver.solve(point))
        return {i: (values[2 * n], values[2 * n + 1]) for n, i in enumerate(ids)}

    def result(self, counts: dict[str, tuple[int, int]]) -> dict[str, Any]:
        return result_from_counts(self.manifest, counts, len(self.cast))
