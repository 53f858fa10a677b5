"""Writes tests/crypto/vectors/python.json: ballots encrypted by the Python side from seeded
nonces, which the browser module's tests verify and re-create byte for byte.

Run: .venv/bin/python -m tests.crypto.make_vectors
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dahui.crypto import group
from dahui.crypto.ballot import encrypt_ballot
from dahui.crypto.context import ElectionContext
from dahui.crypto.nonces import SeededNonces
from dahui.crypto.tracker import chain_start, next_tracker

VECTORS = Path(__file__).parent / "vectors"

ELECTION = {
    "kind": "election",
    "title": "第三届委员会委员",
    "seats": 2,
    "entitled": 10,
    "issued": 9,
    "candidates": [
        {"id": "c1", "name": "王敏"},
        {"id": "c2", "name": "李强"},
        {"id": "c3", "name": "张伟"},
        {"id": "c4", "name": "刘洋"},
    ],
    "rules": {"quorum": "2/3", "min_excess": "1/20", "threshold_base": "entitled"},
}
MOTION = {"kind": "motion", "title": "关于工作报告的决议", "entitled": 20, "issued": 18}
PUBLIC_KEY = group.base_mul(group.hash_to_scalar(b"dahui test vectors: not a real key"))

CASES: list[tuple[dict[str, Any], dict[str, str]]] = [
    (ELECTION, {"c1": "for", "c3": "for", "c2": "against"}),
    (ELECTION, {}),
    (ELECTION, {"c4": "against"}),
    (MOTION, {"motion": "for"}),
    (MOTION, {"motion": "abstain"}),
]


def make_vectors(source: str) -> dict[str, Any]:
    cases = []
    previous = {}
    for n, (manifest, choices) in enumerate(CASES):
        context = ElectionContext(manifest, PUBLIC_KEY)
        seed = f"{source}-{n}".encode()
        ballot, secrets = encrypt_ballot(context, choices, nonces=SeededNonces(seed))
        kind = manifest["kind"]
        prev = previous.get(kind, chain_start(context.digest))
        tracker = next_tracker(context.digest, prev, ballot.digest())
        previous[kind] = tracker
        cases.append(
            {
                "manifest": kind,
                "seed": seed.hex(),
                "choices": choices,
                "ballot": ballot.to_json(),
                "digest": ballot.digest().hex(),
                "tracker": tracker.hex(),
                "nonces": secrets.to_json()["nonces"],
            }
        )
    return {
        "source": source,
        "manifests": {"election": ELECTION, "motion": MOTION},
        "public_key": PUBLIC_KEY.hex(),
        "election_digests": {
            k: ElectionContext(m, PUBLIC_KEY).digest.hex()
            for k, m in (("election", ELECTION), ("motion", MOTION))
        },
        "cases": cases,
    }


if __name__ == "__main__":
    VECTORS.mkdir(exist_ok=True)
    text = json.dumps(make_vectors("python"), ensure_ascii=False, indent=1) + "\n"
    (VECTORS / "python.json").write_text(text, encoding="utf-8")
