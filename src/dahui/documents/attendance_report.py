"""缺席及请假名单: who of the entitled did not come to a session, by delegation, as a PDF to
print and an .xlsx to send on. The caller passes plain rows; nothing here reads the database.

Every cell written from what people typed (names, units, reasons) is a text cell: a name
such as "=HYPERLINK(…)" is shown as typed, never run as a formula, and control characters a
spreadsheet cannot hold are dropped.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from dahui.documents.fonts import cjk_font_name

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Missing:
    number: str
    name: str
    work_unit: str
    reason: str = ""  # the leave's reason; empty for 缺席


@dataclass(frozen=True)
class DelegationGroup:
    delegation: str
    absent: Sequence[Missing]
    on_leave: Sequence[Missing]


@dataclass(frozen=True)
class AbsenteeReport:
    congress_title: str
    session_title: str
    entitled: int
    present: int
    on_leave: int
    absent: int
    groups: Sequence[DelegationGroup]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def absentees_pdf(report: AbsenteeReport) -> bytes:
    font = cjk_font_name()
    heading = ParagraphStyle("h", fontName=font, fontSize=16, leading=24, alignment=1)
    sub = ParagraphStyle("s", fontName=font, fontSize=11, leading=18, alignment=1)
    group = ParagraphStyle("g", fontName=font, fontSize=12, leading=20, spaceBefore=6)
    cell = ParagraphStyle("c", fontName=font, fontSize=9.5, leading=13, wordWrap="CJK")
    story: list = [
        Paragraph(_escape(report.congress_title), sub),
        Paragraph(_escape(f"{report.session_title}缺席及请假名单"), heading),
        Paragraph(
            f"应到{report.entitled}人，实到{report.present}人，请假{report.on_leave}人，"
            f"缺席{report.absent}人", sub),
        Spacer(1, 5 * mm),
    ]
    if not report.groups:
        story.append(Paragraph("全体应到代表均已到会。", sub))
    for entry in report.groups:
        story.append(Paragraph(
            _escape(f"{entry.delegation}（缺席{len(entry.absent)}人，请假{len(entry.on_leave)}人）"),
            group))
        rows = [[Paragraph(t, cell) for t in ("证号", "姓名", "工作单位", "情况")]]
        for person in entry.absent:
            rows.append([Paragraph(_escape(v), cell)
                         for v in (person.number, person.name, person.work_unit, "缺席")])
        for person in entry.on_leave:
            rows.append([Paragraph(_escape(v), cell) for v in (
                person.number, person.name, person.work_unit, f"请假：{person.reason}")])
        table = Table(rows, colWidths=[20 * mm, 28 * mm, 62 * mm, 50 * mm], repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, "#999999"),
            ("BACKGROUND", (0, 0), (-1, 0), "#f2ecea"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.append(table)
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=f"{report.session_title}缺席及请假名单",
        leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=18 * mm,
    ).build(story)
    return buffer.getvalue()


def _text_cell(sheet, value: str) -> Cell:
    cell = Cell(sheet, value=CONTROL.sub("", value))
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def absentees_xlsx(report: AbsenteeReport) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "缺席及请假"
    sheet.append([_text_cell(sheet, f"{report.congress_title} {report.session_title}"
                                    "缺席及请假名单")])
    sheet.append(["应到", report.entitled, "实到", report.present, "请假", report.on_leave,
                  "缺席", report.absent])
    sheet.append([])
    sheet.append(["代表团", "证号", "姓名", "工作单位", "情况", "请假事由"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for entry in report.groups:
        for person, state in [*((p, "缺席") for p in entry.absent),
                              *((p, "请假") for p in entry.on_leave)]:
            sheet.append([_text_cell(sheet, v) for v in (
                entry.delegation, person.number, person.name, person.work_unit, state,
                person.reason)])
    for column, width in zip("ABCDEF", (12, 10, 12, 32, 8, 30), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A5"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
