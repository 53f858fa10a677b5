"""A full mock election (keys → 300 ballots → tally → decryption → record) and `dahui verify`
against it, honest and with each kind of tampering."""

import json
import random
import shutil

import pytest

from dahui.cli import main
from dahui.crypto import group
from dahui.crypto.simulation import close_and_publish, open_election, vote
from dahui.crypto.verifier import verify_record

from .conftest import COMMITTEE, MOTION

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("engine")]


def _committee_choices(n: int, seed: int = 6) -> list[dict[str, str]]:
    rng = random.Random(seed)
    choices = []
    for _ in range(n):
        marks = {c: rng.choice(("for", "against", "abstain")) for c in ("c1", "c2", "c3")}
        while sum(m == "for" for m in marks.values()) > COMMITTEE["seats"]:
            marks[rng.choice([c for c, m in marks.items() if m == "for"])] = "against"
        choices.append(marks)
    return choices


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    election = open_election(COMMITTEE)
    choices = _committee_choices(300)
    vote(election, choices, spoil_every=60)
    directory = tmp_path_factory.mktemp("record") / "committee"
    close_and_publish(election, directory, present=[1, 3, 4, 5])
    return directory, choices


@pytest.fixture
def record(published, tmp_path):
    copy = tmp_path / "record"
    shutil.copytree(published[0], copy)
    return copy


def _edit_record(directory, change):
    path = directory / "record.json"
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False))


def _edit_ballots(directory, change):
    path = directory / "ballots.jsonl"
    lines = path.read_text().splitlines()
    change(lines)
    path.write_text("".join(line + "\n" for line in lines))


def _messages(directory, capsys, *, workers=2):
    status = main(["verify", str(directory), "--lang", "en", "--workers", str(workers)])
    return status, capsys.readouterr().out


def test_the_honest_record_verifies_and_its_counts_are_the_voters_choices(published, capsys):
    directory, choices = published
    status, out = _messages(directory, capsys)
    assert status == 0, out
    assert "Checked: 300 cast ballots, 5 spoiled ballots, 6 totals" in out
    counts = json.loads((directory / "record.json").read_text())["counts"]
    for entry in counts:
        assert entry["for"] == sum(c[entry["id"]] == "for" for c in choices)
        assert entry["against"] == sum(c[entry["id"]] == "against" for c in choices)


def test_the_report_is_in_chinese_by_default(published, capsys):
    assert main(["verify", str(published[0])]) == 0
    assert "核验通过" in capsys.readouterr().out


def test_one_worker_and_many_workers_find_the_same(record):
    _edit_ballots(record, lambda lines: lines.__setitem__(40, lines[40].replace('"c', '"C', 1)))
    assert verify_record(record, workers=1).findings == verify_record(record, workers=2).findings


def test_a_forged_proof_is_named_by_ballot_candidate_and_proof_kind(record, capsys):
    def forge(lines):
        entry = json.loads(lines[16])
        proof = entry["ballot"]["selections"][1]["proof"]
        proof[0][3] = group.encode_scalar(group.decode_scalar(proof[0][3], where="v") + 1)
        lines[16] = json.dumps(entry)

    _edit_ballots(record, forge)
    status, out = _messages(record, capsys)
    assert status == 1
    assert "ballot 17 (tracker " in out
    assert ": c2: mark proof fails" in out
    # The changed ballot no longer hashes to its tracker either.
    assert "the tracker does not follow" in out


def test_a_removed_ballot_is_detected_by_the_tracker_chain(record, capsys):
    _edit_ballots(record, lambda lines: lines.pop(9))
    status, out = _messages(record, capsys)
    assert status == 1
    assert "ballot 10 (tracker" in out
    assert "the record announces 300 ballots, ballots.jsonl holds 299" in out
    assert "the encrypted total is not the sum of the ballots" in out


def test_reordered_ballots_are_detected_by_the_tracker_chain(record, capsys):
    def swap(lines):
        lines[3], lines[4] = lines[4], lines[3]

    _edit_ballots(record, swap)
    status, out = _messages(record, capsys)
    assert status == 1
    assert "ballot 4 (tracker" in out
    assert "ballot 5 (tracker" in out


