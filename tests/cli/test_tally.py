"""`dahui tally` over real files: every outcome exits 0, unreadable input exits 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dahui.cli import main

REPO = Path(__file__).resolve().parents[2]

WORKED_ELECTION = {
    "kind": "election",
    "title": "第三届委员会委员",
    "seats": 3,
    "entitled": 10,
    "issued": 9,
    "candidates": [
        {"id": "c1", "name": "王敏"},
        {"id": "c2", "name": "李强"},
        {"id": "c3", "name": "张伟"},
        {"id": "c4", "name": "刘洋"},
    ],
    "rules": {
        "quorum": "2/3",
        "min_excess": "1/20",
        "threshold_base": "entitled",
        "write_ins": True,
    },
}
WORKED_BALLOTS = (
    [{"marks": {"c1": "for", "c2": "for", "c3": "for"}}] * 5
    + [{"marks": {"c1": "for", "c3": "for", "c4": "for"}}]
    + [{"marks": {"c1": "for", "c4": "for"}}] * 2
    + [{"invalid": True}]
)


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    # Files are passed by relative name, so messages read "election.json:4: …".
    monkeypatch.chdir(tmp_path)


def _write(tmp_path: Path, election, ballots) -> tuple[Path, Path]:
    election_path = Path("election.json")
    ballots_path = Path("ballots.jsonl")
    if isinstance(election, str):
        election_path.write_text(election, encoding="utf-8")
    else:
        election_path.write_text(
            json.dumps(election, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    if isinstance(ballots, str):
        ballots_path.write_text(ballots, encoding="utf-8")
    else:
        ballots_path.write_text(
            "".join(json.dumps(b, ensure_ascii=False) + "\n" for b in ballots), encoding="utf-8"
        )
    return election_path, ballots_path


def _tally(capsys, paths, *flags) -> tuple[int, str, str]:
    status = main(["tally", str(paths[0]), str(paths[1]), *flags])
    out, err = capsys.readouterr()
    return status, out, err


def test_installed_dahui_tally_reproduces_the_worked_example(tmp_path):
    election_path, ballots_path = _write(tmp_path, WORKED_ELECTION, WORKED_BALLOTS)
    dahui = REPO / ".venv" / "bin" / "dahui"
    command = [str(dahui)] if dahui.exists() else [sys.executable, "-m", "dahui"]
    done = subprocess.run(
        [*command, "tally", str(election_path), str(ballots_path), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "runoff"
    assert (result["returned"], result["valid"], result["invalid"]) == (9, 8, 1)
    assert (result["quorum_required"], result["threshold"]) == (7, 6)
    assert [(r["id"], r["for"]) for r in result["results"]] == [
        ("c1", 8),
        ("c3", 6),
        ("c2", 5),
        ("c4", 3),
    ]
    assert result["elected"] == ["c1", "c3"]
    assert result["unfilled"] == 1
    assert result["runoff"] == {"reason": "shortage", "seats": 1, "candidates": ["c2", "c4"]}


def test_human_table_has_chinese_headings_and_the_summary(tmp_path, capsys):
    status, out, _ = _tally(capsys, _write(tmp_path, WORKED_ELECTION, WORKED_BALLOTS))
    assert status == 0
    for heading in ("候选人", "赞成", "不赞成", "弃权", "当选"):
        assert heading in out
    assert "应到 10  发出 9  收回 9  有效 8  无效 1" in out
    assert "当选票数 6" in out
    assert "当选（按姓氏笔画为序）：王敏、张伟" in out
    assert "李强、刘洋" in out


@pytest.mark.parametrize(
    ("issued", "ballots", "status"),
    [(6, 6, "no_quorum"), (8, 9, "void"), (10, 10, "elected")],
)
def test_every_outcome_exits_zero(tmp_path, capsys, issued, ballots, status):
    election = dict(WORKED_ELECTION, issued=issued)
    lines = [{"marks": {"c1": "for", "c2": "for", "c3": "for"}}] * ballots
    code, out, _ = _tally(capsys, _write(tmp_path, election, lines), "--json")
    assert code == 0
    assert json.loads(out)["status"] == status


def test_a_motion_is_tallied_from_vote_lines(tmp_path, capsys):
    motion = {"kind": "motion", "title": "工作报告", "entitled": 10, "issued": 9}
    lines = [{"vote": "for"}] * 6 + [{"vote": "against"}, {}, {"invalid": True}]
    code, out, _ = _tally(capsys, _write(tmp_path, motion, lines), "--json")
    result = json.loads(out)
    assert code == 0
    assert (result["status"], result["for"], result["abstain"], result["invalid"]) == (
        "passed",
        6,
        1,
        1,
    )
    code, out, _ = _tally(capsys, _write(tmp_path, motion, lines))
    assert "结果：通过" in out


def test_write_ins_appear_in_the_json_with_their_id(tmp_path, capsys):
    lines = [{"marks": {"c2": "against"}, "write_ins": ["赵 磊"]}] * 7
    _, out, _ = _tally(capsys, _write(tmp_path, dict(WORKED_ELECTION, issued=7), lines), "--json")
    written = [r for r in json.loads(out)["results"] if r["write_in"]]
    assert written == [
        {
            "id": "write-in:赵磊",
            "name": "赵磊",
            "for": 7,
            "against": 0,
            "abstain": 0,
            "write_in": True,
            "elected": True,
        }
    ]


def _problems(tmp_path, capsys, election, ballots) -> list[str]:
    code, out, err = _tally(capsys, _write(tmp_path, election, ballots), "--json")
    assert code == 2
    assert out == ""
    return err.splitlines()


ELECTION_PROBLEMS = [
    (dict(WORKED_ELECTION, seats=0), "election.json:4: seats: must be at least 1, not 0"),
    (dict(WORKED_ELECTION, issued=11), "election.json:6: issued: issued 11 exceeds entitled 10"),
    (dict(WORKED_ELECTION, entitled=-4), "election.json:5: entitled: must not be negative, not -4"),
    (
        dict(WORKED_ELECTION, seats="3"),
        'election.json:4: seats: must be a whole number, not "3"',
    ),
    (
        {k: v for k, v in WORKED_ELECTION.items() if k != "title"},
        "election.json:1: title: missing field",
    ),
    (
        dict(
            WORKED_ELECTION,
            candidates=[{"id": "c1", "name": "王敏"}, {"id": "c1", "name": "李强"}],
            seats=1,
        ),
        'election.json:13: candidates[1].id: duplicate candidate id "c1" (also candidates[0])',
    ),
    (
        dict(WORKED_ELECTION, seats=4),
        "election.json:7: candidates: 4 candidates for 4 seats: the contest rule"
        " (min_excess 1/20) requires at least 5",
    ),
    (
        dict(WORKED_ELECTION, rules={"quorum": 0.5}),
        'election.json:26: rules.quorum: must be a fraction written as a string such as "2/3",'
        " not 0.5",
    ),
    (
        dict(WORKED_ELECTION, rules={"threshold_base": "present"}),
        "election.json:26: rules.threshold_base: must be one of entitled, issued, valid,"
        ' not "present"',
    ),
    (
        dict(WORKED_ELECTION, kind="referendum"),
        'election.json:2: kind: must be "election" or "motion", not "referendum"',
    ),
    (dict(WORKED_ELECTION, colour="red"), "election.json:31: colour: unknown field in an election"),
    (
        {"kind": "motion", "title": "报告", "entitled": 10, "issued": 9, "seats": 1},
        "election.json:6: seats: a motion has no seats",
    ),
]


@pytest.mark.parametrize(("election", "message"), ELECTION_PROBLEMS)
def test_a_bad_election_file_names_the_line_and_field(tmp_path, capsys, election, message):
    assert message in _problems(tmp_path, capsys, election, WORKED_BALLOTS)


def test_malformed_election_json_names_the_line(tmp_path, capsys):
    text = '{"kind": "election",\n "title": "x",\n "seats": }'
    assert _problems(tmp_path, capsys, text, "") == [
        "election.json:3: malformed JSON: Expecting value (column 11)"
    ]


BALLOT_PROBLEMS = [
    ('{"marks": {"c9": "for"}}', 'ballots.jsonl:1: marks.c9: unknown candidate id "c9"'),
    (
        '{"marks": {"c1": "yes"}}',
        'ballots.jsonl:1: marks.c1: unknown mark "yes": use for, against or abstain',
    ),
    (
        '{"vote": "for"}',
        "ballots.jsonl:1: vote: a motion ballot in an election (an election ballot has marks)",
    ),
    (
        '{"marks": {"c1": "for"',
        "ballots.jsonl:1: malformed JSON: Expecting ',' delimiter (column 23)",
    ),
    ("[]", "ballots.jsonl:1: a ballot must be a JSON object"),
    (
        '{"marks": []}',
        "ballots.jsonl:1: marks: must be an object of candidate id → for, against or abstain",
    ),
    ('{"marks": {}, "write_ins": "赵磊"}', "ballots.jsonl:1: write_ins: must be a list of names"),
    (
        '{"marks": {}, "write_ins": [7]}',
        "ballots.jsonl:1: write_ins[0]: must be a name (text), not 7",
    ),
    ('{"invalid": "yes"}', "ballots.jsonl:1: invalid: must be true or false"),
    ('{"marks": {}, "note": 1}', "ballots.jsonl:1: note: unknown field in an election ballot"),
    (
        '{"marks": {"c1": "for", "c1": "against"}}',
        "ballots.jsonl:1: c1: duplicate key in one object",
    ),
]


@pytest.mark.parametrize(("line", "message"), BALLOT_PROBLEMS)
def test_a_bad_ballot_line_names_the_line_and_field(tmp_path, capsys, line, message):
    assert _problems(tmp_path, capsys, WORKED_ELECTION, line + "\n") == [message]


def test_every_problem_in_the_ballots_is_reported_with_its_own_line(tmp_path, capsys):
    text = '{"marks": {}}\n\n{"marks": {"c7": "for"}}\n{"vote": "no"}\nnot json\n'
    assert _problems(tmp_path, capsys, WORKED_ELECTION, text) == [
        'ballots.jsonl:3: marks.c7: unknown candidate id "c7"',
        "ballots.jsonl:4: vote: a motion ballot in an election (an election ballot has marks)",
        "ballots.jsonl:5: malformed JSON: Expecting value (column 1)",
    ]


def test_an_election_ballot_in_a_motion_is_refused(tmp_path, capsys):
    motion = {"kind": "motion", "title": "报告", "entitled": 10, "issued": 9}
    assert _problems(tmp_path, capsys, motion, '{"marks": {}}\n{"vote": "maybe"}\n') == [
        "ballots.jsonl:1: marks: an election ballot in a motion (a motion ballot has a vote)",
        'ballots.jsonl:2: vote: unknown vote "maybe": use for, against or abstain',
    ]


def test_write_ins_where_the_election_forbids_them_are_read_and_ignored(tmp_path, capsys):
    election = dict(WORKED_ELECTION, rules={"write_ins": False})
    lines = [{"marks": {"c1": "for", "c2": "for", "c3": "for"}, "write_ins": ["赵磊"]}] * 7
    code, out, err = _tally(capsys, _write(tmp_path, election, lines), "--json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    # The stray name counts towards nothing, not even an over-vote (rule 4, rule 5).
    assert (result["valid"], result["invalid"]) == (7, 0)
    assert not any(line["write_in"] for line in result["results"])
    assert set(result["elected"]) == {"c1", "c2", "c3"}


def test_a_blank_write_in_is_void_and_the_ballot_counts(tmp_path, capsys):
    lines = [{"marks": {"c1": "for", "c2": "against"}, "write_ins": [" \u200b"]}] * 7
    files = _write(tmp_path, dict(WORKED_ELECTION, issued=7), lines)
    code, out, _ = _tally(capsys, files, "--json")
    result = json.loads(out)
    assert (code, result["valid"], result["invalid"]) == (0, 7, 0)
    assert not any(line["write_in"] for line in result["results"])


def test_a_missing_file_is_named(tmp_path, capsys):
    election_path, _ = _write(tmp_path, WORKED_ELECTION, [])
    status = main(["tally", str(election_path), "none.jsonl"])
    err = capsys.readouterr().err
    assert status == 2
    assert err == "none.jsonl: cannot read: No such file or directory\n"


def test_a_file_that_is_not_utf8_is_named(tmp_path, capsys):
    election_path, ballots_path = _write(tmp_path, WORKED_ELECTION, [])
    ballots_path.write_bytes(b'{"marks": {}}\n' + "王".encode("gbk") + b"\n")
    status = main(["tally", str(election_path), str(ballots_path)])
    assert status == 2
    assert capsys.readouterr().err == "ballots.jsonl:2: cannot read: not UTF-8 text (byte 0)\n"


def test_an_election_file_that_is_not_utf8_is_named_with_its_line(tmp_path, capsys):
    election_path, ballots_path = _write(tmp_path, WORKED_ELECTION, [])
    raw = election_path.read_bytes().replace("王敏".encode(), "王敏".encode("gbk"))
    election_path.write_bytes(raw)  # line 10 is '   "name": "王敏"', the name at byte 12
    status = main(["tally", str(election_path), str(ballots_path)])
    assert status == 2
    assert capsys.readouterr().err == "election.json:10: cannot read: not UTF-8 text (byte 12)\n"


def test_null_write_ins_are_refused_not_taken_as_none(tmp_path, capsys):
    assert _problems(tmp_path, capsys, WORKED_ELECTION, '{"marks": {}, "write_ins": null}\n') == [
        "ballots.jsonl:1: write_ins: must be a list of names"
    ]


def test_a_colon_inside_a_write_in_name_is_not_taken_for_a_duplicate_key(tmp_path, capsys):
    line = {"marks": {"c2": "against"}, "write_ins": ["赵:磊"]}
    election = dict(WORKED_ELECTION, issued=1, entitled=1)
    code, out, _ = _tally(capsys, _write(tmp_path, election, [line]), "--json")
    assert code == 0
    assert "write-in:赵:磊" in [r["id"] for r in json.loads(out)["results"]]
