"""The documents: the announcement, counts read back from Excel, the minutes."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from dahui.documents.announcement import announcement_pdf, round_figures_sentence
from dahui.documents.minutes import (
    DayFacts,
    ElectionOutcome,
    MotionOutcome,
    minutes_text,
    press_summary_text,
)
from dahui.documents.results_xlsx import results_xlsx

RESULT = {
    "title": "第三届委员会委员", "status": "runoff", "seats": 3, "entitled": 10, "issued": 9,
    "returned": 9, "quorum_required": 7, "valid": 8, "invalid": 1, "threshold": 6,
    "results": [
        {"id": "c1", "name": "王敏", "for": 8, "against": 0, "abstain": 0, "write_in": False,
         "elected": True},
        {"id": "write-in:赵磊", "name": "赵磊", "for": 2, "against": 0, "abstain": 0,
         "write_in": True, "elected": False},
    ],
    "elected": ["c1"], "unfilled": 2,
    "runoff": {"reason": "shortage", "seats": 2, "candidates": ["write-in:赵磊"]},
}


def test_the_announcement_states_the_figures_of_each_round():
    sentence = round_figures_sentence("第一轮投票", RESULT)
    assert "应到会代表10人，发出选票9张，收回选票9张" in sentence
    assert "有效票8张，无效票1张" in sentence
    pdf = announcement_pdf(
        congress_name="临汾市总工会第三次代表大会", title="第三届委员会委员",
        rounds=[("第一轮投票", RESULT)], elected_names=["王敏"], unfilled=2,
        issued_by="大会主席团", date_text="2026年12月18日",
    )
    assert pdf.startswith(b"%PDF")


def test_the_counts_workbook_holds_every_line_of_the_result():
    sheet = load_workbook(io.BytesIO(
        results_xlsx(title="第三届委员会委员", rounds=[("第一轮投票", RESULT)])
    )).active
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert ("王敏", 8, 0, 0, None, "当选") in rows
    assert ("赵磊", 2, None, None, "是", None) in rows


def test_the_minutes_list_motions_and_the_elected_with_the_attendance():
    facts = DayFacts(
        congress_name="临汾市总工会第三次代表大会", date_text="2026年12月18日", venue="会议中心",
        session_title="第一次全体会议", entitled=298, present=290, on_leave=5,
        items_heard=["中共临汾市委领导讲话", "听取和审议第二届委员会工作报告"],
        reports=["听取和审议第二届委员会工作报告"],
        motions=[MotionOutcome("关于工作报告的决议", 280, 4, 6, True)],
        elections=[ElectionOutcome("第三届委员会委员", 21, ["丁一", "王敏"], 0)],
    )
    text = minutes_text(facts)
    assert "应到会代表298人，实到290人，请假5人，符合法定人数" in text
    assert "赞成280票，反对4票，弃权6票，通过" in text
    assert "丁一、王敏" in text
    press = press_summary_text(facts)
    assert "会议听取和审议了《第二届委员会工作报告》。" in press
    assert "会议表决通过了《关于工作报告的决议》。" in press
