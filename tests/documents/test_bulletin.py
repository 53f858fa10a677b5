"""The 简报 builder: plain data in, a PDF out that says it all, sections added by others."""

from __future__ import annotations

from dataclasses import replace

from dahui.documents.bulletin import (
    BulletinFacts,
    Section,
    SessionAttendance,
    bulletin_pdf,
    standard_sections,
)
from dahui.documents.discussions import GroupSummary, ItemDiscussion
from dahui.documents.minutes import DayFacts, ElectionOutcome, MotionOutcome, minutes_text
from tests.groups.pdf import pdf_text

DISCUSSION = ItemDiscussion(item="工作报告", summaries=(
    GroupSummary(group="煤炭", present=30, text="一致拥护。", opinions=("加强培训",)),
    GroupSummary(group="冶金", present=None, text="表示赞同。"),
))


def facts(**extra) -> BulletinFacts:
    values = {
        "congress_name": "临汾市总工会第三次代表大会", "number": 2,
        "date_text": "2026年12月19日", "editor": "大会秘书处",
        "attendance": (SessionAttendance(title="第三次全体会议", entitled=298, present=290,
                                         on_leave=5),),
        "items_heard": ("听取和审议工作报告",),
        "motions": (MotionOutcome(title="大会决议", votes_for=280, against=3, abstain=7,
                                  passed=True),),
        "elections": (ElectionOutcome(title="第三届委员会委员", seats=21,
                                      elected=("丁一", "王二"), unfilled=19),),
        "discussions": (DISCUSSION,),
    }
    values.update(extra)
    return BulletinFacts(**values)


def test_the_standard_sections_in_order():
    headings = [s.heading for s in standard_sections(facts())]
    assert headings == ["会议出席情况", "大会听取的报告和议程", "表决和选举结果",
                        "分组讨论：工作报告"]


def test_the_pdf_says_the_days_business_and_the_sections_others_add():
    long_text = "代表们围绕职工技能提升和困难职工帮扶展开讨论，" * 80
    speeches = Section(heading="大会发言", paragraphs=("张三代表发言。", long_text))
    text = pdf_text(bulletin_pdf(facts(sections=(speeches,))))
    compact = text.replace("\r", "").replace("\n", "")
    for words in ("简", "第2期", "大会秘书处编", "2026年12月19日",
                  "应到会代表298人，实到290人，请假5人",
                  "赞成280票，反对3票，弃权7票，通过", "当选：丁一、王二", "空缺19名",
                  "【煤炭】（出席30人）一致拥护。", "加强培训", "【冶金】表示赞同。",
                  "五、大会发言", "张三代表发言"):
        assert words in compact, words
    assert compact.count("困难职工帮扶展开讨论") == 80


def test_an_empty_day_says_so():
    empty = facts(attendance=(), items_heard=(), motions=(), elections=(), discussions=())
    assert "本日暂无会议情况" in pdf_text(bulletin_pdf(empty))


def test_the_minutes_have_a_group_discussion_section_only_when_there_is_one():
    day = DayFacts(congress_name="大会", date_text="2026年12月18日", venue="礼堂",
                   session_title="第一次全体会议", entitled=10, present=9, on_leave=0,
                   items_heard=(), reports=(), motions=(), elections=())
    assert "分组讨论情况" not in minutes_text(day)
    text = minutes_text(replace(day, discussions=(DISCUSSION,)))
    assert "四、分组讨论情况" in text
    assert "    【煤炭】（出席30人）一致拥护。" in text
    assert text.index("四、分组讨论情况") < text.index("记录人：")
