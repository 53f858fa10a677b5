"""Threshold decryption: shares x_i·α with proofs, combined by Lagrange interpolation at 0."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dahui.crypto import group
from dahui.crypto.context import ElectionContext
from dahui.crypto.elgamal import Ciphertext
from dahui.crypto.proofs import verify_decryption


class DecryptionError(ValueError):
    """Too few shares, or a share that fails its proof (the message names the scrutineer)."""


@dataclass(frozen=True)
class DecryptionShare:
    scrutineer: int
    share: bytes  # x_i·α
    proof: tuple[int, int]

    def to_json(self) -> dict[str, object]:
        return {
            "scrutineer": self.scrutineer,
            "share": self.share.hex(),
            "proof": [group.encode_scalar(x) for x in self.proof],
        }

    @classmethod
    def from_json(cls, data: Any, *, where: str) -> DecryptionShare:
        if not isinstance(data, dict) or not isinstance(data.get("scrutineer"), int):
            raise group.GroupError(f"{where}: a decryption share names its scrutineer")
        proof = data.get("proof")
        if not isinstance(proof, list) or len(proof) != 2:
            raise group.GroupError(f"{where}.proof: a proof is [c, v]")
        return cls(
            data["scrutineer"],
            group.decode_point(data.get("share"), where=f"{where}.share"),
            (
                group.decode_scalar(proof[0], where=f"{where}.proof.c"),
                group.decode_scalar(proof[1], where=f"{where}.proof.v"),
            ),
        )


def share_is_valid(
    context: ElectionContext,
    share: DecryptionShare,
    ciphertext: Ciphertext,
    verification_keys: dict[int, bytes],
) -> bool:
    key = verification_keys.get(share.scrutineer)
    return key is not None and verify_decryption(
        context,
        share.proof,
        scrutineer=share.scrutineer,
        verification_key=key,
        alpha=ciphertext.alpha,
        share=share.share,
    )


def lagrange_at_zero(index: int, indices: list[int]) -> int:
    numerator, denominator = 1, 1
    for j in indices:
        if j != index:
            numerator = numerator * j % group.ORDER
            denominator = denominator * (j - index) % group.ORDER
    return numerator * pow(denominator, -1, group.ORDER) % group.ORDER


def combine(
    context: ElectionContext,
    ciphertext: Ciphertext,
    shares: list[DecryptionShare],
    *,
    verification_keys: dict[int, bytes],
    threshold: int,
    what: str,
) -> bytes:
    """m·G for the ciphertext, from any `threshold` valid shares; a bad share is named."""
    for share in shares:
        if not share_is_valid(context, share, ciphertext, verification_keys):
            raise DecryptionError(f"{what}: scrutineer {share.scrutineer}'s share fails its proof")
    indices = sorted({s.scrutineer for s in shares})
    if len(indices) < threshold:
        raise DecryptionError(
            f"{what}: shares from {len(indices)} scrutineers, {threshold} are needed"
        )
    used = indices[:threshold]
    by_index = {s.scrutineer: s.share for s in shares}
    mask = group.IDENTITY
    for i in used:
        mask = group.add(mask, group.mul(lagrange_at_zero(i, used), by_index[i]))
    return group.sub(ciphertext.beta, mask)
