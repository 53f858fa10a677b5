"""The scrutineer's own device: the only place a private key share ever exists.

A `ScrutineerDevice` keeps its transport secret, its polynomial and, at the end, its share of
the election key. What it hands out (announcements, dealings, complaints, answers, decryption
shares) is public and is what the server stores. A share dealt to scrutineer j travels as
f_i(j) + pad, where the pad is hashed from the Diffie–Hellman value of the two devices' keys:
only the two devices can remove it.
"""

from __future__ import annotations

from dahui.crypto import group
from dahui.crypto.ceremony import (
    Announcement,
    Answer,
    CeremonyParameters,
    Complaint,
    Dealing,
    KeyCeremony,
    expected_share_point,
)
from dahui.crypto.context import ElectionContext, number, transcript_hash
from dahui.crypto.decryption import DecryptionShare
from dahui.crypto.elgamal import Ciphertext
from dahui.crypto.nonces import NonceSource, system_nonces
from dahui.crypto.proofs import prove_decryption, prove_knowledge

PAD_TAG = "share-pad"


class ScrutineerDevice:
    def __init__(
        self,
        *,
        index: int,
        parameters: CeremonyParameters,
        nonces: NonceSource = system_nonces,
    ) -> None:
        self.index = index
        self.parameters = parameters
        self._nonces = nonces
        self._transport_secret = nonces()
        self._coefficients = [nonces() for _ in range(parameters.threshold)]
        self._received: dict[int, int] = {}
        self._secret_share: int | None = None

    def announcement(self) -> Announcement:
        return Announcement(self.index, group.base_mul(self._transport_secret))

    def dealing(self, announcements: dict[int, Announcement]) -> Dealing:
        commitments = tuple(group.base_mul(a) for a in self._coefficients)
        proofs = tuple(
            prove_knowledge(
                self.parameters.digest,
                dealer=self.index,
                position=k,
                secret=a,
                nonces=self._nonces,
            )
            for k, a in enumerate(self._coefficients)
        )
        encrypted = {
            j: (self._evaluate(j) + self._pad(j, announcements[j].transport_key)) % group.ORDER
            for j in self.parameters.indices
        }
        return Dealing(self.index, commitments, proofs, encrypted)

    def complaints(self, ceremony: KeyCeremony) -> list[Complaint]:
        """Decrypt the shares dealt to this device and complain about every one that fails."""
        found = []
        for dealer, dealing in sorted(ceremony.dealings.items()):
            sender_key = ceremony.announcements[dealer].transport_key
            share = (
                dealing.encrypted_shares.get(self.index, 0) - self._pad_from(dealer, sender_key)
            ) % group.ORDER
            if len(dealing.commitments) == self.parameters.threshold and group.base_mul(
                share
            ) == expected_share_point(dealing.commitments, self.index):
                self._received[dealer] = share
            else:
                found.append(Complaint(accuser=self.index, dealer=dealer))
        return found

    def answers(self, ceremony: KeyCeremony) -> list[Answer]:
        return [
            Answer(self.index, c.accuser, self._evaluate(c.accuser))
            for c in ceremony.complaints
            if c.dealer == self.index
        ]

    def finish(self, ceremony: KeyCeremony) -> bytes:
        """Combine the qualified dealers' shares into this device's key share; return K_j."""
        result = ceremony.result()
        for answer in ceremony.answers:
            if answer.accuser == self.index and answer.dealer in result.qualified:
                self._received[answer.dealer] = answer.share
        missing = [i for i in result.qualified if i not in self._received]
        if missing:
            raise ValueError(f"scrutineer {self.index}: no valid share from {missing}")
        self._secret_share = sum(self._received[i] for i in result.qualified) % group.ORDER
        verification_key = group.base_mul(self._secret_share)
        if verification_key != result.verification_keys[self.index]:
            raise ValueError(f"scrutineer {self.index}: share disagrees with the transcript")
        return verification_key

    def decrypt(
        self, context: ElectionContext, ciphertexts: list[Ciphertext]
    ) -> list[DecryptionShare]:
        """This scrutineer's part of decrypting each ciphertext, each with its proof."""
        if self._secret_share is None:
            raise ValueError(f"scrutineer {self.index} has no key share yet")
        key = group.base_mul(self._secret_share)
        shares = []
        for ciphertext in ciphertexts:
            share = group.mul(self._secret_share, ciphertext.alpha)
            proof = prove_decryption(
                context,
                scrutineer=self.index,
                secret=self._secret_share,
                verification_key=key,
                alpha=ciphertext.alpha,
                share=share,
                nonces=self._nonces,
            )
            shares.append(DecryptionShare(self.index, share, proof))
        return shares

    def _evaluate(self, x: int) -> int:
        value = 0
        for a in reversed(self._coefficients):
            value = (value * x + a) % group.ORDER
        return value

    def _pad(self, recipient: int, recipient_key: bytes) -> int:
        shared = group.mul(self._transport_secret, recipient_key)
        return _pad(self.parameters.digest, self.index, recipient, shared)

    def _pad_from(self, dealer: int, dealer_key: bytes) -> int:
        shared = group.mul(self._transport_secret, dealer_key)
        return _pad(self.parameters.digest, dealer, self.index, shared)


def _pad(ceremony_digest: bytes, dealer: int, recipient: int, shared: bytes) -> int:
    return transcript_hash(PAD_TAG, ceremony_digest, number(dealer), number(recipient), shared)
