"""Check-in as a hall needs it: every arrival and every undo in the audit log, leave recorded
by the secretariat."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from dahui.audit.models import AuditEntry
from dahui.audit.services import verify_stored
from dahui.congress import selectors, services
from dahui.congress.models import Attendance, LeaveRequest
from tests.congress.conftest import row


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("seq"))


def test_a_check_in_writes_an_audit_entry_and_a_repeat_does_not(
    delegate_record, first_session, the_secretary
):
    services.check_in(delegate=delegate_record, session=first_session, by=the_secretary,
                      method="scan")
    services.check_in(delegate=delegate_record, session=first_session, by=the_secretary)
    (entry,) = _entries("check_in.recorded")
    assert entry.subject == f"{delegate_record.number} {delegate_record.name}"
    assert entry.data == {"session": 1, "method": "scan"}


def test_desk_and_scanner_check_ins_are_both_audited(
    add_delegates, congress, first_session, the_secretary
):
    at_desk, at_door = add_delegates([row("甲", "0001"), row("乙", "0002")])
    services.confirm_pending_credentials(congress=congress, by=the_secretary)
    token = services.issue_token(delegate=at_door, by=the_secretary)
    client = Client()
    client.force_login(the_secretary)
    base = f"/c/{congress.pk}/s/{first_session.pk}"
    client.post(f"{base}/check-in/do/", {"delegate": at_desk.pk})
    response = client.post(f"{base}/scan/", json.dumps({"text": f"http://h/d/{token.key}"}),
                           content_type="application/json")
    assert response.status_code == 200
    methods = {e.subject.split()[1]: e.data["method"] for e in _entries("check_in.recorded")}
    assert methods == {"甲": "desk", "乙": "scan"}


def test_checking_in_a_list_writes_one_entry_per_person_and_the_chain_verifies(
    add_delegates, congress, first_session, the_secretary
):
    delegates = add_delegates([row(f"代表{i}", f"{i:04d}") for i in range(30)])
    services.check_in(delegate=delegates[0], session=first_session, by=the_secretary)
    created = services.check_in_many(delegates=delegates, session=first_session,
                                     by=the_secretary)
    assert created == 29
    assert Attendance.objects.filter(session=first_session).count() == 30
    assert len(_entries("check_in.recorded")) == 30
    assert verify_stored(congress_id=congress.pk) == []


def test_undoing_a_check_in_needs_a_reason_and_is_audited(
    delegate_record, first_session, the_secretary
):
    services.check_in(delegate=delegate_record, session=first_session, by=the_secretary)
    with pytest.raises(services.ServiceError):
        services.undo_check_in(delegate=delegate_record, session=first_session, reason="  ",
                               by=the_secretary)
    assert Attendance.objects.count() == 1
    assert services.undo_check_in(delegate=delegate_record, session=first_session,
                                  reason="误签：同名代表", by=the_secretary)
    assert Attendance.objects.count() == 0
    (entry,) = _entries("check_in.undone")
    assert entry.data["reason"] == "误签：同名代表"
    assert entry.data["method"] == "desk"
    assert selectors.attendance_figures(first_session).present == 0


def test_undo_from_the_desk_page(delegate_record, congress, first_session, the_secretary):
    services.check_in(delegate=delegate_record, session=first_session, by=the_secretary)
    client = Client()
    client.force_login(the_secretary)
    url = f"/c/{congress.pk}/s/{first_session.pk}/check-in/undo/"
    refused = client.post(url, {"delegate": delegate_record.pk, "reason": ""}, follow=True)
    assert "撤销签到须填写原因" in refused.content.decode()
    assert Attendance.objects.count() == 1
    client.post(url, {"delegate": delegate_record.pk, "reason": "扫错了证"})
    assert Attendance.objects.count() == 0


def test_the_secretariat_records_leave_for_a_delegate(
    delegate_record, congress, first_session, the_secretary
):
    client = Client()
    client.force_login(the_secretary)
    response = client.post(
        f"/c/{congress.pk}/s/{first_session.pk}/leave/record/",
        {"delegate": delegate_record.pk, "reason": "因公出差"},
    )
    assert response.status_code == 302
    leave = LeaveRequest.objects.get(delegate=delegate_record, session=first_session)
    assert (leave.status, leave.reason, leave.decided_by) == ("approved", "因公出差",
                                                              the_secretary)
    assert selectors.attendance_figures(first_session).on_leave == 1
    assert _entries("leave.recorded")[0].data["reason"] == "因公出差"


def test_leave_is_refused_for_a_delegate_who_is_checked_in(
    delegate_record, first_session, the_secretary
):
    services.check_in(delegate=delegate_record, session=first_session, by=the_secretary)
    with pytest.raises(services.ServiceError):
        services.record_leave(delegate=delegate_record, session=first_session, reason="病假",
                              by=the_secretary)
    assert LeaveRequest.objects.count() == 0


def test_a_pending_request_is_approved_by_recording_leave(
    delegate_record, first_session, the_secretary
):
    services.request_leave(delegate=delegate_record, session=first_session, reason="家事",
                           by=delegate_record.user)
    services.record_leave(delegate=delegate_record, session=first_session,
                          reason="家事（电话确认）", by=the_secretary)
    leave = LeaveRequest.objects.get()
    assert leave.status == "approved"


def test_only_the_secretariat_records_leave(delegate_record, congress, first_session, the_chair):
    client = Client()
    client.force_login(the_chair)
    response = client.post(f"/c/{congress.pk}/s/{first_session.pk}/leave/record/",
                           {"delegate": delegate_record.pk, "reason": "病假"})
    assert response.status_code == 403
    assert LeaveRequest.objects.count() == 0


def test_the_absentee_list_is_grouped_by_delegation_and_downloads(
    add_delegates, congress, first_session, the_secretary
):
    import io

    from openpyxl import load_workbook

    delegates = add_delegates([
        row("煤甲", "0001"), row("煤乙", "0002"), row("=HYPERLINK(1)", "0003"),
        row("教甲", "0004", delegation="教育"), row("教乙", "0005", delegation="教育"),
        row("列席丙", "0006", status="attending"),
    ])
    services.confirm_pending_credentials(congress=congress, by=the_secretary)
    services.check_in(delegate=delegates[0], session=first_session, by=the_secretary)
    services.record_leave(delegate=delegates[3], session=first_session, reason="病假",
                          by=the_secretary)
    groups = {g.delegation: g for g in selectors.absentees(first_session)}
    assert [d.name for d in groups["煤炭"].absent] == ["煤乙", "=HYPERLINK(1)"]
    assert [(d.name, r) for d, r in groups["教育"].on_leave] == [("教甲", "病假")]
    assert [d.name for d in groups["教育"].absent] == ["教乙"]
    # 列席 are never among the absent: they are not entitled.
    assert all(d.name != "列席丙" for g in groups.values() for d in g.absent)

    client = Client()
    client.force_login(the_secretary)
    page = client.get(f"/c/{congress.pk}/s/{first_session.pk}/attendance/").content.decode()
    assert "煤乙" in page
    assert "教甲" in page
    pdf = client.get(f"/c/{congress.pk}/s/{first_session.pk}/absentees.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    xlsx = client.get(f"/c/{congress.pk}/s/{first_session.pk}/absentees.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [tuple(c.value for c in r) for r in sheet.iter_rows(min_row=5, max_col=6)]
    assert ("煤炭", delegates[2].number, "=HYPERLINK(1)", "某煤矿", "缺席", "") in [
        tuple("" if v is None else v for v in r) for r in rows]
    assert [r[2] for r in rows] == ["煤乙", "=HYPERLINK(1)", "教乙", "教甲"]
    formula = next(c for r in sheet.iter_rows(min_row=5) for c in r if c.value == "=HYPERLINK(1)")
    assert formula.data_type == "s"


def test_the_absentee_downloads_are_staff_only(a_delegate, congress, first_session):
    client = Client()
    client.force_login(a_delegate)
    assert client.get(f"/c/{congress.pk}/s/{first_session.pk}/absentees.pdf").status_code == 403
