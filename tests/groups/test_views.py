"""The group pages with bad input: a Chinese message naming what is wrong, a 4xx, nothing
stored; and what the pages and documents show once summaries are in."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from dahui.audit.models import AuditEntry
from dahui.groups import services
from dahui.groups.models import Bulletin, DiscussionSummary, GroupSitting
from tests.groups.pdf import pdf_text


def client_of(world, person: str) -> Client:
    client = Client()
    client.force_login(world.people[person])
    return client


def summary_url(world, group=None) -> str:
    group = group or world.coal
    return f"/c/{world.congress.pk}/groups/{group.pk}/items/{world.report.pk}/"


def test_the_recorder_saves_and_submits_from_the_form(groups_world):
    client = client_of(groups_world, "the_recorder")
    page = client.get(summary_url(groups_world))
    assert "保存草稿" in page.content.decode()
    response = client.post(summary_url(groups_world), {
        "action": "save", "text": "代表们一致认为报告实事求是。", "opinions": "", "present": "",
        "version": "0"})
    assert response.status_code == 302
    response = client.post(summary_url(groups_world), {
        "action": "submit", "text": "代表们一致认为报告实事求是。",
        "opinions": "加强技能培训", "present": "4", "version": "1"}, follow=True)
    assert "已提交" in response.content.decode()
    assert DiscussionSummary.objects.get().is_final


@pytest.mark.parametrize(("post", "words"), [
    ({"action": "save", "text": "  ", "present": "3"}, "讨论情况为空"),
    ({"action": "save", "text": "讨论", "present": "三"}, "出席人数“三”不是整数"),
    ({"action": "save", "text": "讨论", "present": "40"}, "出席人数 40 不在 0 到本组人数 4 之间"),
    ({"action": "submit", "text": "讨论", "present": ""}, "请填写出席人数后再提交"),
])
def test_bad_summaries_are_refused_with_the_reason(groups_world, post, words):
    response = client_of(groups_world, "the_recorder").post(summary_url(groups_world), post)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not DiscussionSummary.objects.exists()


def test_a_summary_by_a_member_who_is_not_the_recorder_is_refused_in_chinese(groups_world):
    response = client_of(groups_world, "a_member").post(
        summary_url(groups_world), {"action": "save", "text": "讨论", "present": "3"})
    assert response.status_code == 403
    assert "只有“煤炭”的记录人或召集人可以填写讨论情况" in response.content.decode()
    assert not DiscussionSummary.objects.exists()


def test_a_room_clash_is_refused_on_the_group_page(groups_world):
    before = AuditEntry.objects.count()
    response = client_of(groups_world, "the_secretary").post(
        f"/c/{groups_world.congress.pk}/groups/{groups_world.education.pk}/sitting/",
        {"item": groups_world.report.pk, "room": "第一会议室",
         "starts_at": "2026-12-18T15:00", "ends_at": "2026-12-18T16:00"})
    assert response.status_code == 400
    assert "会场冲突：“第一会议室”" in response.content.decode()
    assert GroupSitting.objects.get(group=groups_world.education).room == "第二会议室"
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(("action", "post", "words"), [
    ("sitting", {"item": "x", "room": "甲", "starts_at": "2026-12-18T15:00",
                 "ends_at": "2026-12-18T16:00"}, "议程“x”不是整数"),
    ("sitting", {"item": "{i}", "room": "甲", "starts_at": "明天",
                 "ends_at": "2026-12-18T16:00"}, "开始时间“明天”不是有效的日期时间"),
    ("move", {"numbers": "9999"}, "代表证号“9999”不是本次大会的代表"),
    ("rename", {"name": "教育"}, "已有名为“教育”的小组"),
    ("role", {"role": "recorder", "user": "{outsider}"}, "记录人须从本组代表或大会工作人员中选定"),
    ("split", {"name": "二组"}, "请填写代表证号"),
])
def test_bad_organising_input_is_refused(groups_world, action, post, words):
    post = {k: v.format(i=groups_world.report.pk,
                        outsider=groups_world.people["an_outsider"].pk)
            for k, v in post.items()}
    before = AuditEntry.objects.count()
    response = client_of(groups_world, "the_secretary").post(
        f"/c/{groups_world.congress.pk}/groups/{groups_world.coal.pk}/{action}/", post)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert AuditEntry.objects.count() == before


def _two_summaries(world):
    services.save_summary(group=world.coal, item=world.report, present=4, submit=True,
                          text="煤炭组代表一致拥护工作报告。", opinions="加强安全生产培训",
                          by=world.people["the_recorder"])
    services.save_summary(group=world.education, item=world.report, present=2, submit=True,
                          text="教育组代表认为报告重点突出。", opinions="关心青年教师成长",
                          by=world.people["another_groups_delegate"])


def test_the_secretariat_sees_every_group_side_by_side_and_exports_them(groups_world):
    _two_summaries(groups_world)
    client = client_of(groups_world, "the_secretary")
    page = client.get(f"/c/{groups_world.congress.pk}/discussions/{groups_world.report.pk}/")
    html = page.content.decode()
    assert "煤炭组代表一致拥护工作报告" in html
    assert "教育组代表认为报告重点突出" in html
    export = client.get(
        f"/c/{groups_world.congress.pk}/discussions/{groups_world.report.pk}/summaries.xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[2], r[3]) for r in rows] == [("煤炭", "已提交", 4), ("教育", "已提交", 2)]
    assert rows[0][5] == "加强安全生产培训"


def test_the_bulletin_carries_the_days_summaries_and_is_issued_once_numbered(groups_world):
    _two_summaries(groups_world)
    client = client_of(groups_world, "the_secretary")
    response = client.post(f"/c/{groups_world.congress.pk}/bulletins/2026-12-18/issue/")
    assert response.status_code == 302
    bulletin = Bulletin.objects.get()
    text = pdf_text(bytes(bulletin.pdf))
    assert "第1期" in text
    assert "测试市总工会第一次代表大会" in text
    assert "煤炭组代表一致拥护工作报告" in text
    assert "教育组代表认为报告重点突出" in text
    assert "应到会代表6人，实到0人" in text
    entry = AuditEntry.objects.filter(action="bulletin.issued").get()
    assert entry.data["sha256"] == bulletin.sha256
    download = client.get(f"/c/{groups_world.congress.pk}/bulletins/1.pdf")
    assert download.content == bytes(bulletin.pdf)


def test_a_bulletin_for_a_day_outside_the_congress_is_not_found(groups_world):
    client = client_of(groups_world, "the_secretary")
    assert client.get(
        f"/c/{groups_world.congress.pk}/bulletins/2027-01-01/preview.pdf").status_code == 404
    assert client.post(
        f"/c/{groups_world.congress.pk}/bulletins/2026-13-01/issue/").status_code == 404
    assert not Bulletin.objects.exists()


def test_submitted_summaries_go_into_the_session_minutes(groups_world):
    _two_summaries(groups_world)
    session = groups_world.congress.sessions.get()
    page = client_of(groups_world, "the_secretary").get(
        f"/c/{groups_world.congress.pk}/s/{session.pk}/minutes/")
    html = page.content.decode()
    assert "四、分组讨论情况" in html
    assert "【煤炭】（出席4人）煤炭组代表一致拥护工作报告。" in html


def test_drafts_stay_out_of_the_minutes_and_the_bulletin(groups_world):
    services.save_summary(group=groups_world.coal, item=groups_world.report, present=4,
                          text="草稿内容", by=groups_world.people["the_recorder"])
    session = groups_world.congress.sessions.get()
    client = client_of(groups_world, "the_secretary")
    html = client.get(f"/c/{groups_world.congress.pk}/s/{session.pk}/minutes/").content.decode()
    assert "草稿内容" not in html
    preview = client.get(f"/c/{groups_world.congress.pk}/bulletins/2026-12-18/preview.pdf")
    assert "草稿内容" not in pdf_text(preview.content)
