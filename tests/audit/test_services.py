"""The audit log: appends chain, tampering is found, the database refuses edits."""

from __future__ import annotations

import json
import threading

import pytest
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction

from dahui.audit.chain import GENESIS, verify_chain
from dahui.audit.models import AuditEntry, AuditHead
from dahui.audit.services import export_jsonl, record, verify_stored

pytestmark = pytest.mark.django_db


def _three_entries() -> list[dict]:
    user = User.objects.create_user("secretary")
    record(congress=7, actor=user, action="roster.imported", subject="roster", data={"rows": 298})
    record(congress=7, actor=user, action="poll.opened", subject="poll 1", data={"issued": 280})
    record(congress=7, actor=None, action="poll.closed", subject="poll 1")
    return [e.as_record() for e in AuditEntry.objects.filter(congress_id=7).order_by("seq")]


def test_entries_link_each_to_the_one_before():
    entries = _three_entries()
    assert [e["seq"] for e in entries] == [1, 2, 3]
    assert entries[0]["prev_hash"] == GENESIS
    assert entries[1]["prev_hash"] == entries[0]["hash"]
    assert entries[2]["prev_hash"] == entries[1]["hash"]
    assert entries[0]["actor"] == "secretary"
    assert entries[2]["actor"] == "system"
    assert verify_stored(congress_id=7) == []


def test_each_congress_has_its_own_chain():
    _three_entries()
    other = record(congress=8, actor="chair", action="agenda.moved", subject="item 2")
    assert other.seq == 1
    assert other.prev_hash == GENESIS


def test_an_edited_entry_is_found():
    entries = _three_entries()
    entries[1]["data"] = {"issued": 290}
    problems = verify_chain(entries)
    assert [p.seq for p in problems] == [2]
    assert "edited" in problems[0].message


def test_a_removed_entry_is_found():
    entries = _three_entries()
    del entries[1]
    messages = [p.message for p in verify_chain(entries)]
    assert any("expected 2" in m for m in messages)
    assert any("link broken" in m for m in messages)


def test_reordered_entries_are_found():
    entries = _three_entries()
    entries[1], entries[2] = entries[2], entries[1]
    assert verify_chain(entries)


def test_entries_cut_off_the_end_are_found_against_the_head():
    entries = _three_entries()
    head = AuditHead.objects.get(congress_id=7)
    assert verify_chain(entries[:2], head={"seq": head.seq, "hash": head.hash})
    assert verify_chain(entries, head={"seq": head.seq, "hash": head.hash}) == []


def test_the_database_refuses_to_update_an_entry():
    _three_entries()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(congress_id=7, seq=2).update(action="poll.cancelled")
    assert AuditEntry.objects.get(congress_id=7, seq=2).action == "poll.opened"


def test_export_ends_with_the_head_and_verifies():
    _three_entries()
    lines = [json.loads(line) for line in export_jsonl(congress_id=7)]
    assert lines[-1]["head"]["seq"] == 3
    assert verify_chain(lines[:-1], head=lines[-1]["head"]) == []


def test_dates_in_data_are_stored_exactly_as_hashed():
    import datetime

    entry = record(
        congress=3, actor="x", action="a", subject="s", data={"on": datetime.date(2026, 11, 26)}
    )
    entry.refresh_from_db()
    assert entry.data == {"on": "2026-11-26"}
    assert verify_stored(congress_id=3) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_never_fork_the_chain(postgres):
    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            for i in range(10):
                record(congress=11, actor=f"worker{n}", action="x", subject=f"{n}-{i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEntry.objects.filter(congress_id=11).count() == 80
    assert verify_stored(congress_id=11) == []


def test_every_check_in_is_in_the_audit_chain_and_a_repeated_scan_adds_nothing(db):
    from dahui.audit.models import AuditEntry
    from dahui.audit.services import verify_stored
    from dahui.congress.services import check_in
    from tests.elections.people import build_world

    world = build_world(checked_in=0)
    for delegate in world.delegates:
        check_in(delegate=delegate, session=world.session, by=world.secretariat)
    check_in(delegate=world.delegates[0], session=world.session, by=world.secretariat)
    entries = AuditEntry.objects.filter(congress_id=world.congress.pk, action="check_in.recorded")
    assert entries.count() == len(world.delegates)
    assert {e.subject for e in entries} == {f"{d.number} {d.name}" for d in world.delegates}
    assert verify_stored(congress_id=world.congress.pk) == []
