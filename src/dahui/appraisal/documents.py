"""民主评议结果 and 评分结果 as PDF (ReportLab, the embedded CJK font, Chinese line
breaking) and as Excel workbooks (openpyxl). Both read the stored result only: counts,
exact shares as the rules core's percentage text, the flag; nothing is decided here.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle

from dahui import rules
from dahui.documents.fonts import cjk_font_name
from dahui.documents.text_layout import ChineseParagraph
from dahui.documents.xlsx_cells import append_text_row

NOT_GRADED = "not_graded"
STATUS_WORDS = {
    "counted": "已计票",
    "no_quorum": "不足法定人数，评议无效",
    "void": "收回票多于发出票，评议无效",
}


def grade_label(grade: str) -> str:
    return "不评" if grade == NOT_GRADED else grade


def flag_rule_text(result: Mapping[str, Any]) -> str:
    """“不称职”票超过有效票的1/3, as the congress's rule reads."""
    return f"“{result['flag_grade']}”票超过有效票的{result['flag_above']}"


def figures(result: Mapping[str, Any]) -> list[tuple[str, Any]]:
    return [
        ("应到会人数", result["entitled"]), ("发出选票", result["issued"]),
        ("收回选票", result["returned"]), ("有效票", result["valid"]),
        ("无效票", result["invalid"]),
    ]


def subject_rows(result: Mapping[str, Any]) -> list[list[str]]:
    """Per subject, in stroke order: each grade's count (percent), then 不评, the two best
    grades together, and the flag."""
    rows = []
    for subject in result["subjects"]:
        cells = [subject["name"]]
        cells += [f"{line['count']}（{line['percent']}）" for line in subject["grades"]]
        cells += [subject["approval_percent"], "超过" if subject["flagged"] else ""]
        rows.append(cells)
    return rows


def header_row(result: Mapping[str, Any]) -> list[str]:
    grades = [line["grade"] for line in result["subjects"][0]["grades"]] \
        if result["subjects"] else []
    return ["姓名/单位", *[grade_label(g) for g in grades], "好评率", flag_rule_text(result)]


def appraisal_pdf(*, congress_name: str, title: str, result: Mapping[str, Any],
                  date_text: str) -> bytes:
    font = cjk_font_name()
    heading = ParagraphStyle("h", fontName=font, fontSize=18, leading=26, alignment=TA_CENTER)
    body = ParagraphStyle("b", fontName=font, fontSize=10.5, leading=17, wordWrap="CJK")
    head_cell = ParagraphStyle("hc", parent=body, fontSize=9, leading=12, alignment=TA_CENTER)
    grid = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 10),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ])
    story: list = [
        ChineseParagraph(congress_name, ParagraphStyle("c", parent=heading, fontSize=13)),
        ChineseParagraph(f"{title} 结果", heading),
        Spacer(1, 6 * mm),
        Table([[label for label, _ in figures(result)],
               [str(value) for _, value in figures(result)]], style=grid),
        Spacer(1, 3 * mm),
        ChineseParagraph(f"结果：{STATUS_WORDS.get(result['status'], result['status'])}。"
                         f"按姓氏笔画为序；括号内为占有效票的比例。", body),
        Spacer(1, 3 * mm),
    ]
    if result["subjects"]:
        header = [ChineseParagraph(text, head_cell) for text in header_row(result)]
        rows = subject_rows(result)
        width = 257 * mm
        first = 38 * mm
        rest = (width - first) / (len(header) - 1)
        story.append(Table([header, *rows], colWidths=[first, *[rest] * (len(header) - 1)],
                           style=grid, repeatRows=1))
        flagged = [s["name"] for s in result["subjects"] if s["flagged"]]
        story.append(Spacer(1, 3 * mm))
        story.append(ChineseParagraph(
            f"{flag_rule_text(result)}者：{'、'.join(flagged) if flagged else '无'}。", body))
    story += [Spacer(1, 8 * mm), ChineseParagraph(date_text, body)]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=landscape(A4), title=f"{title}结果", leftMargin=20 * mm,
        rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=18 * mm,
    ).build(story)
    return buffer.getvalue()


