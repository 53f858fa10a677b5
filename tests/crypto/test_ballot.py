import json

import pytest

from dahui.crypto import elgamal, group
from dahui.crypto.ballot import (
    BallotError,
    BallotProblem,
    EncryptedBallot,
    audit_problems,
    ballot_problems,
    encrypt_ballot,
)
from dahui.crypto.context import ElectionContext

from .conftest import MOTION
from .forgery import selection_with_bits, with_selection


def test_an_honest_ballot_has_no_problems(context):
    ballot, _ = encrypt_ballot(context, {"c1": "for", "c2": "against"})
    assert ballot_problems(context, ballot) == []


def test_a_blank_ballot_and_a_full_ballot_are_both_valid(context):
    for choices in ({}, {"c1": "for", "c3": "for", "c2": "against"}):
        ballot, _ = encrypt_ballot(context, choices)
        assert ballot_problems(context, ballot) == []


def test_a_ballot_survives_its_json_form(context):
    ballot, _ = encrypt_ballot(context, {"c3": "for"})
    again = EncryptedBallot.from_json(json.loads(json.dumps(ballot.to_json())), where="b")
    assert again == ballot
    assert again.digest() == ballot.digest()


def test_the_device_refuses_to_encrypt_an_over_vote_or_an_unknown_mark(context):
    with pytest.raises(BallotError, match="3 candidates marked for, more than the 2 seats"):
        encrypt_ballot(context, {"c1": "for", "c2": "for", "c3": "for"})
    with pytest.raises(BallotError, match="c1: mark must be"):
        encrypt_ballot(context, {"c1": "yes"})
    with pytest.raises(BallotError, match="not on this ballot: c9"):
        encrypt_ballot(context, {"c9": "for"})


def test_a_double_mark_fails_the_mark_proof_of_that_candidate(context):
    ballot, _ = encrypt_ballot(context, {})
    forged = with_selection(ballot, 1, selection_with_bits(context, "c2", 1, 1))
    # The new `for` ciphertext also no longer matches the ballot's limit proof.
    assert ballot_problems(context, forged) == [
        BallotProblem("c2", "mark"),
        BallotProblem(None, "limit"),
    ]


def test_an_encrypted_two_fails_the_mark_proof(context):
    ballot, _ = encrypt_ballot(context, {"c1": "for"})
    selection = ballot.selections[0]
    doubled = elgamal.add(selection.for_, elgamal.encrypt(1, 0, context.public_key))
    forged = with_selection(
        ballot, 0, selection.__class__(**{**selection.__dict__, "for_": doubled})
    )
    problems = ballot_problems(context, forged)
    assert BallotProblem("c1", "mark") in problems


def test_an_over_vote_fails_the_limit_proof(context):
    ballot, _ = encrypt_ballot(context, {"c1": "for", "c2": "for"})
    forged = with_selection(ballot, 2, selection_with_bits(context, "c3", 1, 0))
    assert ballot_problems(context, forged) == [BallotProblem(None, "limit")]


def test_a_mangled_point_is_refused_when_the_ballot_is_read(context):
    data = encrypt_ballot(context, {})[0].to_json()
    data["selections"][0]["for"][1] = "ff" * 32
    with pytest.raises(group.GroupError, match=r"b.selections\[0\].for.beta"):
        EncryptedBallot.from_json(data, where="b")


def test_a_ballot_for_another_election_fails_every_proof(context, committee):
    ballot, _ = encrypt_ballot(context, {"c1": "for"})
    other = ElectionContext({**context.manifest, "issued": 381}, context.public_key)
    assert len(ballot_problems(other, ballot)) == 3 + 1


def test_swapped_selections_are_refused_as_a_wrong_layout(context):
    ballot, _ = encrypt_ballot(context, {"c1": "for"})
    swapped = ballot.__class__(ballot.selections[::-1], ballot.limit_proof)
    assert ballot_problems(context, swapped) == [BallotProblem(None, "layout")]


def test_a_motion_ballot_is_one_three_way_choice_without_a_limit_proof(committee):
    context = ElectionContext(MOTION, committee.box.context.public_key)
    for vote in ("for", "against", "abstain"):
        ballot, secrets = encrypt_ballot(context, {"motion": vote})
        assert ballot.limit_proof is None
        assert ballot_problems(context, ballot) == []
        assert audit_problems(context, ballot, secrets) == []
    forged = with_selection(ballot, 0, selection_with_bits(context, "motion", 1, 1))
    assert ballot_problems(context, forged) == [BallotProblem("motion", "mark")]


def test_a_spoiled_ballot_audits_against_what_the_voter_saw_and_nothing_else(context):
    ballot, secrets = encrypt_ballot(context, {"c1": "for", "c2": "against"})
    assert audit_problems(context, ballot, secrets) == []
    lied = secrets.__class__({**secrets.choices, "c1": "against"}, secrets.nonces)
    assert audit_problems(context, ballot, lied) == ["c1"]
