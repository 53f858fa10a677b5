"""Shared elections for the crypto tests: a small committee election and a motion, with a
key ceremony of five scrutineers, threshold three."""

from __future__ import annotations

import pytest

from dahui.crypto.simulation import MockElection, open_election

COMMITTEE = {
    "kind": "election",
    "title": "第三届委员会委员",
    "seats": 2,
    "entitled": 400,
    "issued": 380,
    "candidates": [
        {"id": "c1", "name": "王敏"},
        {"id": "c2", "name": "李强"},
        {"id": "c3", "name": "张伟"},
    ],
    "rules": {"quorum": "2/3", "min_excess": "1/20", "threshold_base": "entitled"},
}

MOTION = {
    "kind": "motion",
    "title": "关于工作报告的决议",
    "entitled": 20,
    "issued": 18,
}


@pytest.fixture(scope="session")
def committee() -> MockElection:
    return open_election(COMMITTEE)


@pytest.fixture(scope="session")
def context(committee):
    return committee.box.context
