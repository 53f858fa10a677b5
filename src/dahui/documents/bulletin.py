"""简报 (the congress bulletin): one issue per congress day, numbered 第N期, as a PDF.

The builder takes plain data (`BulletinFacts`) gathered by a selector and knows nothing of
the database. The day's business comes in `Section`s: the attendance, what was heard, the
results published that day and the groups' discussions each make one with
`standard_sections`; other features (speeches, proposals) add their own sections to
`BulletinFacts.sections` and the layout needs no change.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, KeepTogether, SimpleDocTemplate, Spacer, Table

from dahui.documents.discussions import ItemDiscussion, discussion_paragraphs
from dahui.documents.fonts import cjk_font_name
from dahui.documents.minutes import ElectionOutcome, MotionOutcome
from dahui.documents.text_layout import ChineseParagraph

MASTHEAD_RED = colors.HexColor("#C8102E")


@dataclass(frozen=True)
class SessionAttendance:
    title: str
    entitled: int  # 应到
    present: int  # 实到
    on_leave: int  # 请假


@dataclass(frozen=True)
class Section:
    """One heading and its paragraphs; a paragraph starting with "·" is a list entry."""

    heading: str
    paragraphs: Sequence[str]


@dataclass(frozen=True)
class BulletinFacts:
    congress_name: str
    number: int  # 第N期
    date_text: str  # 2026年12月18日
    editor: str  # 大会秘书处
    attendance: Sequence[SessionAttendance] = ()
    items_heard: Sequence[str] = ()
    motions: Sequence[MotionOutcome] = ()
    elections: Sequence[ElectionOutcome] = ()
    discussions: Sequence[ItemDiscussion] = ()
    # Sections other features add, printed after the standard ones in this order.
    sections: Sequence[Section] = field(default_factory=tuple)


def _attendance_line(row: SessionAttendance) -> str:
    text = f"{row.title}：应到会代表{row.entitled}人，实到{row.present}人"
    if row.on_leave:
        text += f"，请假{row.on_leave}人"
    quorate = row.entitled > 0 and row.present * 3 >= row.entitled * 2
    return text + ("，符合法定人数。" if quorate else "。")


def standard_sections(facts: BulletinFacts) -> list[Section]:
    sections = []
    if facts.attendance:
        sections.append(Section("会议出席情况", [_attendance_line(a) for a in facts.attendance]))
    if facts.items_heard:
        sections.append(Section("大会听取的报告和议程", [f"· {t}" for t in facts.items_heard]))
    results = []
    for motion in facts.motions:
        verdict = "通过" if motion.passed else "未通过"
        results.append(f"· {motion.title}：赞成{motion.votes_for}票，反对{motion.against}票，"
                       f"弃权{motion.abstain}票，{verdict}。")
    for election in facts.elections:
        names = "、".join(election.elected) or "无人"
        line = f"· {election.title}（应选{election.seats}名）当选：{names}（按姓氏笔画为序）"
        results.append(line + (f"；空缺{election.unfilled}名。" if election.unfilled else "。"))
    if results:
        sections.append(Section("表决和选举结果", results))
    for discussion in facts.discussions:
        sections.append(Section(f"分组讨论：{discussion.item}",
                                discussion_paragraphs(discussion)))
    return sections


def bulletin_pdf(facts: BulletinFacts) -> bytes:
    font = cjk_font_name()
    masthead = ParagraphStyle("m", fontName=font, fontSize=34, leading=44,
                              alignment=TA_CENTER, textColor=MASTHEAD_RED)
    issue = ParagraphStyle("i", fontName=font, fontSize=14, leading=22, alignment=TA_CENTER)
    byline = ParagraphStyle("b", fontName=font, fontSize=11, leading=18)
    heading = ParagraphStyle("h", fontName=font, fontSize=14, leading=22, spaceBefore=8,
                             spaceAfter=4)
    body = ParagraphStyle("p", fontName=font, fontSize=12, leading=20, firstLineIndent=24,
                          spaceAfter=3)
    entry = ParagraphStyle("e", parent=body, firstLineIndent=0, leftIndent=24)
    story: list = [
        ChineseParagraph("简　报", masthead),
        ChineseParagraph(f"第{facts.number}期", issue),
        Spacer(1, 3 * mm),
        _byline(facts, byline),
        HRFlowable(width="100%", thickness=1.6, color=MASTHEAD_RED, spaceBefore=2,
                   spaceAfter=8),
        ChineseParagraph(facts.congress_name, ParagraphStyle(
            "t", fontName=font, fontSize=16, leading=26, alignment=TA_CENTER, spaceAfter=6)),
    ]
    sections = [*standard_sections(facts), *facts.sections]
    if not sections:
        story.append(ChineseParagraph("本日暂无会议情况。", body))
    for number, section in enumerate(sections, start=1):
        parts: list = [ChineseParagraph(f"{_chinese_numeral(number)}、{section.heading}",
                                        heading)]
        for text in section.paragraphs:
            parts.append(ChineseParagraph(text, entry if text.startswith("·") else body))
        # A heading is never left alone at the foot of a page.
        story.append(KeepTogether(parts[:2]))
        story.extend(parts[2:])
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=f"{facts.congress_name}简报第{facts.number}期",
        leftMargin=25 * mm, rightMargin=25 * mm, topMargin=20 * mm, bottomMargin=20 * mm,
    ).build(story)
    return buffer.getvalue()


def _byline(facts: BulletinFacts, style: ParagraphStyle) -> Table:
    """The editor at the left, the date at the right, on one line under the masthead."""
    right = ParagraphStyle("br", parent=style, alignment=TA_RIGHT)
    table = Table([[ChineseParagraph(f"{facts.editor}编", style),
                    ChineseParagraph(facts.date_text, right)]], colWidths=["50%", "50%"])
    table.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    return table


NUMERALS = "一二三四五六七八九十"


def _chinese_numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    if n < 20:
        return "十" + NUMERALS[n - 11]
    tens, ones = divmod(n, 10)
    return NUMERALS[tens - 1] + "十" + (NUMERALS[ones - 1] if ones else "")
