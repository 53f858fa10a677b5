"""Ballot trackers: a hash chain over the cast ballots in the order they were cast.

tracker_0 = SHA-256("dahui/tracker-start" ‖ election digest) starts the chain and
tracker_n = SHA-256("dahui/tracker" ‖ election digest ‖ tracker_(n-1) ‖ ballot digest_n).
A voter keeps their tracker and finds it on the bulletin board; because each tracker commits
to the one before, removing, inserting or reordering any ballot changes every later tracker.
"""

from __future__ import annotations

import hashlib


def chain_start(election_digest: bytes) -> bytes:
    return hashlib.sha256(b"dahui/tracker-start" + election_digest).digest()


def next_tracker(election_digest: bytes, previous: bytes, ballot_digest: bytes) -> bytes:
    return hashlib.sha256(b"dahui/tracker" + election_digest + previous + ballot_digest).digest()
