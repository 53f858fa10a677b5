"""Shared elections for the crypto tests: a small committee election and a motion, with a
key ceremony of five scrutineers, threshold three."""

from __future__ import annotations

import os

import pytest

from dahui.crypto.batch import native_available
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


@pytest.fixture(params=["python", "native"])
def engine(request, monkeypatch):
    """Runs a verifier test on both engines. The native one must be built (./dev setup with a
    Rust toolchain): its absence fails the test, unless DAHUI_NATIVE=unavailable says it is
    left out on purpose (then the native variant is skipped)."""
    if request.param == "native" and not native_available():
        if os.environ.get("DAHUI_NATIVE") == "unavailable":
            pytest.skip("DAHUI_NATIVE=unavailable: the native verifier is not built here")
        pytest.fail(
            "the native verifier (dahui_native) is not built: run ./dev setup with cargo and "
            "rustc >= 1.63, or set DAHUI_NATIVE=unavailable to go without it"
        )
    monkeypatch.setenv("DAHUI_VERIFIER_ENGINE", request.param)
    return request.param
