"""Batch verification of version-2 ballots: the native engine (one weighted multi-scalar
multiplication per batch) and the pure-Python engine give the same verdicts and name the
same bad ballots; non-canonical encodings are refused on both."""

from __future__ import annotations

import json
import random

import pytest

from dahui.crypto import elgamal, group
from dahui.crypto.ballot import EncryptedBallot, encrypt_ballot
from dahui.crypto.batch import BATCH_SIZE, BatchVerifier, native_available
from dahui.crypto.context import ElectionContext

from .conftest import COMMITTEE, MOTION
from .forgery import selection_with_bits, with_selection

BIG = {
    "kind": "election",
    "title": "基层工会委员会委员",
    "seats": 4,
    "entitled": 100,
    "issued": 90,
    "candidates": [{"id": f"c{i}", "name": f"候选人{i}"} for i in range(1, 9)],
}


def _choices(rng: random.Random, ids: list[str], seats: int) -> dict[str, str]:
    marks = {i: "for" for i in rng.sample(ids, rng.randint(0, seats))}
    for i in ids:
        if i not in marks and rng.random() < 0.3:
            marks[i] = "against"
    return marks


@pytest.fixture(scope="module")
def big_context(committee):
    return ElectionContext(BIG, committee.box.context.public_key)


@pytest.fixture(scope="module")
def sixty_four(big_context):
    """BATCH_SIZE honest ballots as JSON objects, and their plain sum."""
    rng = random.Random(64)
    ids = [c["id"] for c in BIG["candidates"]]
    ballots = [
        encrypt_ballot(big_context, _choices(rng, ids, BIG["seats"]))[0] for _ in range(BATCH_SIZE)
    ]
    return [json.loads(json.dumps(b.to_json())) for b in ballots]


def _check(context, engine, ballots):
    checker = BatchVerifier(context, engine)
    for n, data in enumerate(ballots):
        checker.add(n, data)
    outcomes = checker.outcomes()
    bad = {n: o.problems for n, o in outcomes.items() if o.problems}
    return bad, [o.digest for _, o in sorted(outcomes.items())], checker.totals()


def test_a_batch_of_64_honest_ballots_verifies_on_both_engines_with_the_same_sums(
    big_context, sixty_four, engine
):
    bad, digests, totals = _check(big_context, engine, sixty_four)
    assert bad == {}
    expected = [EncryptedBallot.from_json(b, where="b") for b in sixty_four]
    assert digests == [b.digest() for b in expected]
    for k in range(len(BIG["candidates"])):
        assert totals[2 * k] == elgamal.add_all([b.selections[k].for_ for b in expected])
        assert totals[2 * k + 1] == elgamal.add_all([b.selections[k].against for b in expected])


def test_one_bad_proof_in_a_batch_of_64_is_found_and_named(big_context, sixty_four, engine):
    ballots = [json.loads(json.dumps(b)) for b in sixty_four]
    # Ballot 37: c5's mark proof gets one response changed, the challenges still add up.
    branch = ballots[37]["selections"][4]["proof"][2]
    branch[3] = group.encode_scalar(group.decode_scalar(branch[3], where="v") + 1)
    bad, _, totals = _check(big_context, engine, ballots)
    assert bad == {37: [("c5", "mark")]}
    # The bad ballot is not added into the totals; the 63 others are.
    good = [EncryptedBallot.from_json(b, where="b") for n, b in enumerate(ballots) if n != 37]
    assert totals[0] == elgamal.add_all([b.selections[0].for_ for b in good])


def test_a_double_mark_and_an_over_vote_in_one_batch_are_both_named(
    big_context, sixty_four, engine
):
    ballots = [json.loads(json.dumps(b)) for b in sixty_four]
    honest = EncryptedBallot.from_json(ballots[3], where="b")
    ballots[3] = with_selection(honest, 1, selection_with_bits(big_context, "c2", 1, 1)).to_json()
    full, _ = encrypt_ballot(big_context, {f"c{i}": "for" for i in range(1, 5)})
    over = with_selection(full, 4, selection_with_bits(big_context, "c5", 1, 0))
    ballots[60] = over.to_json()
    bad, _, _ = _check(big_context, engine, ballots)
    assert bad == {3: [("c2", "mark"), ("-", "limit")], 60: [("-", "limit")]}


def test_a_commitment_swapped_between_branches_fails(big_context, sixty_four, engine):
    ballots = [json.loads(json.dumps(b)) for b in sixty_four[:5]]
    proof = ballots[2]["selections"][0]["proof"]
    proof[0][0], proof[1][0] = proof[1][0], proof[0][0]
    bad, _, _ = _check(big_context, engine, ballots)
    assert bad == {2: [("c1", "mark")]}


