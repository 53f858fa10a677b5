"""Exponential ElGamal: a message m is encrypted as (r·G, m·G + r·H), so adding ciphertexts adds
the messages and the totals are decrypted as small discrete logarithms."""

from __future__ import annotations

from typing import NamedTuple

from dahui.crypto import group


class Ciphertext(NamedTuple):
    alpha: bytes
    beta: bytes

    def to_json(self) -> list[str]:
        return [self.alpha.hex(), self.beta.hex()]

    @classmethod
    def from_json(cls, data: object, *, where: str) -> Ciphertext:
        if not isinstance(data, list) or len(data) != 2:
            raise group.GroupError(f"{where}: a ciphertext is a list of two points")
        return cls(
            group.decode_point(data[0], where=f"{where}.alpha"),
            group.decode_point(data[1], where=f"{where}.beta"),
        )


ZERO = Ciphertext(group.IDENTITY, group.IDENTITY)


def encrypt(message: int, nonce: int, public_key: bytes) -> Ciphertext:
    return Ciphertext(
        group.base_mul(nonce),
        group.add(group.small_multiple(message), group.mul(nonce, public_key)),
    )


def add(x: Ciphertext, y: Ciphertext) -> Ciphertext:
    return Ciphertext(group.add(x.alpha, y.alpha), group.add(x.beta, y.beta))


def add_all(ciphertexts: list[Ciphertext]) -> Ciphertext:
    total = ZERO
    for ciphertext in ciphertexts:
        total = add(total, ciphertext)
    return total
