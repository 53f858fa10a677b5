"""Cross-implementation vectors: ballots from the browser module verify here and are
re-created byte for byte from their seeds; Python's own vectors are current."""

import json

import pytest

from dahui.crypto import group
from dahui.crypto.ballot import EncryptedBallot, ballot_problems, encrypt_ballot
from dahui.crypto.batch import BatchVerifier
from dahui.crypto.context import ElectionContext
from dahui.crypto.nonces import SeededNonces
from dahui.crypto.tracker import chain_start, next_tracker

from .make_vectors import VECTORS, make_vectors


def _load(source):
    return json.loads((VECTORS / f"{source}.json").read_text(encoding="utf-8"))


def test_the_committed_python_vectors_are_what_the_python_side_makes_today():
    assert _load("python") == json.loads(json.dumps(make_vectors("python")))


@pytest.mark.parametrize("source", ["js", "python"])
def test_vector_ballots_verify_and_chain_and_recreate_byte_for_byte(source):
    vectors = _load(source)
    public_key = group.decode_point(vectors["public_key"], where="public_key")
    previous = {}
    for case in vectors["cases"]:
        manifest = vectors["manifests"][case["manifest"]]
        context = ElectionContext(manifest, public_key)
        assert context.digest.hex() == vectors["election_digests"][case["manifest"]]
        ballot = EncryptedBallot.from_json(case["ballot"], where=source)
        assert ballot_problems(context, ballot) == []
        assert ballot.digest().hex() == case["digest"]
        prev = previous.get(case["manifest"], chain_start(context.digest))
        assert next_tracker(context.digest, prev, ballot.digest()).hex() == case["tracker"]
        previous[case["manifest"]] = bytes.fromhex(case["tracker"])
        again, _ = encrypt_ballot(
            context, case["choices"], nonces=SeededNonces(bytes.fromhex(case["seed"]))
        )
        assert again.to_json() == case["ballot"]


@pytest.mark.parametrize("source", ["js", "python"])
def test_vector_ballots_pass_the_batch_verifier_on_both_engines(source, engine):
    vectors = _load(source)
    public_key = group.decode_point(vectors["public_key"], where="public_key")
    for kind, manifest in vectors["manifests"].items():
        checker = BatchVerifier(ElectionContext(manifest, public_key), engine)
        cases = [c for c in vectors["cases"] if c["manifest"] == kind]
        for n, case in enumerate(cases):
            checker.add(n, case["ballot"])
        outcomes = checker.outcomes()
        assert [o.problems for o in outcomes.values()] == [[]] * len(cases)
        assert [outcomes[n].digest.hex() for n in range(len(cases))] == [
            c["digest"] for c in cases
        ]
