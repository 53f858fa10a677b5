"""Record format versions: dahui writes version 2 and still verifies version 1 records (a
fixture written by the version-1 code), tampering included; unknown versions are refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dahui.cli import main
from dahui.crypto.record import READABLE_VERSIONS, VERSION

V1_RECORD = Path(__file__).parent / "vectors" / "record-v1"


@pytest.fixture
def v1_record(tmp_path):
    copy = tmp_path / "record-v1"
    shutil.copytree(V1_RECORD, copy)
    return copy


def _verify(directory, capsys):
    status = main(["verify", str(directory), "--lang", "en", "--workers", "1"])
    return status, capsys.readouterr().out


def test_dahui_writes_version_2_and_reads_both():
    assert VERSION == 2
    assert READABLE_VERSIONS == (1, 2)


@pytest.mark.usefixtures("engine")
def test_a_version_1_record_still_verifies(v1_record, capsys):
    assert json.loads((v1_record / "record.json").read_text())["version"] == 1
    status, out = _verify(v1_record, capsys)
    assert status == 0, out
    assert "Checked: 12 cast ballots, 2 spoiled ballots, 6 totals" in out


@pytest.mark.usefixtures("engine")
def test_a_forged_version_1_proof_is_still_named(v1_record, capsys):
    path = v1_record / "ballots.jsonl"
    lines = path.read_text().splitlines()
    entry = json.loads(lines[4])
    pair = entry["ballot"]["selections"][2]["proofs"]["against"][1]
    pair[1] = ("1" if pair[1][0] != "1" else "2") + pair[1][1:]
    lines[4] = json.dumps(entry)
    path.write_text("".join(line + "\n" for line in lines))
    status, out = _verify(v1_record, capsys)
    assert status == 1
    assert "ballot 5 (tracker" in out
    assert ": c3: against proof fails" in out


def test_a_version_1_ballot_in_a_version_2_record_is_refused(v1_record, capsys):
    _edit = json.loads((v1_record / "record.json").read_text())
    _edit["version"] = 2
    (v1_record / "record.json").write_text(json.dumps(_edit, ensure_ascii=False))
    status, out = _verify(v1_record, capsys)
    assert status == 1
    assert "ballot 1 (tracker" in out
    assert "a proof is a list of [a, b, c, v] branches" in out


def test_an_unknown_version_is_refused_naming_the_readable_ones(v1_record, capsys):
    data = json.loads((v1_record / "record.json").read_text())
    data["version"] = 3
    (v1_record / "record.json").write_text(json.dumps(data, ensure_ascii=False))
    assert main(["verify", str(v1_record), "--lang", "en"]) == 2
    assert "version 3, this verifier reads 1 and 2" in capsys.readouterr().err
