"""The two proposal reports, as PDF and .xlsx: the 提案审查报告 the committee gives the
congress, and the 办理情况报告 given at the next session.

Both are written in Chinese whatever the interface language, like every printed document of
the congress. The figures come from the rules core (`count_review`, `outcome`, `is_overdue`)
through `selectors`; this module only lays them out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from fractions import Fraction

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from dahui.congress.models import Congress
from dahui.documents.fonts import cjk_font_name
from dahui.documents.text_layout import ChineseParagraph
from dahui.documents.xlsx_cells import append_text_row, cell_text
from dahui.proposals import selectors
from dahui.proposals.models import Proposal
from dahui.rules import proposals as rules
from dahui.rules.percent import percent_text

STATE_WORDS = {
    rules.DRAFT: "征集附议中", rules.SUBMITTED: "待审查", rules.REGISTERED: "已立案待交办",
    rules.HANDLING: "办理中", rules.REPLIED: "已答复待评价", rules.REOPENED: "不满意重新办理",
    rules.CLOSED: "办结", rules.NOT_REGISTERED: "不予立案", rules.MERGED: "并案处理",
    rules.OPINION: "转为意见建议",
}
VERDICT_WORDS = {rules.SATISFIED: "满意", rules.BASICALLY_SATISFIED: "基本满意",
                 rules.NOT_SATISFIED: "不满意"}
CATEGORY_HEAD = ("类别", "收到", "立案", "不予立案", "并案", "转为意见建议", "待审查")
HANDLING_HEAD = ("编号", "提案标题", "提案人", "主办单位", "协办单位", "答复期限", "办理状态",
                 "代表意见")


@dataclass(frozen=True)
class Line:
    number: str
    title: str
    proposer: str
    category: str
    note: str


def _proposer(proposal: Proposal) -> str:
    joint = "等（联名）" if proposal.joint else ""
    return f"{proposal.proposer.name}{joint}"


def _number(proposal: Proposal | None) -> str:
    return f"第{proposal.number}号" if proposal and proposal.number else ""


def review_sections(congress: Congress) -> list[tuple[str, list[Line]]]:
    """The titles under each outcome, by number."""
    proposals = list(selectors.all_proposals(congress))
    sections = []
    for outcome, heading in ((rules.OUTCOME_REGISTERED, "立案提案"),
                             (rules.OUTCOME_MERGED, "并案处理的提案"),
                             (rules.OUTCOME_NOT_REGISTERED, "不予立案的提案"),
                             (rules.OUTCOME_OPINION, "转为意见建议的提案"),
                             (rules.OUTCOME_PENDING, "尚待审查的提案")):
        lines = []
        for p in proposals:
            if rules.outcome(p.state) != outcome:
                continue
            note = ""
            if outcome == rules.OUTCOME_MERGED:
                note = f"并入{_number(p.merged_into)}《{p.merged_into.title}》"
            elif outcome in (rules.OUTCOME_NOT_REGISTERED, rules.OUTCOME_OPINION):
                note = p.reason
            lines.append(Line(number=_number(p), title=p.title, proposer=_proposer(p),
                              category=p.category, note=note))
        if lines:
            sections.append((heading, lines))
    return sections


def review_summary(congress: Congress) -> str:
    counts = selectors.review_counts(congress)
    handed_in = selectors.all_proposals(congress)
    joint = handed_in.filter(joint=True).count()
    text = (f"大会共收到代表提案{counts.total}件，其中经代表附议的{counts.total - joint}件，"
            f"代表联名提出的{joint}件。经提案审查委员会审查，立案{counts.registered}件，"
            f"并案处理{counts.merged}件，不予立案{counts.not_registered}件，"
            f"转为意见建议{counts.opinion}件")
    if counts.pending:
        text += f"，尚待审查{counts.pending}件"
    return text + "。"


@dataclass(frozen=True)
class HandlingLine:
    number: str
    title: str
    proposer: str
    lead: str
    others: str
    deadline: str
    state: str
    verdict: str


def handling_lines(congress: Congress) -> list[HandlingLine]:
    today = timezone.localdate()
    lines = []
    for p in selectors.all_proposals(congress).filter(state__in=rules.REGISTERED_STATES):
        assignments = list(p.assignments.all())
        lead = next((a.department.name for a in assignments if a.lead), "")
        others = "、".join(a.department.name for a in assignments if not a.lead)
        state = STATE_WORDS[p.state]
        if rules.is_overdue(state=p.state, deadline=p.deadline, today=today):
            state += "（逾期）"
        verdicts = sorted(p.verdicts.all(), key=lambda v: v.round)
        verdict = "；".join(
            f"第{v.round}次答复：{VERDICT_WORDS[v.verdict]}" for v in verdicts
        )
        lines.append(HandlingLine(
            number=_number(p), title=p.title, proposer=_proposer(p), lead=lead, others=others,
            deadline=p.deadline.isoformat() if p.deadline else "", state=state, verdict=verdict,
        ))
    return lines


def handling_summary(congress: Congress) -> str:
    c = selectors.handling_counts(congress)
    evaluated = c.satisfied + c.basically_satisfied + c.not_satisfied
    text = (f"大会立案的代表提案{c.registered}件，已答复{c.replied}件，正在办理{c.awaiting_reply}件"
            f"（其中超过答复期限{c.overdue}件）。提案人已评价{evaluated}件：满意{c.satisfied}件，"
            f"基本满意{c.basically_satisfied}件，不满意{c.not_satisfied}件")
    if evaluated:
        share = Fraction(c.satisfied + c.basically_satisfied, evaluated)
        text += f"，满意和基本满意率{percent_text(share)}"
    return text + "。"


# ---- PDF -----------------------------------------------------------------------------------

def _styles():
    font = cjk_font_name()
    return font, {
        "title": ParagraphStyle("t", fontName=font, fontSize=16, leading=24, alignment=1),
        "heading": ParagraphStyle("h", fontName=font, fontSize=12.5, leading=19, spaceBefore=8,
                                  spaceAfter=3),
        "body": ParagraphStyle("b", fontName=font, fontSize=10.5, leading=17,
                               firstLineIndent=21),
        "cell": ParagraphStyle("c", fontName=font, fontSize=9, leading=12.5),
    }


def _grid(rows: list[list], widths: list[float], font: str) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F4CCCC")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#9E9E9E")),
    ]))
    return table


def _document(buffer, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                             topMargin=18 * mm, bottomMargin=18 * mm, title=title)


def review_pdf(congress: Congress) -> bytes:
    font, style = _styles()
    cell = style["cell"]
    title = "提案审查委员会关于代表提案审查情况的报告"
    story: list = [ChineseParagraph(congress.title, style["title"]),
                   ChineseParagraph(title, style["title"]), Spacer(1, 5 * mm),
                   ChineseParagraph(review_summary(congress), style["body"]),
                   ChineseParagraph("一、提案分类情况", style["heading"])]
    counts = selectors.review_counts(congress)
    rows = [list(CATEGORY_HEAD)]
    rows += [[ChineseParagraph(line[0], cell), *map(str, line[1:])]
             for line in counts.by_category]
    rows.append(["合计", str(counts.total), str(counts.registered), str(counts.not_registered),
                 str(counts.merged), str(counts.opinion), str(counts.pending)])
    story.append(_grid(rows, [44 * mm, 17 * mm, 17 * mm, 20 * mm, 17 * mm, 28 * mm, 20 * mm],
                       font))
    for index, (heading, lines) in enumerate(review_sections(congress), start=2):
        story.append(ChineseParagraph(f"{'二三四五六'[index - 2]}、{heading}（{len(lines)}件）",
                                      style["heading"]))
        rows = [["编号", "提案标题", "提案人", "类别", "说明"]]
        rows += [[line.number, ChineseParagraph(line.title, cell),
                  ChineseParagraph(line.proposer, cell), ChineseParagraph(line.category, cell),
                  ChineseParagraph(line.note, cell)] for line in lines]
        story.append(_grid(rows, [17 * mm, 56 * mm, 25 * mm, 24 * mm, 52 * mm], font))
    buffer = io.BytesIO()
    _document(buffer, f"{congress.title} {title}").build(story)
    return buffer.getvalue()


def handling_pdf(congress: Congress) -> bytes:
    font, style = _styles()
    cell = style["cell"]
    title = "代表提案办理情况报告"
    story: list = [ChineseParagraph(congress.title, style["title"]),
                   ChineseParagraph(title, style["title"]), Spacer(1, 5 * mm),
                   ChineseParagraph(handling_summary(congress), style["body"]),
                   ChineseParagraph("提案办理情况一览", style["heading"])]
    rows = [list(HANDLING_HEAD)]
    rows += [[line.number, ChineseParagraph(line.title, cell),
              ChineseParagraph(line.proposer, cell), ChineseParagraph(line.lead, cell),
              ChineseParagraph(line.others, cell), line.deadline,
              ChineseParagraph(line.state, cell), ChineseParagraph(line.verdict, cell)]
             for line in handling_lines(congress)]
    story.append(_grid(rows, [15 * mm, 36 * mm, 16 * mm, 24 * mm, 24 * mm, 20 * mm, 17 * mm,
                              22 * mm], font))
    buffer = io.BytesIO()
    _document(buffer, f"{congress.title} {title}").build(story)
    return buffer.getvalue()


# ---- Excel ---------------------------------------------------------------------------------

def _bold_last(sheet) -> None:
    for each in sheet[sheet.max_row]:
        each.font = Font(bold=True)


def review_xlsx(congress: Congress) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "分类统计"
    append_text_row(sheet, [congress.title, "提案审查报告"])
    append_text_row(sheet, [review_summary(congress)])
    sheet.append([])
    append_text_row(sheet, list(CATEGORY_HEAD))
    _bold_last(sheet)
    counts = selectors.review_counts(congress)
    for line in counts.by_category:
        append_text_row(sheet, list(line))
    append_text_row(sheet, ["合计", counts.total, counts.registered, counts.not_registered,
                            counts.merged, counts.opinion, counts.pending])
    _bold_last(sheet)
    sheet.column_dimensions["A"].width = 22
    for heading, lines in review_sections(congress):
        listing = workbook.create_sheet(cell_text(heading)[:31])
        append_text_row(listing, ["编号", "提案标题", "提案人", "类别", "说明"])
        _bold_last(listing)
        for line in lines:
            append_text_row(listing, [line.number, line.title, line.proposer, line.category,
                                      line.note])
        listing.column_dimensions["B"].width = 40
        listing.column_dimensions["E"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def handling_xlsx(congress: Congress) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "办理情况"
    append_text_row(sheet, [congress.title, "代表提案办理情况报告"])
    append_text_row(sheet, [handling_summary(congress)])
    sheet.append([])
    append_text_row(sheet, list(HANDLING_HEAD))
    _bold_last(sheet)
    for line in handling_lines(congress):
        append_text_row(sheet, [line.number, line.title, line.proposer, line.lead, line.others,
                                line.deadline, line.state, line.verdict])
    sheet.column_dimensions["B"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
