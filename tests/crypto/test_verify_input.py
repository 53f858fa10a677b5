"""`dahui verify` on records whose spoiled ballots or fields were tampered with: exit 1,
naming what, or exit 2 with `file:line: field: message` when the record cannot be read."""

from __future__ import annotations

import json
import shutil

import pytest

from dahui.cli import main
from dahui.crypto.simulation import close_and_publish, open_election, vote

MANIFEST = {
    "kind": "election",
    "title": "委员",
    "seats": 1,
    "entitled": 9,
    "issued": 8,
    "candidates": [{"id": "c1", "name": "王敏"}, {"id": "c2", "name": "李强"}],
    "rules": {"quorum": "2/3", "min_excess": "1/20", "threshold_base": "entitled"},
}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    election = open_election(MANIFEST, scrutineers=("王敏", "李强", "张伟"), threshold=2)
    choices = [{"c1": "for"}, {"c2": "for"}, {"c1": "against"}, {}, {"c1": "for"}, {}]
    vote(election, choices, spoil_every=2)  # three ballots spoiled before casting
    directory = tmp_path_factory.mktemp("record") / "poll"
    close_and_publish(election, directory)
    return directory


@pytest.fixture
def record(published, tmp_path):
    copy = tmp_path / "record"
    shutil.copytree(published, copy)
    return copy


def _edit(directory, change):
    path = directory / "record.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _verify(directory, capsys):
    status = main(["verify", str(directory), "--lang", "en", "--workers", "1"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_record_announces_its_spoiled_ballots_and_verifies(record, capsys):
    assert json.loads((record / "record.json").read_text())["ballots"]["spoiled"] == 3
    status, out, _ = _verify(record, capsys)
    assert status == 0, out
    assert "Checked: 6 cast ballots, 3 spoiled ballots" in out


def test_a_spoiled_ballot_removed_from_the_record_fails_verification(record, capsys):
    _edit(record, lambda data: data["spoiled"].pop(1))
    status, out, _ = _verify(record, capsys)
    assert status == 1
    assert "the record announces 3 spoiled ballots, its spoiled list holds 2" in out


def test_every_spoiled_ballot_removed_fails_verification(record, capsys):
    _edit(record, lambda data: data.update(spoiled=[]))
    status, out, _ = _verify(record, capsys)
    assert status == 1
    assert "the record announces 3 spoiled ballots, its spoiled list holds 0" in out


def test_spoiled_ballots_removed_with_their_announcement_fail_verification(record, capsys):
    def remove(data):
        data["spoiled"].pop()
        del data["ballots"]["spoiled"]

    _edit(record, remove)
    status, out, _ = _verify(record, capsys)
    assert status == 1
    assert "the record does not announce how many ballots were spoiled" in out


def test_a_spoiled_ballot_listed_twice_fails_verification(record, capsys):
    def repeat(data):
        data["spoiled"][2] = data["spoiled"][0]

    _edit(record, repeat)
    status, out, _ = _verify(record, capsys)
    assert status == 1
    assert "spoiled ballot 3 repeats spoiled ballot 1" in out


def test_a_cast_ballot_passed_off_as_spoiled_fails_verification(record, capsys):
    first_cast = json.loads((record / "ballots.jsonl").read_text().splitlines()[0])["ballot"]

    def pass_off(data):
        data["spoiled"][0]["ballot"] = first_cast

    _edit(record, pass_off)
    status, out, _ = _verify(record, capsys)
    assert status == 1
    assert "spoiled ballot 1 was also cast" in out


@pytest.mark.parametrize(
    "change",
    [
        lambda data: data.update(ballots=[1, 2]),
        lambda data: data.update(spoiled={"a": 1}),
        lambda data: data["spoiled"][0].update(ballot=[[[[]]]]),
        lambda data: data.update(counts="many"),
        lambda data: data.update(decryption=[{"scrutineer": [], "shares": 5}]),
        lambda data: data["manifest"].update(seats=10**4000),
        lambda data: data.update(result=None),
    ],
)
def test_fields_of_the_wrong_shape_fail_verification_without_a_traceback(record, capsys, change):
    _edit(record, change)
    status, out, err = _verify(record, capsys)
    assert status == 1
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "record.json:1: The record cannot be read: malformed JSON"),
        ('{\n"format": 1}', "record.json:1: format: The record cannot be read: not a"),
        (
            '{"format": "dahui-election-record", "version": "1"}',
            'record.json:1: version: The record cannot be read: version "1"',
        ),
        ("[" * 100_000, "record.json:1: The record cannot be read: JSON nested too deeply"),
        ("[" + "9" * 5000 + "]", "record.json:1: The record cannot be read: a number has too"),
    ],
)
def test_an_unreadable_record_exits_2_naming_file_line_and_field(record, capsys, text, message):
    (record / "record.json").write_text(text, encoding="utf-8")
    status, _, err = _verify(record, capsys)
    assert status == 2
    assert err.startswith(f"{record}/{message}")


def test_a_directory_in_place_of_the_ballots_file_is_unreadable(record, capsys):
    (record / "ballots.jsonl").unlink()
    (record / "ballots.jsonl").mkdir()
    status, _, err = _verify(record, capsys)
    assert status == 2
    assert "ballots.jsonl:1: The record cannot be read: missing" in err


def test_a_negative_worker_count_is_refused_by_the_parser(record, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["verify", str(record), "--workers", "-1"])
    assert exit_.value.code == 2
