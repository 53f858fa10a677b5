"""Congress services: check-in, credentials, tokens, code login, leave, agenda, documents."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dahui.audit.models import AuditEntry
from dahui.congress import login_throttle, selectors, services
from dahui.congress.models import Attendance, DelegateStatus, LoginFailure
from tests.congress.conftest import row


def test_repeated_check_in_keeps_the_first_record(delegate_record, first_session, the_secretary):
    first, created = services.check_in(delegate=delegate_record, session=first_session,
                                       by=the_secretary, method="scan")
    again, created_again = services.check_in(delegate=delegate_record, session=first_session,
                                             by=the_secretary, method="desk")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert again.method == "scan"
    assert Attendance.objects.count() == 1


def test_a_rejected_delegate_is_not_admitted(delegate_record, first_session, the_secretary):
    services.decide_credential(delegate=delegate_record, decision="rejected", by=the_secretary)
    with pytest.raises(services.ServiceError):
        services.check_in(delegate=delegate_record, session=first_session, by=the_secretary)
    assert Attendance.objects.count() == 0


def test_replacing_a_delegate_links_the_replacement_and_is_audited(
    add_delegates, the_secretary, congress
):
    old, new = add_delegates([row("张伟", "1234"), row("刘洋", "5678")])
    services.decide_credential(delegate=old, decision="replaced", replacement=new,
                               by=the_secretary)
    old.refresh_from_db()
    assert old.credential_status == "replaced"
    assert old.replaced_by == new
    entry = AuditEntry.objects.filter(congress_id=congress.pk, action="credential.decided").last()
    assert entry.data["replacement"] == new.number


def test_replacing_without_a_replacement_is_refused(delegate_record, the_secretary):
    with pytest.raises(services.ServiceError):
        services.decide_credential(delegate=delegate_record, decision="replaced",
                                   by=the_secretary)
    delegate_record.refresh_from_db()
    assert delegate_record.credential_status == "confirmed"


def test_a_revoked_token_no_longer_logs_in_and_a_reissued_one_does(delegate_record):
    first = services.issue_token(delegate=delegate_record, by=None)
    assert selectors.delegate_for_token(first.key) == delegate_record
    assert services.revoke_token(delegate=delegate_record, by=None)
    assert selectors.delegate_for_token(first.key) is None
    second = services.issue_token(delegate=delegate_record, by=None)
    assert second.key != first.key
    assert selectors.delegate_for_token(second.key) == delegate_record
    assert len(second.key) >= 32  # 24 random bytes: 192 bits


def test_reissuing_revokes_the_previous_token(delegate_record):
    first = services.issue_token(delegate=delegate_record, by=None)
    services.issue_token(delegate=delegate_record, by=None)
    assert selectors.delegate_for_token(first.key) is None
    assert delegate_record.tokens.filter(revoked_at__isnull=True).count() == 1


def test_access_code_and_id_tail_log_in(delegate_record):
    found = services.delegate_by_access_code(
        access_code=delegate_record.access_code.lower(), id_tail="032x", address="10.0.0.1"
    )
    assert found == delegate_record


def test_five_wrong_id_tails_make_the_code_wait_even_for_the_right_one(delegate_record):
    for _ in range(login_throttle.FREE_PER_CODE):
        with pytest.raises(services.LoginRefused):
            services.delegate_by_access_code(access_code=delegate_record.access_code,
                                             id_tail="0000", address="10.0.0.2")
    with pytest.raises(services.LoginLocked):
        services.delegate_by_access_code(access_code=delegate_record.access_code,
                                         id_tail="032X", address="10.0.0.3")


def test_many_failures_from_one_address_do_not_lock_a_code_that_never_failed(delegate_record):
    LoginFailure.objects.bulk_create(
        [LoginFailure(access_code=f"GUESS{i}", address="10.9.9.9") for i in range(500)]
    )
    assert services.delegate_by_access_code(
        access_code=delegate_record.access_code, id_tail="032X", address="10.9.9.9"
    ) == delegate_record


def test_leave_is_decided_once(delegate_record, first_session, the_secretary):
    leave = services.request_leave(delegate=delegate_record, session=first_session,
                                   reason="住院", by=delegate_record.user)
    services.decide_leave(leave=leave, approve=True, by=the_secretary)
    with pytest.raises(services.ServiceError):
        services.decide_leave(leave=leave, approve=False, by=the_secretary)
    leave.refresh_from_db()
    assert leave.status == "approved"
    assert AuditEntry.objects.filter(action="leave.decided").count() == 1


def test_attendance_figures_count_present_leave_and_absent(
    add_delegates, congress, first_session, the_secretary
):
    delegates = add_delegates([row(f"代表{i}", f"{i:04d}") for i in range(6)])
    services.confirm_pending_credentials(congress=congress, by=the_secretary)
    (attending,) = add_delegates([row("列席甲", "9999", status=DelegateStatus.ATTENDING)])
    for delegate in delegates[:3]:
        services.check_in(delegate=delegate, session=first_session, by=the_secretary)
    services.check_in(delegate=attending, session=first_session, by=the_secretary)
    leave = services.request_leave(delegate=delegates[5], session=first_session, reason="出差",
                                   by=None)
    services.decide_leave(leave=leave, approve=True, by=the_secretary)
    figures = selectors.attendance_figures(first_session)
    assert (figures.entitled, figures.present, figures.on_leave, figures.absent) == (6, 3, 1, 2)
    assert figures.quorum_required == 4
    assert not figures.has_quorum
    services.check_in(delegate=delegates[3], session=first_session, by=the_secretary)
    assert selectors.attendance_figures(first_session).has_quorum


def test_invited_delegates_are_entitled_only_when_the_congress_says_so(
    add_delegates, congress, the_secretary
):
    add_delegates([row("特邀甲", "1212", status=DelegateStatus.INVITED), row("正式甲", "3434")])
    services.confirm_pending_credentials(congress=congress, by=the_secretary)
    assert [d.name for d in selectors.entitled_delegates(congress)] == ["正式甲"]
    congress.invitees_vote = True
    assert sorted(d.name for d in selectors.entitled_delegates(congress)) == ["正式甲", "特邀甲"]


def test_agenda_items_move_and_the_pointer_is_set(congress, the_secretary, the_chair):
    items = [
        services.add_agenda_item(congress=congress, kind=kind, title=title, by=the_secretary)
        for kind, title in [("report", "工作报告"), ("greeting", "致辞"), ("election", "选举")]
    ]
    services.move_agenda_item(item=items[2], offset=-1, by=the_secretary)
    assert [i.title for i in selectors.agenda(congress)] == ["工作报告", "选举", "致辞"]
    services.set_current_item(congress=congress, item=items[1], by=the_chair)
    congress.refresh_from_db()
    assert congress.current_item == items[1]
    assert AuditEntry.objects.filter(action="agenda.current").count() == 1


def test_only_pdf_documents_are_attached(congress, the_secretary):
    item = services.add_agenda_item(congress=congress, kind="report", title="工作报告",
                                    by=the_secretary)
    fake = SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>")
    with pytest.raises(services.ServiceError):
        services.attach_document(item=item, title="", upload=fake, by=the_secretary)
    pdf = SimpleUploadedFile("工作报告.pdf", b"%PDF-1.4\n% test\n%%EOF\n")
    document = services.attach_document(item=item, title="", upload=pdf, by=the_secretary)
    assert document.title == "工作报告"
    assert document.file.read().startswith(b"%PDF-")
    assert item.documents.count() == 1


def test_oversized_documents_are_refused(congress, the_secretary, monkeypatch):
    monkeypatch.setattr(services, "MAX_DOCUMENT_BYTES", 10)
    item = services.add_agenda_item(congress=congress, kind="report", title="工作报告",
                                    by=the_secretary)
    pdf = SimpleUploadedFile("r.pdf", b"%PDF-1.4\n" + b"x" * 100)
    with pytest.raises(services.ServiceError):
        services.attach_document(item=item, title="", upload=pdf, by=the_secretary)
    assert item.documents.count() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_scans_of_one_card_make_one_attendance(
    postgres, delegate_record, first_session, the_secretary
):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def scan(_):
        try:
            return services.check_in(delegate=delegate_record, session=first_session,
                                     by=the_secretary, method="scan")[1]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        created = list(pool.map(scan, range(12)))
    assert created.count(True) == 1
    assert Attendance.objects.count() == 1
