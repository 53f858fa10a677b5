"""Where the secret random scalars come from.

Production draws them from the operating system. Test vectors shared with the browser module
derive them from a seed, in a fixed order, so that Python and JavaScript must produce the very
same bytes for the same ballot.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable

from dahui.crypto.group import ORDER

NonceSource = Callable[[], int]


def system_nonces() -> int:
    return secrets.randbelow(ORDER - 1) + 1


class SeededNonces:
    """The n-th scalar is SHA-512("dahui/nonce" ‖ seed ‖ n as 8 bytes big-endian) mod ℓ."""

    def __init__(self, seed: bytes) -> None:
        self._seed = seed
        self._counter = 0

    def __call__(self) -> int:
        digest = hashlib.sha512(
            b"dahui/nonce" + self._seed + self._counter.to_bytes(8, "big")
        ).digest()
        self._counter += 1
        return int.from_bytes(digest, "little") % ORDER