def test_a_proof_replayed_from_another_ballot_fails(big_context, sixty_four, engine):
    ballots = [json.loads(json.dumps(b)) for b in sixty_four[:8]]
    ballots[6]["selections"][2]["proof"] = ballots[5]["selections"][2]["proof"]
    bad, _, _ = _check(big_context, engine, ballots)
    assert bad == {6: [("c3", "mark")]}


def _with_top_bit(hex_point: str) -> str:
    data = bytearray(bytes.fromhex(hex_point))
    data[31] |= 0x80
    return data.hex()


def test_a_point_with_bit_255_set_is_refused_by_decode_point():
    # libsodium 1.0.18 accepts this second encoding of the generator; RFC 9496 does not.
    assert group.is_point(group.GENERATOR)
    with pytest.raises(group.GroupError, match="not a valid ristretto255 point"):
        group.decode_point(_with_top_bit(group.GENERATOR.hex()), where="p")
    with pytest.raises(group.GroupError):
        group.decode_point(_with_top_bit(group.IDENTITY.hex()), where="p")


@pytest.mark.parametrize(
    "encoding",
    [
        pytest.param(lambda p: _with_top_bit(p), id="bit-255"),
        # s = p + 1 (an unreduced field element) and s = 1 (negative: odd).
        pytest.param(lambda p: ((1 << 255) - 18).to_bytes(32, "little").hex(), id="s-ge-p"),
        pytest.param(lambda p: (1).to_bytes(32, "little").hex(), id="s-negative"),
    ],
)
def test_non_canonical_points_in_a_ballot_are_refused_by_both_engines(
    big_context, sixty_four, engine, encoding
):
    ballots = [json.loads(json.dumps(b)) for b in sixty_four[:4]]
    ballots[1]["selections"][0]["proof"][1][0] = encoding(
        ballots[1]["selections"][0]["proof"][1][0]
    )
    bad, digests, _ = _check(big_context, engine, ballots)
    assert list(bad) == [1]
    [(_, problem)] = bad[1]
    assert problem.startswith("unreadable: ballot.selections[0].proof[1].a: not a valid")
    assert digests[1] == b""


@pytest.mark.skipif(not native_available(), reason="the native verifier is not built")
def test_the_native_extension_refuses_non_canonical_points_itself():
    import dahui_native

    assert dahui_native.is_canonical_point(group.GENERATOR)
    assert not dahui_native.is_canonical_point(bytes.fromhex(_with_top_bit(group.GENERATOR.hex())))
    assert not dahui_native.is_canonical_point(((1 << 255) - 18).to_bytes(32, "little"))


def test_a_non_canonical_scalar_is_refused_by_both_engines(big_context, sixty_four, engine):
    ballots = [json.loads(json.dumps(b)) for b in sixty_four[:3]]
    v = group.decode_scalar(ballots[0]["limit"][0][3], where="v")
    ballots[0]["limit"][0][3] = (v + group.ORDER).to_bytes(32, "little").hex()
    bad, _, _ = _check(big_context, engine, ballots)
    assert bad == {
        0: [("-", "unreadable: ballot.limit[0].v: scalar not reduced modulo the group order")]
    }


def test_unreadable_shapes_are_named_the_same_on_both_engines(big_context, sixty_four):
    def broken():
        ballots = [json.loads(json.dumps(b)) for b in sixty_four[:6]]
        ballots[0]["selections"][0]["for"] = {"x": 1, "y": 2}
        ballots[1]["selections"][1]["proof"][0][2] = ballots[1]["selections"][1]["proof"][0][
            2
        ].upper()
        ballots[2]["limit"] = None
        ballots[3]["selections"] = ballots[3]["selections"][::-1]
        ballots[4] = []
        return ballots

    python, _, _ = _check(big_context, "python", broken())
    if native_available():
        native, _, _ = _check(big_context, "native", broken())
        assert native == python
    assert sorted(python) == [0, 1, 2, 3, 4]
    assert python[2] == [("-", "limit")]
    assert python[3] == [("-", "layout")]


def test_motion_ballots_batch_without_a_limit_proof(committee, engine):
    context = ElectionContext(MOTION, committee.box.context.public_key)
    ballots = [
        encrypt_ballot(context, {"motion": vote})[0].to_json()
        for vote in ("for", "against", "abstain", "for")
    ]
    bad, _, totals = _check(context, engine, ballots)
    assert bad == {}
    assert len(totals) == 2


def test_a_ballot_for_another_election_fails_in_a_batch(committee, big_context, engine):
    context = committee.box.context
    ballot = encrypt_ballot(context, {"c1": "for"})[0].to_json()
    other = ElectionContext({**COMMITTEE, "issued": 381}, context.public_key)
    bad, _, _ = _check(other, engine, [ballot])
    assert bad == {0: [("c1", "mark"), ("c2", "mark"), ("c3", "mark"), ("-", "limit")]}
