"""Ballots a cheating voting device might produce, for the tests to throw at the verifier."""

from __future__ import annotations

from dataclasses import replace

from dahui.crypto import elgamal, group
from dahui.crypto.ballot import MARK_BRANCH, EncryptedBallot, Selection
from dahui.crypto.nonces import system_nonces
from dahui.crypto.proofs import mark_challenge, mark_weight, prove_disjunction


def selection_with_bits(context, candidate: str, for_bit: int, against_bit: int) -> Selection:
    """A selection encrypting the two bits, with a genuine mark proof when (for, against) is
    a valid pair; otherwise the proof is a genuine one for the same `for` ciphertext and an
    encryption of 0 as `against` (the best a cheating device can do)."""
    h = context.public_key
    r_f, r_a = system_nonces(), system_nonces()
    ct_f, ct_a = elgamal.encrypt(for_bit, r_f, h), elgamal.encrypt(against_bit, r_a, h)
    honest_against = against_bit if (for_bit, against_bit) in MARK_BRANCH else 0
    proven_a = elgamal.encrypt(honest_against, r_a, h)
    t = mark_weight(context, candidate, ct_f, proven_a)
    combined = elgamal.add(
        ct_f, elgamal.Ciphertext(group.mul(t, proven_a.alpha), group.mul(t, proven_a.beta))
    )
    proof = prove_disjunction(
        combined,
        values=[0, 1, t],
        index=MARK_BRANCH.get((for_bit, honest_against), 1),
        nonce=(r_f + t * r_a) % group.ORDER,
        public_key=h,
        nonces=system_nonces,
        challenge=lambda commitments: mark_challenge(
            context, candidate, ct_f, proven_a, commitments
        ),
    )
    return Selection(candidate, ct_f, ct_a, proof)


def with_selection(ballot: EncryptedBallot, index: int, selection: Selection) -> EncryptedBallot:
    selections = list(ballot.selections)
    selections[index] = selection
    return replace(ballot, selections=tuple(selections))
