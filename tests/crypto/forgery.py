"""Ballots a cheating voting device might produce, for the tests to throw at the verifier."""

from __future__ import annotations

from dataclasses import replace

from dahui.crypto import elgamal
from dahui.crypto.ballot import EncryptedBallot, Selection
from dahui.crypto.nonces import system_nonces
from dahui.crypto.proofs import prove_range


def selection_with_bits(context, candidate: str, for_bit: int, against_bit: int) -> Selection:
    """A selection whose two bit proofs are genuine; its sum proof is genuine only if the
    bits add up to 0 or 1, else it is a genuine proof for some other ciphertext."""
    h = context.public_key
    r_f, r_a = system_nonces(), system_nonces()
    ct_f, ct_a = elgamal.encrypt(for_bit, r_f, h), elgamal.encrypt(against_bit, r_a, h)

    def prove(ct, m, r, what):
        return prove_range(
            context,
            ct,
            message=m,
            nonce=r,
            bound=1,
            statement=f"{candidate}/{what}",
            nonces=system_nonces,
        )

    total = for_bit + against_bit
    if total <= 1:
        sum_proof = prove(elgamal.add(ct_f, ct_a), total, r_f + r_a, "sum")
    else:
        sum_proof = prove(ct_f, 1, r_f, "sum")
    return Selection(
        candidate,
        ct_f,
        ct_a,
        prove(ct_f, for_bit, r_f, "for"),
        prove(ct_a, against_bit, r_a, "against"),
        sum_proof,
    )


def with_selection(ballot: EncryptedBallot, index: int, selection: Selection) -> EncryptedBallot:
    selections = list(ballot.selections)
    selections[index] = selection
    return replace(ballot, selections=tuple(selections))
