"""The pages: refusals in Chinese with 400 and nothing stored, the reports, the hall screen's
counts and the live event each change publishes."""

from __future__ import annotations

import io
import json
import subprocess

import pytest
from django.test import Client
from openpyxl import load_workbook

from dahui.live.events import EVENT_TYPES, ProposalChanged
from dahui.proposals import selectors, services
from dahui.proposals.models import Proposal, Reply, Signature
from dahui.rules import proposals as rules
from tests.proposals.conftest import assigned, draft, registered, submitted


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def errors(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


NEW = {"title": "关于职工食堂的建议", "category": "职工生活", "case": "食堂价格偏高。",
       "measures": "引入竞争。", "joint": "seconders", "invite": "李强 张伟"}


def test_a_proposal_written_on_the_phone_invites_named_delegates(pw):
    response = client_for(pw.delegate("王敏").user).post(
        f"/c/{pw.congress.pk}/proposals/new/", NEW)
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert set(proposal.signatures.values_list("delegate__name", flat=True)) == {"李强", "张伟"}


def test_an_unknown_delegate_to_invite_is_named_and_nothing_is_stored(pw):
    response = client_for(pw.delegate("王敏").user).post(
        f"/c/{pw.congress.pk}/proposals/new/", {**NEW, "invite": "李强 无名氏"})
    assert response.status_code == 400
    assert "没有代表“无名氏”" in errors(response)
    assert not Proposal.objects.exists()


def test_a_missing_title_is_refused_by_field(pw):
    response = client_for(pw.delegate("王敏").user).post(
        f"/c/{pw.congress.pk}/proposals/new/", {**NEW, "title": ""})
    assert response.status_code == 400
    assert "标题" in errors(response)
    assert not Proposal.objects.exists()


def test_handing_in_without_seconders_is_refused_in_chinese(pw):
    proposal = draft(pw)
    response = client_for(pw.delegate("王敏").user).post(
        f"/c/{pw.congress.pk}/proposals/{proposal.pk}/submit/")
    assert response.status_code == 400
    assert "至少需要 2 名代表确认附议，目前已确认 0 名" in errors(response)
    proposal.refresh_from_db()
    assert proposal.state == rules.DRAFT


def test_seconding_twice_is_refused_in_chinese(pw):
    proposal = draft(pw)
    client = client_for(pw.delegate("李强").user)
    url = f"/c/{pw.congress.pk}/proposals/{proposal.pk}/second/"
    assert client.post(url).status_code == 302
    response = client.post(url)
    assert response.status_code == 400
    assert "不能重复附议" in errors(response)
    assert Signature.objects.filter(delegate=pw.delegate("李强")).count() == 1


def test_seconding_ones_own_is_refused_in_chinese(pw):
    proposal = draft(pw)
    response = client_for(pw.delegate("王敏").user).post(
        f"/c/{pw.congress.pk}/proposals/{proposal.pk}/second/")
    assert response.status_code == 400
    assert "不能附议自己的提案" in errors(response)


def test_an_attendee_is_told_in_chinese(pw):
    proposal = draft(pw)
    client = client_for(pw.attending.user)
    response = client.post(f"/c/{pw.congress.pk}/proposals/{proposal.pk}/second/")
    assert response.status_code == 400
    assert "列席人员不能提出或附议提案" in errors(response)
    page = client.get(f"/c/{pw.congress.pk}/proposals/").content.decode()
    assert "列席人员不能提出或附议提案" in page


def test_outside_the_window_the_phone_is_told_when(pw):
    from tests.proposals.conftest import open_collection

    proposal = draft(pw)
    import datetime as dt

    from django.utils import timezone
    now = timezone.now()
    open_collection(pw.congress, pw.secretariat, opens_at=now - dt.timedelta(days=3),
                    closes_at=now - dt.timedelta(days=2))
    response = client_for(pw.delegate("李强").user).post(
        f"/c/{pw.congress.pk}/proposals/{proposal.pk}/second/")
    assert response.status_code == 400
    assert "提案征集已于" in errors(response)
    assert not Signature.objects.filter(confirmed_at__isnull=False).exists()


def test_declining_without_a_reason_is_refused(pw):
    proposal = submitted(pw)
    response = client_for(pw.committee).post(
        f"/c/{pw.congress.pk}/proposals/{proposal.pk}/review/", {"decision": "decline"})
    assert response.status_code == 400
    assert "不予立案的理由：必须填写" in errors(response)
    proposal.refresh_from_db()
    assert proposal.state == rules.SUBMITTED


def test_the_proposer_sees_the_decision_and_reason(pw):
    proposal = submitted(pw)
    services.decline(proposal=proposal, reason="不属于工会职责范围", by=pw.committee)
    page = client_for(pw.delegate("王敏").user).get(
        f"/c/{pw.congress.pk}/proposals/{proposal.pk}/").content.decode()
    assert "不予立案" in page
    assert "不属于工会职责范围" in page


def test_a_department_user_sees_only_its_proposals(pw):
    mine = registered(pw, title="交给劳动保护部")
    services.assign(proposal=mine, departments=[pw.safety], lead=pw.safety,
                    deadline=mine.submitted_at.date().replace(year=2099), by=pw.committee)
    registered(pw, title="未交办")
    page = client_for(pw.safety_user).get(
        f"/c/{pw.congress.pk}/proposals/department/").content.decode()
    assert "交给劳动保护部" in page
    assert "未交办" not in page
    other = client_for(pw.economy_user).get(
        f"/c/{pw.congress.pk}/proposals/department/").content.decode()
    assert "交给劳动保护部" not in other


def test_replying_to_an_unassigned_proposal_is_refused_and_stores_nothing(pw):
    proposal = registered(pw)
    services.assign(proposal=proposal, departments=[pw.safety], lead=pw.safety,
                    deadline=proposal.submitted_at.date().replace(year=2099), by=pw.committee)
    response = client_for(pw.economy_user).post(
        f"/c/{pw.congress.pk}/proposals/{proposal.pk}/reply/", {"text": "越权"})
    assert response.status_code == 403
    assert not Reply.objects.exists()


def test_the_review_report_lists_titles_and_counts(pw, artifacts_dir):
    main = registered(pw)
    services.decline(proposal=submitted(pw, proposer="陈静", seconders=("杨帆", "赵磊"),
                                        title="关于食堂的意见"),
                     reason="属于单位内部事务", by=pw.committee)
    services.merge(proposal=submitted(pw, proposer="周涛", seconders=("杨帆", "赵磊"),
                                      title="高温津贴"), into=main, by=pw.committee)
    client = client_for(pw.committee)
    pdf = client.get(f"/c/{pw.congress.pk}/proposals/review-report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    (artifacts_dir / "proposals-review-report.pdf").write_bytes(pdf.content)
    text = pdf_text(pdf.content)
    assert "大会共收到代表提案3件" in text.replace(" ", "").replace("\n", "")
    for words in ("关于加强高温作业劳动保护的建议", "关于食堂的意见", "属于单位内部事务",
                  "并入第1号"):
        assert words in text.replace("\n", "")
    book = load_workbook(io.BytesIO(
        client.get(f"/c/{pw.congress.pk}/proposals/review-report.xlsx").content))
    rows = list(book["分类统计"].iter_rows(values_only=True))
    assert ("合计", 3, 1, 1, 1, 0, 0) in rows
    assert "不予立案的提案" in book.sheetnames


def test_the_handling_report_shows_departments_and_verdicts(pw):
    proposal = assigned(pw)
    services.reply(proposal=proposal, department=pw.safety, text="已办。", by=pw.safety_user)
    services.record_verdict(proposal=proposal, verdict=rules.BASICALLY_SATISFIED, by=None)
    client = client_for(pw.secretariat)
    text = pdf_text(client.get(f"/c/{pw.congress.pk}/proposals/handling-report.pdf").content)
    flat = text.replace("\n", "").replace(" ", "")
    assert "劳动保护部" in flat
    assert "基本满意" in flat
    book = load_workbook(io.BytesIO(
        client.get(f"/c/{pw.congress.pk}/proposals/handling-report.xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert any(row[3] == "劳动保护部" and row[4] == "经济工作部" for row in rows)


def test_the_hall_snapshot_carries_the_counts_while_shown(pw):
    registered(pw)
    url = f"/screen/{pw.congress.pk}/{pw.congress.screen_token}/snapshot.json"
    assert Client().get(url).json()["proposals"] is None
    services.show_on_screen(congress=pw.congress, on=True, by=pw.secretariat)
    counts = Client().get(url).json()["proposals"]
    assert counts["total"] == 1
    assert counts["registered"] == 1


@pytest.mark.django_db(transaction=True)
def test_each_change_publishes_the_typed_event(pw, monkeypatch):
    sent = []
    monkeypatch.setattr("dahui.live.events.publish", lambda event: sent.append(event))
    proposal = draft(pw)
    services.second(proposal=proposal, delegate=pw.delegate("李强"), by=None)
    assert sent == [ProposalChanged(congress_id=pw.congress.pk, proposal_id=proposal.pk)] * 2
    assert EVENT_TYPES["proposal.changed"] is ProposalChanged
    assert json.dumps(sent[0].payload())


def test_the_secretariat_sets_the_window_and_categories_line_by_line(pw):
    client = client_for(pw.secretariat)
    page = client.get(f"/c/{pw.congress.pk}/proposals/settings/").content.decode()
    assert "经济发展\n劳动就业" in page
    response = client.post(f"/c/{pw.congress.pk}/proposals/settings/", {
        "opens_at": "2026-12-01T08:00", "closes_at": "2026-12-18T12:00", "min_seconders": "3",
        "min_joint": "4", "second_reply_days": "20", "categories": "安全生产\n职工生活\n"})
    assert response.status_code == 302
    settings = selectors.settings_of(pw.congress)
    assert settings.categories == ["安全生产", "职工生活"]
    assert (settings.min_seconders, settings.min_joint) == (3, 4)
    bad = client.post(f"/c/{pw.congress.pk}/proposals/settings/", {
        "opens_at": "2026-12-18T12:00", "closes_at": "2026-12-01T08:00", "min_seconders": "2",
        "min_joint": "3", "second_reply_days": "20", "categories": "其他"})
    assert bad.status_code == 400
    assert "征集截止时间：必须晚于开始时间" in errors(bad)
    assert selectors.settings_of(pw.congress).categories == ["安全生产", "职工生活"]
