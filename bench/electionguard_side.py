"""ElectionGuard's half of the crypto benchmark, run by crypto_bench.py with the Python of a
throwaway virtual environment that has the `electionguard` package (never dahui's).

One contest, CANDIDATES selections, SEATS votes allowed: ElectionGuard encrypts every
selection with a 0/1 proof, adds SEATS placeholder selections with their own proofs and a
constant Chaum–Pedersen proof on the contest's sum. Prints one JSON object of timings.
"""

import json
import logging
import sys
import time
from datetime import datetime, timezone

from electionguard.ballot import PlaintextBallot, PlaintextBallotContest, PlaintextBallotSelection
from electionguard.election import make_ciphertext_election_context
from electionguard.elgamal import elgamal_keypair_random
from electionguard.encrypt import encrypt_ballot
from electionguard.group import ONE_MOD_Q
from electionguard.manifest import (
    BallotStyle,
    Candidate,
    ContestDescription,
    ElectionType,
    GeopoliticalUnit,
    InternalManifest,
    Manifest,
    ReportingUnitType,
    SelectionDescription,
    SpecVersion,
    VoteVariationType,
)


def main(candidates: int, seats: int, ballots: int) -> dict:
    # ElectionGuard logs every encryption at INFO; formatting those lines is not its crypto.
    logging.disable(logging.CRITICAL)
    # ElectionGuard 1.4 runs on Python 3.10 at most, which has no datetime.UTC.
    when = datetime(2026, 11, 26, tzinfo=timezone.utc)  # noqa: UP017
    manifest = Manifest(
        election_scope_id="bench",
        spec_version=SpecVersion.EG0_95,
        type=ElectionType.other,
        start_date=when,
        end_date=when,
        geopolitical_units=[
            GeopoliticalUnit(object_id="gp", name="union", type=ReportingUnitType.other)
        ],
        parties=[],
        candidates=[Candidate(object_id=f"c{i}") for i in range(candidates)],
        contests=[
            ContestDescription(
                object_id="committee",
                sequence_order=0,
                electoral_district_id="gp",
                vote_variation=VoteVariationType.n_of_m,
                number_elected=seats,
                votes_allowed=seats,
                name="committee",
                ballot_selections=[
                    SelectionDescription(object_id=f"s{i}", sequence_order=i, candidate_id=f"c{i}")
                    for i in range(candidates)
                ],
            )
        ],
        ballot_styles=[BallotStyle(object_id="style", geopolitical_unit_ids=["gp"])],
    )
    internal = InternalManifest(manifest)
    keys = elgamal_keypair_random()
    context = make_ciphertext_election_context(
        1, 1, keys.public_key, ONE_MOD_Q, manifest.crypto_hash()
    )
    plaintext = PlaintextBallot(
        object_id="b",
        style_id="style",
        contests=[
            PlaintextBallotContest(
                object_id="committee",
                ballot_selections=[
                    PlaintextBallotSelection(object_id=f"s{i}", vote=1) for i in range(seats // 2)
                ],
            )
        ],
    )
    encrypted = []
    start = time.process_time()
    for _ in range(ballots):
        ballot = encrypt_ballot(plaintext, internal, context, ONE_MOD_Q)
        assert ballot is not None
        encrypted.append(ballot)
    encrypt_seconds = (time.process_time() - start) / ballots
    start = time.process_time()
    for ballot in encrypted:
        assert ballot.is_valid_encryption(
            internal.manifest_hash, keys.public_key, context.crypto_extended_base_hash
        )
    verify_seconds = (time.process_time() - start) / ballots
    return {
        "package": "electionguard",
        "ballots": ballots,
        "encrypt_seconds_per_ballot": encrypt_seconds,
        "verify_seconds_per_ballot": verify_seconds,
        # CPU seconds of this process (time.process_time), as dahui's side measures: on a
        # shared machine wall-clock time would mostly measure the neighbours.
        "clock": "process CPU time",
    }


if __name__ == "__main__":
    print(json.dumps(main(*(int(a) for a in sys.argv[1:4]))))