def appraisal_xlsx(*, title: str, result: Mapping[str, Any]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "评议结果"
    bold = Font(bold=True)
    append_text_row(sheet, [title])
    sheet["A1"].font = bold
    sheet.append([])
    for caption, value in figures(result):
        append_text_row(sheet, [caption, value])
    append_text_row(sheet, ["结果", STATUS_WORDS.get(result["status"], result["status"])])
    sheet.append([])
    if result["subjects"]:
        grades = [line["grade"] for line in result["subjects"][0]["grades"]]
        header = ["姓名/单位"]
        for grade in grades:
            header += [f"{grade_label(grade)}票数", f"{grade_label(grade)}比例"]
        header += ["好评率", flag_rule_text(result)]
        append_text_row(sheet, header)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for subject in result["subjects"]:
            row: list[Any] = [subject["name"]]
            for line in subject["grades"]:
                row += [line["count"], line["percent"]]
            row += [subject["approval_percent"], "超过" if subject["flagged"] else ""]
            append_text_row(sheet, row)
    sheet.column_dimensions["A"].width = 18
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- the printed ballot

MAX_BALLOTS = 5000


def appraisal_instructions(scale: Sequence[str]) -> list[str]:
    return [
        f"1. 对每位评议对象，在“{'”、“'.join(scale)}”中选择一项，在其下方格内画“○”。",
        "2. 每人只能画一个“○”；画两个以上的，对该人的评议无效；不画的视为不评。",
        "3. 请用黑色或蓝色笔填写，符号清楚，不得涂改。",
    ]


def appraisal_ballots_pdf(*, congress_name: str, title: str, scale: Sequence[str],
                          names: Sequence[str], count: int) -> bytes:
    """`count` identical appraisal ballots: the subjects (in the order given, the ballot's
    stroke order) down, the grades across. Nothing on a sheet tells one ballot from another.
    Raises ValueError for a count outside 1–5000."""
    if not 1 <= count <= MAX_BALLOTS:
        raise ValueError(f"ballot papers: give 1 to {MAX_BALLOTS} ballots, not {count}")
    font = cjk_font_name()
    heading = ParagraphStyle("h", fontName=font, fontSize=18, leading=26, alignment=TA_CENTER)
    body = ParagraphStyle("b", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    grid = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 12),
        ("GRID", (0, 0), (-1, -1), 0.8, colors.black),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ])
    rows = [["姓名", *scale], *[[name, *[""] * len(scale)] for name in names]]
    name_width = 40 * mm
    grade_width = min(30 * mm, (170 * mm - name_width) / len(scale))
    sheet: list = [
        ChineseParagraph(congress_name, ParagraphStyle("c", parent=heading, fontSize=13)),
        ChineseParagraph(f"{title}评议票", heading),
        Spacer(1, 4 * mm),
        *[ChineseParagraph(line, body) for line in appraisal_instructions(scale)],
        Spacer(1, 4 * mm),
        Table(rows, colWidths=[name_width, *[grade_width] * len(scale)],
              rowHeights=[9 * mm] * len(rows), style=grid),
        Spacer(1, 6 * mm),
        ChineseParagraph("评议后请将评议票投入票箱。评议票上不写姓名、不作记号，无记名投票。",
                         body),
    ]
    story: list = []
    for index in range(count):
        story += sheet
        if index < count - 1:
            story.append(PageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=f"{title}评议票", leftMargin=20 * mm,
                      rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm,
                      ).build(story)
    return buffer.getvalue()


# ---------------------------------------------------------------- scoring panels

REASONS = {"author": "作者回避", "same_unit": "同单位回避"}


def panel_rows(result: rules.PanelResult, judges: Mapping[str, str]) -> list[list[str]]:
    rows = []
    for entry in result.entries:
        if entry.status == "scored":
            dropped = ""
            if entry.dropped_high is not None:
                dropped = (f"去掉最高分 {rules.round_half_up(entry.dropped_high, 1)}，"
                           f"最低分 {rules.round_half_up(entry.dropped_low, 1)}")
            rows.append([str(entry.rank), entry.title, entry.shown, str(len(entry.scores)),
                         dropped, _excluded(entry, judges)])
        else:
            missing = "、".join(judges.get(j, j) for j in entry.missing)
            rows.append(["—", entry.title, "未评完", str(len(entry.scores)),
                         f"缺：{missing}" if missing else "", _excluded(entry, judges)])
    return rows


def _excluded(entry, judges: Mapping[str, str]) -> str:
    return "；".join(
        f"{judges.get(e.judge, e.judge)}（{'、'.join(REASONS.get(r, r) for r in e.reasons)}）"
        for e in entry.excluded
    )


PANEL_HEADER = ["名次", "参评项目", "得分", "计分人数", "去掉最高最低分", "回避"]


def panel_pdf(*, congress_name: str, result: rules.PanelResult, judges: Mapping[str, str],
              date_text: str) -> bytes:
    font = cjk_font_name()
    heading = ParagraphStyle("h", fontName=font, fontSize=18, leading=26, alignment=TA_CENTER)
    body = ParagraphStyle("b", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    grid = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 10),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ])
    rows = [[ChineseParagraph(cell, body) for cell in row]
            for row in [PANEL_HEADER, *panel_rows(result, judges)]]
    story: list = [
        ChineseParagraph(congress_name, ParagraphStyle("c", parent=heading, fontSize=13)),
        ChineseParagraph(f"{result.title} 评分结果", heading),
        Spacer(1, 6 * mm),
        Table(rows, colWidths=[14 * mm, 48 * mm, 18 * mm, 20 * mm, 40 * mm, 30 * mm],
              style=grid, repeatRows=1),
        Spacer(1, 3 * mm),
        ChineseParagraph("评委人数达到规定时去掉一个最高分和一个最低分后取平均分，"
                         "得分保留两位小数；得分相同者名次并列。", body),
        Spacer(1, 8 * mm), ChineseParagraph(date_text, body),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=f"{result.title}评分结果",
                      leftMargin=15 * mm, rightMargin=15 * mm, topMargin=18 * mm,
                      bottomMargin=18 * mm).build(story)
    return buffer.getvalue()


def panel_xlsx(*, result: rules.PanelResult, judges: Mapping[str, str],
               judge_order: Sequence[str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "评分结果"
    bold = Font(bold=True)
    append_text_row(sheet, [result.title])
    sheet["A1"].font = bold
    sheet.append([])
    append_text_row(sheet, PANEL_HEADER)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in panel_rows(result, judges):
        append_text_row(sheet, row)
    sheet.column_dimensions["B"].width = 30
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
