"""A published head catches a rewritten log; `dahui audit verify` never shows a traceback."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dahui.audit.chain import GENESIS, Head, entry_hash
from dahui.audit.head import current_head, head_after
from dahui.audit.models import AuditEntry, AuditHead
from dahui.audit.services import record
from dahui.cli import main

CONGRESS = 7


def _log(n: int = 6) -> None:
    for i in range(n):
        record(congress=CONGRESS, actor="mishu", action="check_in" if i % 2 else "step",
               subject=f"s{i}", data={"i": i})


def _export(path: Path) -> Path:
    assert main(["audit", "export", "--congress", str(CONGRESS), "-o", str(path)]) == 0
    return path


def _rewrite(lines: list[str], *, drop_seq: int) -> list[str]:
    """What an administrator could do: remove an entry, renumber and rehash everything after
    it and move the head, so that the log checks out on its own."""
    entries = [json.loads(line) for line in lines[:-1]]
    kept = [e for e in entries if e["seq"] != drop_seq]
    prev = GENESIS
    for seq, entry in enumerate(kept, start=1):
        entry["seq"], entry["prev_hash"] = seq, prev
        entry["hash"] = prev = entry_hash(entry)
    head = {"head": {"congress_id": CONGRESS, "seq": len(kept), "hash": prev}}
    return [json.dumps(e, ensure_ascii=False) for e in kept] + [json.dumps(head)]


def _verify(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["audit", "verify", *args])
    return code, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_current_head_follows_the_log_and_head_after_stays_at_publication():
    assert current_head(CONGRESS) == Head(0, GENESIS)
    _log(3)
    published = AuditEntry.objects.get(congress_id=CONGRESS, seq=2)
    assert head_after(congress=CONGRESS, action="check_in", subject="s1") == Head(
        2, published.hash
    )
    for i in range(2):
        record(congress=CONGRESS, actor="mishu", action="step", subject=f"later{i}")
    assert current_head(CONGRESS).seq == 5
    assert head_after(congress=CONGRESS, action="check_in", subject="s1").seq == 2
    assert head_after(congress=CONGRESS, action="nothing", subject="s1") is None


@pytest.mark.django_db
def test_a_rewritten_log_verifies_alone_but_not_against_the_published_head(tmp_path):
    _log(6)
    published = current_head(CONGRESS)
    path = _export(tmp_path / "log.jsonl")
    path.write_text("\n".join(_rewrite(path.read_text().splitlines(), drop_seq=3)) + "\n")
    assert _verify(str(path))[0] == 0  # the rewrite holds together on its own …
    code, out, err = _verify(str(path), "--head", str(published))
    assert code == 1  # … but not against what was published
    assert "FAILED" in out
    assert "not in the log" in err  # seq 6 is gone: five entries left


@pytest.mark.django_db
def test_an_earlier_published_head_catches_a_rewrite_that_kept_the_length(tmp_path):
    _log(6)
    published = current_head(CONGRESS)
    _log(1)  # the log grew after publication: that is allowed
    path = _export(tmp_path / "log.jsonl")
    assert _verify(str(path), "--head", str(published))[0] == 0
    lines = path.read_text().splitlines()
    entries = [json.loads(line) for line in lines[:-1]]
    entries[1]["subject"] = "someone else"  # edit entry 2, rehash from there on
    prev = entries[0]["hash"]
    for entry in entries[1:]:
        entry["prev_hash"] = prev
        entry["hash"] = prev = entry_hash(entry)
    head = {"head": {"congress_id": CONGRESS, "seq": 7, "hash": prev}}
    path.write_text("\n".join([*map(json.dumps, entries), json.dumps(head)]) + "\n")
    assert _verify(str(path))[0] == 0
    code, _, err = _verify(str(path), "--head", str(published))
    assert code == 1
    assert "rewritten after publication" in err


@pytest.mark.django_db
def test_the_stored_log_rewritten_in_the_database_fails_against_the_published_head():
    _log(5)
    published = current_head(CONGRESS)
    # Delete the last two entries and re-insert different ones with good hashes.
    AuditEntry.objects.filter(congress_id=CONGRESS, seq__gte=4).delete()
    AuditHead.objects.filter(congress_id=CONGRESS).update(
        seq=3, hash=AuditEntry.objects.get(congress_id=CONGRESS, seq=3).hash
    )
    _log(2)
    assert _verify("--congress", str(CONGRESS))[0] == 0
    assert _verify("--congress", str(CONGRESS), "--head", str(published))[0] == 1


@pytest.mark.django_db
def test_a_head_file_as_published_with_the_record_is_accepted(tmp_path):
    _log(3)
    head_file = tmp_path / "audit-head.json"
    head_file.write_text(json.dumps({"poll": 1, "audit_head": current_head(CONGRESS).as_json()}))
    path = _export(tmp_path / "log.jsonl")
    assert _verify(str(path), "--head", str(head_file))[0] == 0


MALFORMED = {
    "head is a number": '{"head": 5}\n',
    "a list": "[1, 2, 3]\n",
    "truncated JSON": '{"congress_id": 7, "seq": 1, "at": "2026',
    "head without hash": '{"head": {"seq": 3}}\n',
    "head with a string seq": '{"head": {"seq": "3", "hash": "' + "a" * 64 + '"}}\n',
    "entry with a string seq": json.dumps({
        "congress_id": 7, "seq": "1", "at": "", "actor": "", "action": "", "subject": "",
        "data": {}, "prev_hash": GENESIS, "hash": GENESIS}) + "\n",
    "entry whose data is a list": json.dumps({
        "congress_id": 7, "seq": 1, "at": "", "actor": "", "action": "", "subject": "",
        "data": [], "prev_hash": GENESIS, "hash": GENESIS}) + "\n",
    "deep nesting": "[" * 100_000 + "]" * 100_000 + "\n",
    "a huge number": '{"seq": ' + "9" * 5000 + "}\n",
    "a lone surrogate": '{"actor": "\\ud800"}\n',
    "a string": '"just a string"\n',
    "null": "null\n",
    "two heads": '{"head": {"seq": 0, "hash": "' + GENESIS + '"}}\n' * 2,
    "head beside other fields": '{"head": {"seq": 0, "hash": "' + GENESIS + '"}, "x": 1}\n',
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_exports_exit_2_with_a_message(tmp_path, name):
    path = tmp_path / "bad.jsonl"
    path.write_text(MALFORMED[name], encoding="utf-8", errors="surrogatepass")
    code, _, err = _verify(str(path))
    assert code == 2, err
    assert f"{path}:" in err


def test_unreadable_files_exit_2(tmp_path):
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert _verify(str(binary))[0] == 2
    assert _verify(str(tmp_path / "missing.jsonl"))[0] == 2
    assert _verify(str(tmp_path))[0] == 2  # a directory


@pytest.mark.parametrize("head", ["5", "x:y", "-1:" + "a" * 64, "3:" + "g" * 64, "3:abc",
                                  "0:" + "a" * 64, "9" * 40 + ":" + "a" * 64])
def test_a_malformed_published_head_exits_2(tmp_path, head):
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    code, _, err = _verify(str(path), f"--head={head}")
    assert code == 2
    assert "--head" in err


def test_the_command_itself_prints_no_traceback_on_malformed_input(tmp_path):
    for name in ("head is a number", "deep nesting", "a lone surrogate", "a huge number"):
        path = tmp_path / "bad.jsonl"
        path.write_text(MALFORMED[name], encoding="utf-8", errors="surrogatepass")
        completed = subprocess.run(
            [sys.executable, "-m", "dahui", "audit", "verify", str(path)],
            capture_output=True, text=True, timeout=60,
        )
        assert completed.returncode == 2, (name, completed.stderr)
        assert "Traceback" not in completed.stderr


def _valid_export_lines() -> list[str]:
    prev, lines = GENESIS, []
    for seq in range(1, 5):
        entry = {"congress_id": 7, "seq": seq, "at": "2026-12-02T09:00:00+08:00",
                 "actor": "mishu", "action": "step", "subject": f"s{seq}",
                 "data": {"i": seq, "名": "王敏"}, "prev_hash": prev}
        entry["hash"] = prev = entry_hash(entry)
        lines.append(json.dumps(entry, ensure_ascii=False, sort_keys=True))
    lines.append(json.dumps({"head": {"congress_id": 7, "seq": 4, "hash": prev}}))
    return lines


VALID = _valid_export_lines()
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)


@st.composite
def mutated_exports(draw) -> str:
    lines = list(VALID)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "drop", "dup", "swap", "field", "chars", "junk"]))
        i = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if not lines:
            lines.append(draw(st.text(max_size=20)))
        elif kind == "cut":
            text = "\n".join(lines)
            lines = text[: draw(st.integers(0, len(text)))].split("\n")
        elif kind == "drop":
            del lines[i]
        elif kind == "dup":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "field":
            try:
                value = json.loads(lines[i])
            except ValueError:
                continue
            if isinstance(value, dict) and value:
                key = draw(st.sampled_from(sorted(value)))
                value[key] = draw(json_values)
                lines[i] = json.dumps(value, ensure_ascii=False)
        elif kind == "chars":
            line = lines[i]
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.text(max_size=4)) + line[at + 1:]
        else:
            lines.insert(i, draw(st.text(max_size=30)))
    return "\n".join(lines)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated_exports(), head=st.one_of(st.none(), st.text(max_size=70)))
def test_mutated_exports_give_0_1_or_2_and_never_raise(text, head):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.jsonl"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        args = [str(path)] + ([f"--head={head}"] if head is not None else [])
        code, _, err = _verify(*args)
    assert code in (0, 1, 2)
    if code == 2:
        assert err.strip()
