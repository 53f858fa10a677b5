import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dahui.crypto import elgamal, group
from dahui.crypto.context import ElectionContext
from dahui.crypto.nonces import system_nonces
from dahui.crypto.proofs import ProofError, prove_range, verify_range

from .conftest import COMMITTEE


def _proven(context, message, bound, statement="c1/for"):
    nonce = system_nonces()
    ciphertext = elgamal.encrypt(message, nonce, context.public_key)
    proof = prove_range(
        context,
        ciphertext,
        message=message,
        nonce=nonce,
        bound=bound,
        statement=statement,
        nonces=system_nonces,
    )
    return ciphertext, proof


@settings(max_examples=15, deadline=None)
@given(st.data())
def test_a_proof_for_any_value_in_range_verifies(context, data):
    bound = data.draw(st.integers(1, 4))
    message = data.draw(st.integers(0, bound))
    ciphertext, proof = _proven(context, message, bound)
    assert verify_range(context, ciphertext, proof, bound=bound, statement="c1/for")


def test_a_value_outside_the_range_cannot_be_proven(context):
    with pytest.raises(ProofError, match=r"2 is outside 0\.\.1"):
        _proven(context, 2, 1)


def test_a_proof_moved_onto_a_ciphertext_of_two_fails(context):
    ciphertext, proof = _proven(context, 1, 1)
    two = elgamal.add(ciphertext, elgamal.encrypt(1, 0, context.public_key))
    assert not verify_range(context, two, proof, bound=1, statement="c1/for")


def test_a_proof_replayed_onto_another_ciphertext_fails(context):
    ciphertext, proof = _proven(context, 1, 1)
    other, _ = _proven(context, 1, 1)
    assert verify_range(context, ciphertext, proof, bound=1, statement="c1/for")
    assert not verify_range(context, other, proof, bound=1, statement="c1/for")


def test_a_proof_replayed_into_another_election_fails(context):
    ciphertext, proof = _proven(context, 0, 1)
    renamed = ElectionContext({**COMMITTEE, "title": "另一场选举"}, context.public_key)
    other_key = ElectionContext(COMMITTEE, group.base_mul(7))
    assert not verify_range(renamed, ciphertext, proof, bound=1, statement="c1/for")
    assert not verify_range(other_key, ciphertext, proof, bound=1, statement="c1/for")


def test_a_proof_for_one_candidate_fails_for_another(context):
    ciphertext, proof = _proven(context, 1, 1, statement="c1/for")
    assert not verify_range(context, ciphertext, proof, bound=1, statement="c2/for")


@settings(max_examples=20, deadline=None)
@given(branch=st.integers(0, 1), part=st.integers(0, 1), delta=st.integers(1, 2**64))
def test_changing_any_number_of_a_proof_breaks_it(context, branch, part, delta):
    ciphertext, proof = _proven(context, 1, 1)
    pair = list(proof[branch])
    pair[part] = (pair[part] + delta) % group.ORDER
    forged = list(proof)
    forged[branch] = (pair[0], pair[1])
    assert not verify_range(context, ciphertext, forged, bound=1, statement="c1/for")


def test_a_proof_with_a_missing_branch_fails(context):
    ciphertext, proof = _proven(context, 0, 2)
    assert not verify_range(context, ciphertext, proof[:2], bound=2, statement="c1/for")
