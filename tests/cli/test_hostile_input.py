"""`dahui tally` and `dahui verify` on hostile files: an answer and an exit status, never a
traceback.

Hypothesis mutates sound input files (byte flips, truncation, deep nesting, numbers of
thousands of digits, odd Unicode, values of the wrong type) and feeds them to both commands
in-process through `dahui.cli.main`; a few of the same cases run as child processes, where
a traceback would show on stderr.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dahui.cli import main
from dahui.crypto.simulation import close_and_publish, open_election, vote

ELECTION = {
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
BALLOTS = (
    '{"marks": {"c1": "for", "c2": "against", "c3": "for"}, "write_ins": ["赵磊"]}\n'
    '{"marks": {}}\n{"invalid": true}\n{"marks": {"c4": "abstain"}}\n'
)
RECORD_MANIFEST = {
    "kind": "election",
    "title": "委员",
    "seats": 1,
    "entitled": 6,
    "issued": 5,
    "candidates": [{"id": "c1", "name": "王敏"}, {"id": "c2", "name": "李强"}],
    "rules": {"quorum": "2/3", "min_excess": "1/20", "threshold_base": "entitled"},
}

ODD_TEXT = [
    "\\ud800",
    "\\udfff\\ud800",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\x00",
    "２/３",
    "00/000",
    "1/00",
    "write-in:赵磊",
    "😀",
    "\U000e0100",
    "\\u0000",
]
HUGE = ["9" * 5000, "-" + "9" * 4400, "1e999999", "1" + "0" * 4299, "NaN", "-Infinity"]


def _nest(depth: int) -> str:
    return "[" * depth + "]" * depth


@st.composite
def mutated(draw, original: str) -> bytes:
    """`original` with one to three of the mutations a hostile or broken file can hold."""
    data = original.encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(
                ["flip", "truncate", "nest", "huge", "odd", "swap", "insert_byte", "duplicate"]
            )
        )
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            bit = 1 << draw(st.integers(0, 7))
            data = data[:at] + bytes([data[at] ^ bit]) + data[at + 1 :]
        elif kind == "truncate":
            data = data[:at]
        elif kind == "nest":
            depth = draw(st.sampled_from([40, 500, 1200, 100_000]))
            data = data[:at] + _nest(depth).encode() + data[at:]
            if draw(st.booleans()):
                data = ("[" * depth).encode() + data + ("]" * depth).encode()
        elif kind == "huge":
            data = data[:at] + draw(st.sampled_from(HUGE)).encode() + data[at:]
        elif kind == "odd":
            data = (
                data[:at]
                + draw(st.sampled_from(ODD_TEXT)).encode("utf-8", "surrogatepass")
                + data[at:]
            )
        elif kind == "insert_byte":
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at:]
        elif kind == "duplicate":
            data = data[:at] + data[at : at + 40] + data[at:]
        elif kind == "swap":
            data = _swap_types(data, draw)
    return data


def _swap_types(data: bytes, draw) -> bytes:
    """Replace one value anywhere in a JSON document (or one JSONL line) by another type."""
    text = data.decode("utf-8", "replace")
    try:
        json.loads(text)
        lines = [text]  # one document (ELECTION.json, record.json): swap inside it
    except (ValueError, RecursionError):
        lines = text.splitlines(keepends=True) or [text]  # JSON lines: swap inside one
    index = draw(st.integers(0, len(lines) - 1))
    try:
        document = json.loads(lines[index])
    except (ValueError, RecursionError):
        return data
    slots: list[tuple[object, object]] = []
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            slots += [(value, key) for key in value]
            stack += list(value.values())
        elif isinstance(value, list):
            slots += [(value, i) for i in range(len(value))]
            stack += value
    replacement = draw(
        st.sampled_from(
            [None, True, 0, -1, 1.5, "", "for", "write-in:x", [], {}, [[]], {"a": {}}, 10**4000]
        )
    )
    if not slots:
        document = replacement
    else:
        container, key = slots[draw(st.integers(0, len(slots) - 1))]
        container[key] = replacement  # type: ignore[index]
    try:
        indent = 1 if len(lines) == 1 else None
        lines[index] = json.dumps(document, ensure_ascii=False, indent=indent) + "\n"
    except ValueError:
        return data
    return "".join(lines).encode("utf-8", "surrogatepass")


def _assert_clean(status: int, err: str, allowed: set[int]) -> None:
    assert status in allowed
    assert "Traceback" not in err


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


ELECTION_TEXT = json.dumps(ELECTION, ensure_ascii=False, indent=1)
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(
    election=mutated(ELECTION_TEXT), ballots=st.one_of(st.just(BALLOTS.encode()), mutated(BALLOTS))
)
def test_tally_answers_a_mutated_election_with_0_or_2(tmp_path, capsys, election, ballots):
    (tmp_path / "e.json").write_bytes(election)
    (tmp_path / "b.jsonl").write_bytes(ballots)
    for extra in ([], ["--json"]):
        status = main(["tally", "e.json", "b.jsonl", *extra])
        captured = capsys.readouterr()
        _assert_clean(status, captured.err, {0, 2})
        if status == 2:
            assert captured.out == ""
            assert all(line.startswith(("e.json", "b.jsonl")) for line in captured.err.splitlines())


@SETTINGS
@given(ballots=mutated(BALLOTS))
def test_tally_answers_mutated_ballots_with_0_or_2(tmp_path, capsys, ballots):
    (tmp_path / "e.json").write_text(ELECTION_TEXT, encoding="utf-8")
    (tmp_path / "b.jsonl").write_bytes(ballots)
    status = main(["tally", "e.json", "b.jsonl", "--json"])
    captured = capsys.readouterr()
    _assert_clean(status, captured.err, {0, 2})
    if status == 0:
        json.loads(captured.out)


@pytest.fixture(scope="module")
def record_dir(tmp_path_factory) -> Path:
    election = open_election(RECORD_MANIFEST, scrutineers=("王敏", "李强", "张伟"), threshold=2)
    choices = [{"c1": "for"}, {"c2": "for"}, {"c1": "against"}, {}, {"c1": "for"}]
    vote(election, choices, spoil_every=2)
    directory = tmp_path_factory.mktemp("record") / "poll"
    close_and_publish(election, directory)
    return directory


def _copy(record_dir: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("record.json", "ballots.jsonl"):
        (target / name).write_bytes((record_dir / name).read_bytes())
    return target


def test_the_sound_record_verifies(record_dir, capsys):
    assert main(["verify", str(record_dir), "--lang", "en", "--workers", "1"]) == 0, (
        capsys.readouterr().out
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_verify_answers_a_mutated_record_with_0_1_or_2(record_dir, tmp_path, capsys, data):
    target = _copy(record_dir, tmp_path / f"r{random.randrange(10**9)}")
    which = data.draw(st.sampled_from(["record.json", "ballots.jsonl"]))
    original = (record_dir / which).read_text(encoding="utf-8")
    (target / which).write_bytes(data.draw(mutated(original)))
    status = main(
        [
            "verify",
            str(target),
            "--lang",
            data.draw(st.sampled_from(["en", "zh"])),
            "--workers",
            "1",
        ]
    )
    captured = capsys.readouterr()
    _assert_clean(status, captured.err + captured.out, {0, 1, 2})
    if status == 2:
        assert captured.err.startswith(str(target))


HOSTILE_ELECTIONS = {
    "deep": (_nest(100_000), "e.json:1: nested more than 32 levels deep"),
    "huge": (
        ELECTION_TEXT.replace('"seats": 3', '"seats": ' + "9" * 5000),
        "e.json:1: a number has too many digits",
    ),
    "zero": (
        ELECTION_TEXT.replace('"2/3"', '"00/000"'),
        "e.json:26: rules.quorum: has a zero denominator: 00/000",
    ),
    "zero-one": (
        ELECTION_TEXT.replace('"2/3"', '"1/00"'),
        "e.json:26: rules.quorum: has a zero denominator: 1/00",
    ),
    "surrogate": (
        ELECTION_TEXT.replace("王敏", "\\ud800"),
        "e.json:10: candidates[0].name: holds a lone surrogate",
    ),
    "full-width": (
        ELECTION_TEXT.replace('"2/3"', '"２/３"'),
        "e.json:26: rules.quorum: must be written with ASCII digits 0-9, at most 12 digits a"
        ' part, not "２/３"',
    ),
    "long name": (
        ELECTION_TEXT.replace("王敏", "王" * 31),
        "e.json:10: candidates[0].name: is not a person's name: 31 characters, more than",
    ),
    "invisible name": (
        ELECTION_TEXT.replace("王敏", "\\u200b\\ufeff"),
        "e.json:10: candidates[0].name: is not a person's name: empty once spaces",
    ),
    "write-in id": (
        ELECTION_TEXT.replace('"c1"', '"write-in:赵磊"'),
        'e.json:9: candidates[0].id: must not start with "write-in:"',
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_ELECTIONS))
def test_tally_as_a_child_process_refuses_hostile_files_without_a_traceback(tmp_path, case):
    text, message = HOSTILE_ELECTIONS[case]
    (tmp_path / "e.json").write_text(text, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(BALLOTS, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "dahui", "tally", "e.json", "b.jsonl"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(message), done.stderr


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (_nest(100_000), "b.jsonl:5: nested too deeply"),
        ('{"marks": {"c1": ' + _nest(900) + "}}", "b.jsonl:5: marks.c1: unknown mark a list"),
        ('{"marks": {"c1": "for", "c1": ' + _nest(40) + "}}", "b.jsonl:5: c1: duplicate key"),
        ('{"marks": {}, "write_ins": [' + _nest(40) + "]}", "b.jsonl:5: write_ins[0]: must be"),
        ('{"marks": {"c1": ' + "9" * 5000 + "}}", "b.jsonl:5: a number has too many digits"),
        ('{"marks": {}, "write_ins": ["\\ud800"]}', "b.jsonl:5: write_ins[0]: holds a lone"),
        ('{"marks": {"\\udfff": "for"}}', "b.jsonl:5: marks.\\udfff: holds a lone"),
    ],
)
def test_tally_names_the_hostile_ballot_line(tmp_path, capsys, line, message):
    (tmp_path / "e.json").write_text(ELECTION_TEXT, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(BALLOTS + line + "\n", encoding="utf-8")
    assert main(["tally", "e.json", "b.jsonl"]) == 2
    assert capsys.readouterr().err.startswith(message)


def test_verify_as_a_child_process_answers_hostile_records_without_a_traceback(
    record_dir, tmp_path
):
    cases = {
        "deep": _nest(100_000),
        "huge": '{"format": "dahui-election-record", "version": ' + "9" * 5000 + "}",
        "surrogate": '{"format": "\\ud800"}',
    }
    for name, text in cases.items():
        target = _copy(record_dir, tmp_path / name)
        (target / "record.json").write_text(text, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "dahui", "verify", str(target), "--lang", "en"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2, (name, done.stderr)
        assert "Traceback" not in done.stderr
        assert done.stderr.startswith(f"{target / 'record.json'}:1: ")
    target = _copy(record_dir, tmp_path / "ballots")
    (target / "ballots.jsonl").write_text(_nest(100_000) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "dahui", "verify", str(target), "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "ballot 1 (tracker ?): unreadable" in done.stdout
