"""Zero-knowledge proofs, all non-interactive through `ElectionContext.challenge`.

- Range proof (disjunctive Chaum–Pedersen, Cramer–Damgård–Schoenmakers OR-composition): the
  ciphertext (α, β) encrypts one of 0, 1, …, k. For k = 1 it is the 0/1 proof of a mark; with
  k = seats over the sum of a ballot's `for` ciphertexts it bounds the `for` marks. Branch j
  states that (α, β − j·G) is a Diffie–Hellman tuple over (G, H). The proof is the list of
  (c_j, v_j); the verifier recomputes a_j = v_j·G − c_j·α and b_j = v_j·H − c_j·(β − j·G) and
  checks that the c_j add up to the challenge over the statement and all (a_j, b_j).
- Decryption proof (Chaum–Pedersen equality of discrete logs): a share M = x·α was made with
  the same x as the scrutineer's verification key K = x·G.
- Schnorr proof of knowledge of a discrete logarithm (the key ceremony's coefficients).
"""

from __future__ import annotations

from collections.abc import Callable

from dahui.crypto import group
from dahui.crypto.context import ElectionContext, label, number, transcript_hash
from dahui.crypto.elgamal import Ciphertext
from dahui.crypto.nonces import NonceSource

RangeProof = list[tuple[int, int]]

RANGE_TAG = "range"
DECRYPTION_TAG = "decryption-share"
SCHNORR_TAG = "coefficient"


class ProofError(ValueError):
    """A proof that does not verify."""


def prove_range(
    context: ElectionContext,
    ciphertext: Ciphertext,
    *,
    message: int,
    nonce: int,
    bound: int,
    statement: str,
    nonces: NonceSource,
) -> RangeProof:
    if not 0 <= message <= bound:
        raise ProofError(f"{statement}: {message} is outside 0..{bound}")
    alpha, beta = ciphertext
    h = context.public_key
    w = nonces()
    simulated: dict[int, tuple[int, int]] = {}
    for j in range(bound + 1):
        if j != message:
            simulated[j] = (nonces(), nonces())
    commitments: list[bytes] = []
    shifted = beta
    for j in range(bound + 1):
        if j:
            shifted = group.sub(shifted, group.GENERATOR)
        if j == message:
            commitments += [group.base_mul(w), group.mul(w, h)]
        else:
            c_j, v_j = simulated[j]
            commitments += [
                group.sub(group.base_mul(v_j), group.mul(c_j, alpha)),
                group.sub(group.mul(v_j, h), group.mul(c_j, shifted)),
            ]
    challenge = _range_challenge(context, ciphertext, bound, statement, commitments)
    c_real = (challenge - sum(c for c, _ in simulated.values())) % group.ORDER
    proof: RangeProof = []
    for j in range(bound + 1):
        if j == message:
            proof.append((c_real, (w + c_real * nonce) % group.ORDER))
        else:
            proof.append(simulated[j])
    return proof


def verify_range(
    context: ElectionContext,
    ciphertext: Ciphertext,
    proof: RangeProof,
    *,
    bound: int,
    statement: str,
) -> bool:
    if len(proof) != bound + 1:
        return False
    alpha, beta = ciphertext
    h = context.public_key
    commitments: list[bytes] = []
    shifted = beta
    total = 0
    for j, (c_j, v_j) in enumerate(proof):
        if j:
            shifted = group.sub(shifted, group.GENERATOR)
        commitments.append(group.sub(group.base_mul(v_j), group.mul(c_j, alpha)))
        commitments.append(group.sub(group.mul(v_j, h), group.mul(c_j, shifted)))
        total += c_j
    expected = _range_challenge(context, ciphertext, bound, statement, commitments)
    return total % group.ORDER == expected


def _range_challenge(
    context: ElectionContext,
    ciphertext: Ciphertext,
    bound: int,
    statement: str,
    commitments: list[bytes],
) -> int:
    return context.challenge(
        RANGE_TAG,
        label(statement),
        number(bound),
        ciphertext.alpha,
        ciphertext.beta,
        *commitments,
    )


def prove_decryption(
    context: ElectionContext,
    *,
    scrutineer: int,
    secret: int,
    verification_key: bytes,
    alpha: bytes,
    share: bytes,
    nonces: NonceSource,
) -> tuple[int, int]:
    w = nonces()
    a, b = group.base_mul(w), group.mul(w, alpha)
    c = _decryption_challenge(context, scrutineer, verification_key, alpha, share, a, b)
    return c, (w + c * secret) % group.ORDER


def verify_decryption(
    context: ElectionContext,
    proof: tuple[int, int],
    *,
    scrutineer: int,
    verification_key: bytes,
    alpha: bytes,
    share: bytes,
) -> bool:
    c, v = proof
    a = group.sub(group.base_mul(v), group.mul(c, verification_key))
    b = group.sub(group.mul(v, alpha), group.mul(c, share))
    return c == _decryption_challenge(context, scrutineer, verification_key, alpha, share, a, b)


