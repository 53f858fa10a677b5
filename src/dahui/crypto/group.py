"""The ristretto255 group through libsodium (pysodium binding).

libsodium refuses a zero scalar and an identity result in its scalar multiplications, but
exponential ElGamal meets both all the time (a vote of 0 encrypts g^0, a proof response can be
0 with negligible but real probability), so multiplication here handles them before calling
libsodium: a zero scalar or the identity point gives the identity, which is the right answer in
a prime-order group. Any other identity result would be a libsodium failure and raises.
"""

from __future__ import annotations

import hashlib
import re

import pysodium

ORDER = 2**252 + 27742317777372353535851937790883648493
POINT_BYTES = 32
IDENTITY = bytes(POINT_BYTES)
_HEX32 = re.compile("[0-9a-f]{64}")


class GroupError(ValueError):
    """A byte string that is not a canonical ristretto255 point or scalar."""


def scalar_bytes(scalar: int) -> bytes:
    return (scalar % ORDER).to_bytes(32, "little")


def base_mul(scalar: int) -> bytes:
    scalar %= ORDER
    if scalar == 0:
        return IDENTITY
    return pysodium.crypto_scalarmult_ristretto255_base(scalar.to_bytes(32, "little"))


def mul(scalar: int, point: bytes) -> bytes:
    scalar %= ORDER
    if scalar == 0 or point == IDENTITY:
        return IDENTITY
    return pysodium.crypto_scalarmult_ristretto255(scalar.to_bytes(32, "little"), point)


def add(p: bytes, q: bytes) -> bytes:
    return pysodium.crypto_core_ristretto255_add(p, q)


def sub(p: bytes, q: bytes) -> bytes:
    return pysodium.crypto_core_ristretto255_sub(p, q)


def neg(p: bytes) -> bytes:
    return sub(IDENTITY, p)


GENERATOR = base_mul(1)


def small_multiple(m: int) -> bytes:
    """g^m for a small non-negative integer m (a vote count or a choice)."""
    return base_mul(m)


def is_point(data: bytes) -> bool:
    """Whether `data` is the canonical encoding of a ristretto255 point.

    libsodium 1.0.18's check ignores bit 255 (the top bit of the last byte), so it accepts a
    second, non-canonical encoding of every point; RFC 9496 refuses it, and so does this. The
    other non-canonical forms (s ≥ p, s negative) libsodium refuses itself.
    """
    if len(data) != POINT_BYTES or data[31] & 0x80:
        return False
    return data == IDENTITY or pysodium.crypto_core_ristretto255_is_valid_point(data)


def _hex32(text: object, where: str) -> bytes:
    # Exactly one spelling per value (64 lowercase hex digits), so that a ballot's bytes and
    # its hashed JSON text cannot diverge.
    if not isinstance(text, str) or not _HEX32.fullmatch(text):
        raise GroupError(f"{where}: not a 32-byte lowercase hex string")
    return bytes.fromhex(text)


def decode_point(text: object, *, where: str) -> bytes:
    """A point from its hex encoding, refused unless it is the canonical encoding of a group
    element (RFC 9496: s < p, s non-negative, bit 255 clear, a valid point)."""
    data = _hex32(text, where)
    if not is_point(data):
        raise GroupError(f"{where}: not a valid ristretto255 point")
    return data


def decode_scalar(text: object, *, where: str) -> int:
    """A scalar from its 32-byte little-endian hex encoding, refused unless reduced."""
    value = int.from_bytes(_hex32(text, where), "little")
    if value >= ORDER:
        raise GroupError(f"{where}: scalar not reduced modulo the group order")
    return value


def encode_scalar(scalar: int) -> str:
    return scalar_bytes(scalar).hex()


def hash_to_scalar(data: bytes) -> int:
    return int.from_bytes(hashlib.sha512(data).digest(), "little") % ORDER


def hash_to_point(label: bytes) -> bytes:
    """A point nobody knows the discrete logarithm of (libsodium's ristretto255 hash-to-group)."""
    return pysodium.crypto_core_ristretto255_from_hash(hashlib.sha512(label).digest())
