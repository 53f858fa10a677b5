"""会议纪要 (draft minutes) and 新闻通稿 (press summary) of a congress day, from its data.

Both are plain text first, so the secretariat can edit them before printing; `text_pdf`
renders the edited text. Every figure comes from the `DayFacts` the caller gathers from the
database; nothing is invented here.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from dahui.documents.fonts import cjk_font_name
from dahui.documents.text_layout import wrap_cjk


@dataclass(frozen=True)
class MotionOutcome:
    title: str
    votes_for: int
    against: int
    abstain: int
    passed: bool


@dataclass(frozen=True)
class ElectionOutcome:
    title: str
    seats: int
    elected: Sequence[str]  # announcement order
    unfilled: int


@dataclass(frozen=True)
class SpeechRecord:
    """A speech given from a speakers list: who, on which item, for how long."""

    item: str
    name: str
    affiliation: str
    point_of_order: bool
    seconds: int


def duration_text(seconds: int) -> str:
    """4分05秒, 45秒."""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}分{rest:02d}秒" if minutes else f"{rest}秒"


@dataclass(frozen=True)
class DayFacts:
    congress_name: str
    date_text: str
    venue: str
    session_title: str
    entitled: int  # 应到
    present: int  # 实到
    on_leave: int  # 请假
    items_heard: Sequence[str]  # every report, speech and greeting on the agenda
    reports: Sequence[str]  # the reports among them, heard and reviewed (听取和审议)
    motions: Sequence[MotionOutcome]
    elections: Sequence[ElectionOutcome]
    speeches: Sequence[SpeechRecord] = ()  # in the order given


def _attendance(facts: DayFacts) -> str:
    text = f"应到会代表{facts.entitled}人，实到{facts.present}人"
    if facts.on_leave:
        text += f"，请假{facts.on_leave}人"
    return text + "，符合法定人数。" if facts.present * 3 >= facts.entitled * 2 else text + "。"


def minutes_text(facts: DayFacts) -> str:
    lines = [
        # 第一次全体会议 → 第一次全体会议纪要 (not "会议会议纪要").
        facts.congress_name + facts.session_title
        + ("纪要" if facts.session_title.endswith("会议") else "会议纪要"),
        "",
        f"时间：{facts.date_text}",
        f"地点：{facts.venue or '（待填）'}",
        f"会议：{facts.session_title}",
        f"出席：{_attendance(facts)}",
        "",
        "一、会议听取的报告和议程",
    ]
    lines += [f"  {n}. {title}" for n, title in enumerate(facts.items_heard, start=1)] or [
        "  （无）"
    ]
    lines += ["", "二、表决事项"]
    for n, motion in enumerate(facts.motions, start=1):
        verdict = "通过" if motion.passed else "未通过"
        lines.append(
            f"  {n}. {motion.title}：赞成{motion.votes_for}票，反对{motion.against}票，"
            f"弃权{motion.abstain}票，{verdict}。"
        )
    if not facts.motions:
        lines.append("  （无）")
    lines += ["", "三、选举事项"]
    for n, election in enumerate(facts.elections, start=1):
        names = "、".join(election.elected) or "无人"
        line = f"  {n}. {election.title}（应选{election.seats}名）当选：{names}（按姓氏笔画为序）"
        if election.unfilled:
            line += f"；空缺{election.unfilled}名"
        lines.append(line + "。")
    if not facts.elections:
        lines.append("  （无）")
    if facts.speeches:
        lines += ["", "四、大会发言", *speech_lines(facts.speeches)]
    lines += ["", "记录人：", "审核人："]
    return "\n".join(lines)


def speech_lines(speeches: Sequence[SpeechRecord]) -> list[str]:
    """大会发言: who spoke on which item, and for how long, in the order they spoke."""
    lines = []
    for n, speech in enumerate(speeches, start=1):
        who = f"{speech.name}（{speech.affiliation}）" if speech.affiliation else speech.name
        kind = "程序性发言" if speech.point_of_order else "发言"
        lines.append(f"  {n}. {speech.item}：{who}{kind}，{duration_text(speech.seconds)}。")
    return lines


def press_summary_text(facts: DayFacts) -> str:
    passed = [m.title for m in facts.motions if m.passed]
    paragraphs = [
        f"{facts.date_text}，{facts.congress_name}{facts.session_title}"
        f"在{facts.venue or '会场'}举行。{_attendance(facts)}"
    ]
    if facts.reports:
        titles = [_report_name(t) for t in facts.reports]
        paragraphs.append("会议听取和审议了" + "、".join(f"《{t}》" for t in titles) + "。")
    if passed:
        paragraphs.append("会议表决通过了" + "、".join(f"《{t}》" for t in passed) + "。")
    for election in facts.elections:
        if election.elected:
            paragraphs.append(
                f"会议以无记名投票方式选举产生了{election.title}，"
                f"{'、'.join(election.elected)}等{len(election.elected)}位同志当选"
                "（按姓氏笔画为序）。"
            )
    return "\n\n".join("\u3000\u3000" + p for p in paragraphs)


def _report_name(title: str) -> str:
    """An agenda title such as "听取和审议……工作报告" as the report's own name."""
    for prefix in ("听取和审议", "听取并审议", "审议", "听取"):
        if title.startswith(prefix):
            return title[len(prefix):]
    return title


DRAFT_MARK = "（草稿）"
MARGIN = 25 * mm
TEXT_WIDTH = A4[0] - 2 * MARGIN - 12  # the frame keeps 6 pt inside each margin


def document_heading(first_line: str, *, draft: bool) -> str:
    """The printed heading: marked （草稿） while the text is a draft, never once it is final,
    whatever the edited first line says."""
    heading = first_line.replace(DRAFT_MARK, "").strip()
    return heading + DRAFT_MARK if draft else heading


def text_pdf(*, title: str, text: str, draft: bool = True) -> bytes:
    """The (possibly edited) text as a PDF, its first line as the heading."""
    font = cjk_font_name()
    heading = ParagraphStyle("h", fontName=font, fontSize=18, leading=28, alignment=TA_CENTER)
    body = ParagraphStyle("b", fontName=font, fontSize=12, leading=21)
    lines = text.splitlines()
    first = document_heading(lines[0] if lines else title, draft=draft)
    story: list = [Paragraph(_heading_markup(first, heading), heading), Spacer(1, 6 * mm)]
    for line in lines[1:]:
        # Broken here by the Chinese rules (no line starts with "，"), one point of slack so
        # reportlab never re-wraps a line on a rounding error.
        printed = wrap_cjk(line, font, body.fontSize, TEXT_WIDTH - 1)
        story.append(Paragraph(
            "<br/>".join(_escape(part).replace(" ", "&nbsp;") or "&nbsp;" for part in printed),
            body,
        ))
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=first, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=22 * mm, bottomMargin=22 * mm,
    ).build(story)
    return buffer.getvalue()


def _heading_markup(text: str, style: ParagraphStyle) -> str:
    """The heading in lines broken by the Chinese rules, （草稿） never split across two."""
    core = text.removesuffix(DRAFT_MARK)
    lines = wrap_cjk(core, style.fontName, style.fontSize, TEXT_WIDTH - 1)
    if core != text:
        joined = lines[-1] + DRAFT_MARK
        if stringWidth(joined, style.fontName, style.fontSize) <= TEXT_WIDTH - 1:
            lines[-1] = joined
        else:
            lines.append(DRAFT_MARK)
    return "<br/>".join(_escape(line) for line in lines)


def _escape(text: str) -> str:
    # Paragraph reads a small XML markup; edited text may hold <, > or &.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
