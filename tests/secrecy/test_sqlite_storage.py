"""After a 100-voter poll closes, a copy of the SQLite file and its write-ahead log links
no voter to a ballot.

The poll runs in a fresh process on its own data folder (the suite's test database is in
memory). The test then reads the files as an attacker with a copy of them would: the raw
bytes (old row versions in the log and in freed space, receipts, key digests) and the
storage order of the live rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.secrecy.scenario import rank_correlation

ROOT = Path(__file__).resolve().parents[2]
VOTERS = 100


@pytest.fixture(scope="module")
def closed_poll(tmp_path_factory) -> tuple[dict, Path, Path, dict]:
    data = tmp_path_factory.mktemp("data")
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DAHUI_DATA_DIR=str(data), DAHUI_DEBUG="1",
               DJANGO_SETTINGS_MODULE="dahui.settings",
               PYTHONPATH=os.pathsep.join([os.environ.get("SECRECY_SRC", str(ROOT / "src")),
                                           str(ROOT)]))
    # The server is still running (its connection open) when the files are copied.
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.secrecy.scenario", str(VOTERS)], cwd=ROOT, env=env,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        assert line, server.stderr.read()[-3000:]
        outcome = json.loads(line)
        copy = tmp_path_factory.mktemp("copy")
        for name in ("dahui.sqlite3", "dahui.sqlite3-wal"):
            if (data / name).exists():
                shutil.copy(data / name, copy / name)
        modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in data.iterdir()
                 if path.name.startswith("dahui.sqlite3")}
    finally:
        server.communicate("\n", timeout=60)
    return outcome, data, copy, modes


def _raw(copy: Path) -> tuple[bytes, bytes]:
    wal = copy / "dahui.sqlite3-wal"
    return (copy / "dahui.sqlite3").read_bytes(), wal.read_bytes() if wal.exists() else b""


def _stored(content: dict) -> bytes:
    return json.dumps(content, ensure_ascii=False).encode()


def test_the_write_ahead_log_holds_no_ballot_after_close(closed_poll):
    outcome, _data, copy, _modes = closed_poll
    _db, wal = _raw(copy)
    in_log = [c for c in outcome["casts"] if _stored(c["content"]) in wal
              or c["tracker"].encode() in wal]
    assert in_log == [], f"{len(in_log)} ballots still readable in the WAL, in casting order"


def test_no_receipt_key_or_key_digest_is_stored_beside_anyone(closed_poll):
    outcome, _data, copy, _modes = closed_poll
    raw = b"".join(_raw(copy))
    poll_id = outcome["poll_id"]
    linked = []
    for cast in outcome["casts"]:
        digest = hashlib.sha256(f"{poll_id}:{cast['key']}".encode()).hexdigest()
        # The tracker: in the ballot's own row and the unique index on it, nowhere else.
        beside_voter = raw.count(cast["tracker"].encode()) > 2
        if beside_voter or cast["key"].encode() in raw or digest.encode() in raw:
            linked.append(cast["delegate_id"])
    assert linked == [], f"{len(linked)} of {len(outcome['casts'])} voters linked"


def test_no_old_version_of_a_ballot_is_left_in_freed_space(closed_poll):
    outcome, _data, copy, _modes = closed_poll
    db, _wal = _raw(copy)
    repeated = [c for c in outcome["casts"] if db.count(_stored(c["content"])) != 1]
    assert repeated == [], f"{len(repeated)} ballots stored more than once (old versions)"


def test_storage_order_follows_neither_the_casting_order_nor_each_other(closed_poll):
    outcome, _data, copy, _modes = closed_poll
    casts = outcome["casts"]
    cast_order = [c["delegate_id"] for c in casts]
    voter_of = {_stored(c["content"]): c["delegate_id"] for c in casts}
    with sqlite3.connect(copy / "dahui.sqlite3") as db:
        participations = [row[0] for row in db.execute(
            "SELECT delegate_id FROM voting_participation WHERE poll_id = ? ORDER BY rowid",
            [outcome["poll_id"]])]
        ballots = [voter_of[row[0].encode()] for row in db.execute(
            "SELECT content FROM voting_castballot WHERE poll_id = ? ORDER BY rowid",
            [outcome["poll_id"]])]
    assert sorted(participations) == sorted(ballots) == sorted(cast_order)
    # With 100 voters |rho| > 0.4 happens by chance with probability below 1e-4.
    assert abs(rank_correlation(participations, cast_order)) < 0.4
    assert abs(rank_correlation(ballots, cast_order)) < 0.4
    assert abs(rank_correlation(participations, ballots)) < 0.4


def test_the_data_folder_and_database_files_are_private(closed_poll):
    _outcome, data, _copy, modes = closed_poll
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert {"dahui.sqlite3", "dahui.sqlite3-wal"} <= set(modes)
    assert set(modes.values()) == {0o600}, modes
