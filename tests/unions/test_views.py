"""The pages do what the services say: refusals are a 400 with the reason, nothing stored."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dahui.unions import services
from dahui.unions.models import Member, MemberUpload, Nomination, Objection, Stage

from .conftest import HUAXIANG, branch, csv_bytes


def test_an_art_6_nominee_entered_on_the_page_is_refused_with_the_reason(client, election,
                                                                         huaxiang, people):
    client.force_login(people["huaxiang_prep"])
    client.post(reverse("unions:action", args=[election.pk, "open-nomination"]))
    response = client.post(reverse("unions:action", args=[election.pk, "nominate"]), {
        "branch": branch(huaxiang, "机关分会").pk, "numbers": "1005，1006"})
    assert response.status_code == 400
    assert "赵磊（1006）不得作为候选人（第六条）：企业行政负责人" in response.content.decode()
    assert not Nomination.objects.exists()
    # The refusal is on the election's record, with the reason.
    page = client.get(reverse("unions:election", args=[election.pk])).content.decode()
    assert "赵磊：企业行政负责人" in page
    assert "推荐被拒绝（第六条）" in page


def test_a_notice_shorter_than_7_days_is_a_400(client, approved, people):
    client.force_login(people["huaxiang_prep"])
    response = client.post(reverse("unions:action", args=[approved.pk, "notice"]), {
        "posted_on": "2026-12-01", "vote_on": "2026-12-05"})
    assert response.status_code == 400
    assert "公示期须在选举前不少于7天" in response.content.decode()
    approved.refresh_from_db()
    assert approved.stage == Stage.APPROVED


def test_a_roster_file_with_bad_rows_is_refused_by_row_and_column(client, huaxiang, people):
    client.force_login(people["huaxiang_staff"])
    rows = [list(r) for r in HUAXIANG]
    rows[1][2] = "M"  # gender, row 3
    rows[4][6] = "也许"  # executive flag, row 6
    rows[5][0] = "1001"  # a number twice, row 7
    upload = SimpleUploadedFile("members.csv", csv_bytes(rows))
    response = client.post(reverse("unions:members-import", args=[huaxiang.pk]),
                           {"file": upload})
    text = response.content.decode()
    assert response.status_code == 400
    assert "第 3 行 C 列（性别）" in text
    assert "第 6 行 G 列（企业行政负责人）" in text
    assert "工号 1001 与第 2 行重复" in text
    assert not MemberUpload.objects.exists()


def test_a_reimport_previews_the_changes_and_applies_them_on_confirmation(client, huaxiang,
                                                                          people):
    client.force_login(people["huaxiang_staff"])
    rows = [list(r) for r in HUAXIANG if r[0] != "1012"]  # 1012 leaves
    rows[0][5] = "车间主任"  # 王秀英's position
    rows.append(["1013", "何平", "男", "1357", "三车间分会", "", "", "", "", "", "", ""])
    upload = SimpleUploadedFile("members.csv", csv_bytes(rows))
    response = client.post(reverse("unions:members-import", args=[huaxiang.pk]),
                           {"file": upload})
    text = response.content.decode()
    assert response.status_code == 200
    assert "职务：班长 → <strong>车间主任</strong>" in text
    assert "三车间分会" in text
    assert Member.objects.get(union=huaxiang, number="1001").position == "班长"  # not yet
    stored = MemberUpload.objects.get()
    response = client.post(reverse("unions:members-apply", args=[huaxiang.pk, stored.pk]))
    assert response.status_code == 302
    assert Member.objects.get(union=huaxiang, number="1001").position == "车间主任"
    assert not Member.objects.filter(union=huaxiang, number="1012").exists()
    assert Member.objects.get(union=huaxiang, number="1013").branch.name == "三车间分会"


def test_another_unions_upload_cannot_be_applied(client, huaxiang, liheng, people, root):
    stored, _plan = services.upload_members(union=huaxiang, data=csv_bytes(HUAXIANG),
                                            filename="m.csv", by=root)
    client.force_login(people["liheng_staff"])
    response = client.post(reverse("unions:members-apply", args=[liheng.pk, stored.pk]))
    assert response.status_code == 403


def test_an_objection_on_the_public_page_reaches_the_preparatory_group(client, approved,
                                                                       people):
    services.post_notice(election=approved, posted_on=dt.date(2026, 12, 1),
                         vote_on=dt.date(2026, 12, 8), by=people["huaxiang_prep"])
    url = reverse("unions:notice", args=[approved.pk, approved.notice_token])
    page = client.get(url).content.decode()
    assert page.index("王秀英") < page.index("张伟")  # stroke order: 王 (4) before 张 (7)
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "候选人张伟长期不在岗。", "name": ""}).status_code == 302
    objection = Objection.objects.get()
    client.force_login(people["huaxiang_prep"])
    response = client.post(reverse("unions:answer", args=[objection.pk]),
                           {"answer": "经核实，张伟在岗。"})
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.answered_by == people["huaxiang_prep"]
    pdf = client.get(reverse("unions:notice-pdf", args=[approved.pk, approved.notice_token]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