def test_a_rewritten_tracker_breaks_the_chain_at_that_ballot(record, capsys):
    def rewrite(lines):
        entry = json.loads(lines[120])
        entry["tracker"] = "00" * 32
        lines[120] = json.dumps(entry)

    _edit_ballots(record, rewrite)
    status, out = _messages(record, capsys)
    assert status == 1
    assert "ballot 121 (tracker 0000000000000000): the tracker does not follow" in out


def test_a_mangled_point_names_its_ballot(record, capsys):
    def mangle(lines):
        entry = json.loads(lines[2])
        entry["ballot"]["selections"][0]["for"][0] = "ff" * 32
        lines[2] = json.dumps(entry)

    _edit_ballots(record, mangle)
    status, out = _messages(record, capsys)
    assert status == 1
    assert "ballot 3 (tracker" in out
    assert "selections[0].for.alpha: not a valid ristretto255 point" in out


def test_a_wrong_decryption_share_is_named_by_scrutineer_and_total(record, capsys):
    def corrupt(data):
        share = data["decryption"][1]["shares"][2]
        share["share"] = group.add(bytes.fromhex(share["share"]), group.GENERATOR).hex()

    _edit_record(record, corrupt)
    status, out = _messages(record, capsys)
    assert status == 1
    assert "scrutineer 3: decryption share for c2 for fails its proof" in out


def test_published_counts_that_differ_from_the_decryption_fail(record, capsys):
    _edit_record(
        record, lambda data: data["counts"][0].update({"for": data["counts"][0]["for"] + 1})
    )
    status, out = _messages(record, capsys)
    assert status == 1
    assert "c1: published counts differ from the decryption" in out


def test_a_published_result_that_the_rules_core_does_not_give_fails(record, capsys):
    _edit_record(record, lambda data: data["result"].update({"elected": ["c3"]}))
    status, out = _messages(record, capsys)
    assert status == 1
    assert "the published result differs from the rules core's on: elected" in out


def test_a_spoiled_ballot_that_does_not_encrypt_what_the_voter_saw_fails(record, capsys):
    def lie(data):
        choices = data["spoiled"][0]["revealed"]["choices"]
        choices["c1"] = "against" if choices["c1"] != "against" else "for"

    _edit_record(record, lie)
    status, out = _messages(record, capsys)
    assert status == 1
    assert "spoiled ballot 1: c1 does not encrypt the revealed mark" in out


def test_a_record_from_a_changed_manifest_fails_everywhere(record, capsys):
    _edit_record(record, lambda data: data["manifest"].update({"seats": 3}))
    status, out = _messages(record, capsys)
    assert status == 1
    assert "the election digest does not match the manifest" in out
    assert "the key ceremony was held for another election" in out


def test_an_unreadable_record_exits_2(tmp_path, capsys):
    (tmp_path / "record.json").write_text("{not json")
    assert main(["verify", str(tmp_path), "--lang", "en"]) == 2
    assert "The record cannot be read" in capsys.readouterr().err


def test_a_motion_record_verifies_and_decides_the_motion(tmp_path, capsys):
    election = open_election(MOTION, threshold=2, scrutineers=("王敏", "李强", "张伟"))
    vote(election, [{"motion": "for"}] * 11 + [{"motion": "against"}] * 4 + [{}] * 2)
    close_and_publish(election, tmp_path / "motion", present=[2, 3])
    status, out = _messages(tmp_path / "motion", capsys)
    assert status == 0, out
    result = json.loads((tmp_path / "motion" / "record.json").read_text())["result"]
    assert (result["status"], result["for"], result["against"], result["abstain"]) == (
        "passed",
        11,
        4,
        2,
    )


def test_a_poll_without_ballots_verifies_and_counts_nothing(tmp_path, capsys):
    election = open_election(COMMITTEE)
    close_and_publish(election, tmp_path / "empty")
    status, out = _messages(tmp_path / "empty", capsys)
    assert status == 0, out
    result = json.loads((tmp_path / "empty" / "record.json").read_text())["result"]
    assert result["returned"] == 0
