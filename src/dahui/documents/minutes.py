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

from dahui.documents.discussions import ItemDiscussion, discussion_paragraphs
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
class AppraisalOutcome:
    """A published appraisal (民主评议): per subject, in stroke order, (grade, count,
    percent) with 不评 last, and whether the congress's flag applies."""

    title: str
    status: str  # counted, no_quorum or void
    valid: int
    flag_rule: str  # “不称职”票超过有效票的1/3
    subjects: Sequence[tuple[str, Sequence[tuple[str, int, str]], bool]]


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
class ProposalFigures:
    """代表提案: proposals handed in and what the proposals committee decided."""

    total: int
    registered: int
    merged: int
    opinion: int
    not_registered: int
    pending: int


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
    # The groups' submitted summaries of this session's items (分组讨论情况), if any.
    discussions: Sequence[ItemDiscussion] = ()
    appraisals: Sequence[AppraisalOutcome] = ()
    speeches: Sequence[SpeechRecord] = ()
    # The proposals committee's figures, in the session that hears its report.
    proposals: ProposalFigures | None = None  # in the order given


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
    # Sections beyond the three every session has, numbered in the order they appear.
    further = (
        ("大会发言", speech_lines(facts.speeches)),
        ("民主评议", appraisal_lines(facts.appraisals)),
        ("分组讨论情况", discussion_lines(facts.discussions)),
        ("代表提案", proposal_lines(facts.proposals)),
    )
    present = [(heading, body) for heading, body in further if body]
    for number, (heading, body) in enumerate(present, start=4):
        lines += ["", f"{_CHINESE_NUMBERS[number]}、{heading}", *body]
    lines += ["", "记录人：", "审核人："]
    return "\n".join(lines)


_CHINESE_NUMBERS = "〇一二三四五六七八九十"


def proposal_lines(figures: ProposalFigures | None) -> list[str]:
    """代表提案: the counts of the proposals committee's report."""
    if figures is None:
        return []
    line = (f"  大会共收到代表提案{figures.total}件，经提案审查委员会审查，"
            f"立案{figures.registered}件，并案处理{figures.merged}件，作为意见建议处理{figures.opinion}件，"
            f"不予立案{figures.not_registered}件")
    if figures.pending:
        line += f"，尚在审查{figures.pending}件"
    return [line + "。"]


def speech_lines(speeches: Sequence[SpeechRecord]) -> list[str]:
    """大会发言: each speech given, in the order given, with its length."""
    lines: list[str] = []
    for n, speech in enumerate(speeches, start=1):
        who = f"{speech.name}（{speech.affiliation}）" if speech.affiliation else speech.name
        kind = "程序性发言" if speech.point_of_order else "发言"
        lines.append(f"  {n}. {speech.item}：{who}{kind}，{duration_text(speech.seconds)}。")
    return lines


def discussion_lines(discussions: Sequence[ItemDiscussion]) -> list[str]:
    """分组讨论情况: the groups' submitted summaries, item by item."""
    lines: list[str] = []
    for discussion in discussions:
        lines.append(f"  关于{discussion.item}")
        lines += [f"    {paragraph}" for paragraph in discussion_paragraphs(discussion)]
    return lines


def appraisal_lines(appraisals: Sequence[AppraisalOutcome]) -> list[str]:
    """民主评议: each person's grades with counts and shares of the valid ballots."""
    lines: list[str] = []
    for n, appraisal in enumerate(appraisals, start=1):
        if appraisal.status != "counted":
            why = "不足法定人数" if appraisal.status == "no_quorum" else "收回票多于发出票"
            lines.append(f"  {n}. {appraisal.title}：{why}，评议无效。")
            continue
        lines.append(f"  {n}. {appraisal.title}（有效票{appraisal.valid}张，按姓氏笔画为序）：")
        for name, grades, _flagged in appraisal.subjects:
            counts = "、".join(f"{grade}{count}票（{percent}）" for grade, count, percent in grades)
            lines.append(f"     {name}：{counts}。")
        flagged = [name for name, _grades, flagged in appraisal.subjects if flagged]
        lines.append(f"     {appraisal.flag_rule}的：{'、'.join(flagged) if flagged else '无'}。")
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