def _decryption_challenge(
    context: ElectionContext,
    scrutineer: int,
    verification_key: bytes,
    alpha: bytes,
    share: bytes,
    a: bytes,
    b: bytes,
) -> int:
    return context.challenge(
        DECRYPTION_TAG, number(scrutineer), verification_key, alpha, share, a, b
    )


def prove_knowledge(
    ceremony_digest: bytes, *, dealer: int, position: int, secret: int, nonces: NonceSource
) -> tuple[int, int]:
    w = nonces()
    public = group.base_mul(secret)
    commitment = group.base_mul(w)
    c = transcript_hash(
        SCHNORR_TAG, ceremony_digest, number(dealer), number(position), public, commitment
    )
    return c, (w + c * secret) % group.ORDER


def verify_knowledge(
    ceremony_digest: bytes, proof: tuple[int, int], *, dealer: int, position: int, public: bytes
) -> bool:
    c, v = proof
    commitment = group.sub(group.base_mul(v), group.mul(c, public))
    return c == transcript_hash(
        SCHNORR_TAG, ceremony_digest, number(dealer), number(position), public, commitment
    )


# Record format version 2: proofs carry their commitments (docs/election-record.md).

Branch = tuple[bytes, bytes, int, int]
"""One branch of a version-2 disjunctive proof: commitments a, b, challenge c, response v."""

MARK_TAG = "mark"
MARK_WEIGHT_TAG = "mark-weight"
LIMIT_TAG = "limit"


def prove_disjunction(
    ciphertext: Ciphertext,
    *,
    values: list[int],
    index: int,
    nonce: int,
    public_key: bytes,
    nonces: NonceSource,
    challenge: Callable[[list[bytes]], int],
) -> tuple[Branch, ...]:
    """Proof that `ciphertext` encrypts values[index] under `public_key` with `nonce`, hiding
    which of `values` it is: branch j states that (α, β − m_j·G) is a Diffie–Hellman tuple over
    (G, H). Nonces are drawn as w, then (c_j, v_j) for every other branch in increasing j.
    `challenge` hashes the statement with the commitments (a_0, b_0, a_1, b_1, …)."""
    alpha, beta = ciphertext
    h = public_key
    w = nonces()
    simulated = {j: (nonces(), nonces()) for j in range(len(values)) if j != index}
    commitments: list[bytes] = []
    for j, m in enumerate(values):
        if j == index:
            commitments += [group.base_mul(w), group.mul(w, h)]
        else:
            c_j, v_j = simulated[j]
            shifted = group.sub(beta, group.base_mul(m))
            commitments += [
                group.sub(group.base_mul(v_j), group.mul(c_j, alpha)),
                group.sub(group.mul(v_j, h), group.mul(c_j, shifted)),
            ]
    e = challenge(commitments)
    c_real = (e - sum(c for c, _ in simulated.values())) % group.ORDER
    proof = []
    for j in range(len(values)):
        c_j, v_j = (c_real, (w + c_real * nonce) % group.ORDER) if j == index else simulated[j]
        proof.append((commitments[2 * j], commitments[2 * j + 1], c_j, v_j))
    return tuple(proof)


def disjunction_holds(
    ciphertext: Ciphertext,
    proof: tuple[Branch, ...],
    *,
    values: list[int],
    public_key: bytes,
    challenge: Callable[[list[bytes]], int],
) -> bool:
    """The pure-Python check of a version-2 disjunctive proof: the challenges add up to the
    hash of the statement and commitments, and every branch's two equations hold."""
    if len(proof) != len(values):
        return False
    commitments = [point for a, b, _, _ in proof for point in (a, b)]
    if sum(c for _, _, c, _ in proof) % group.ORDER != challenge(commitments):
        return False
    alpha, beta = ciphertext
    for (a, b, c, v), m in zip(proof, values, strict=True):
        if group.sub(group.base_mul(v), group.mul(c, alpha)) != a:
            return False
        shifted = group.sub(beta, group.base_mul(m))
        if group.sub(group.mul(v, public_key), group.mul(c, shifted)) != b:
            return False
    return True


def mark_weight(
    context: ElectionContext, selection: str, for_: Ciphertext, against: Ciphertext
) -> int:
    """t of the combined statement `for + t·against encrypts 0, 1 or t` (a hash of the pair).
    The four points are one transcript item (fixed length), as are the commitments below."""
    return context.challenge(MARK_WEIGHT_TAG, label(selection), b"".join((*for_, *against)))


def mark_challenge(
    context: ElectionContext,
    selection: str,
    for_: Ciphertext,
    against: Ciphertext,
    commitments: list[bytes],
) -> int:
    return context.challenge(
        MARK_TAG, label(selection), b"".join((*for_, *against)), b"".join(commitments)
    )


def limit_challenge(
    context: ElectionContext, bound: int, fors: list[Ciphertext], commitments: list[bytes]
) -> int:
    """The limit proof hashes every `for` ciphertext (its statement is their sum)."""
    return context.challenge(
        LIMIT_TAG,
        number(bound),
        b"".join(point for ct in fors for point in ct),
        b"".join(commitments),
    )
