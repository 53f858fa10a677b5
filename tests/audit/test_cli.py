"""`dahui audit export` and `dahui audit verify` over real files."""

from __future__ import annotations

import json

import pytest

from dahui.audit.services import record
from dahui.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(tmp_path):
    for i in range(4):
        record(congress=5, actor="secretary", action="step", subject=f"s{i}", data={"i": i})
    path = tmp_path / "audit.jsonl"
    assert main(["audit", "export", "--congress", "5", "-o", str(path)]) == 0
    return path


def test_an_untouched_export_verifies(exported, capsys):
    assert main(["audit", "verify", str(exported)]) == 0
    assert "intact" in capsys.readouterr().out


def test_an_edited_export_fails_naming_the_line(exported, capsys):
    lines = exported.read_text().splitlines()
    entry = json.loads(lines[2])
    entry["subject"] = "something else"
    lines[2] = json.dumps(entry, ensure_ascii=False)
    exported.write_text("\n".join(lines) + "\n")
    assert main(["audit", "verify", str(exported)]) == 1
    assert "line 3 (seq 3): hash does not match content (edited)" in capsys.readouterr().err


def test_a_truncated_export_fails_against_its_head(exported, capsys):
    lines = exported.read_text().splitlines()
    exported.write_text("\n".join(lines[:3] + lines[-1:]) + "\n")
    assert main(["audit", "verify", str(exported)]) == 1
    assert "head says seq 4" in capsys.readouterr().err


def test_a_file_that_is_not_json_is_refused_with_its_line(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"seq": 1}\nnot json\n')
    assert main(["audit", "verify", str(bad)]) == 2
    assert "bad.jsonl:2: not JSON" in capsys.readouterr().err


def test_verifying_a_congress_with_no_stored_log_is_refused_not_intact(capsys):
    # Nothing stored under this id (a typo, or a log deleted together with its head row):
    # "intact" would vouch for a log that is not there.
    assert main(["audit", "verify", "--congress", "99999999999999999999999"]) == 2
    captured = capsys.readouterr()
    assert "intact" not in captured.out
    assert "no audit log" in captured.err


def test_a_database_that_cannot_be_read_is_reported_without_a_traceback(capsys, monkeypatch):
    from django.db import OperationalError

    from dahui.audit import services

    def broken(**kwargs):
        raise OperationalError("no such table: audit_audithead")

    monkeypatch.setattr(services, "log_is_stored", broken)
    monkeypatch.setattr(services, "verify_stored", broken)
    monkeypatch.setattr(services, "export_jsonl", broken)
    assert main(["audit", "verify", "--congress", "5"]) == 2
    assert main(["audit", "export", "--congress", "5"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "cannot read the database" in err
    assert "no such table" in err
