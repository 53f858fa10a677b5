"""公示: the printable public notice of a union chair's candidates (Art 10).

Candidates in surname stroke order (the caller passes them in `ballot_order`), the dates
the notice runs, and where to send an objection. Laid out as the congress's announcement
is: ReportLab, the WenQuanYi font, lines broken by the Chinese rules.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from dahui.documents.announcement import MARGIN, _body, _escape
from dahui.documents.fonts import cjk_font_name


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notice_pdf(*, union_name: str, title: str, candidates: Sequence[tuple[str, str, str]],
               posted_on: dt.date, vote_on: dt.date, objections_to: str) -> bytes:
    """`candidates`: (name, gender, branch and position) in stroke order."""
    font = cjk_font_name()
    body = ParagraphStyle("body", fontName=font, fontSize=13, leading=24, firstLineIndent=26)
    heading = ParagraphStyle("heading", fontName=font, fontSize=22, leading=30,
                             alignment=TA_CENTER)
    cell = ParagraphStyle("cell", fontName=font, fontSize=12, leading=18)
    signature = ParagraphStyle("signature", fontName=font, fontSize=13, leading=22,
                               alignment=TA_RIGHT)
    story: list = [
        Paragraph(_escape(union_name), ParagraphStyle("sub", parent=heading, fontSize=14)),
        Spacer(1, 4 * mm),
        Paragraph("工会主席候选人公示", heading),
        Spacer(1, 10 * mm),
        _body(f"根据《企业工会主席产生办法（试行）》，经各分会（小组）推荐、党组织审查和上级工会"
              f"审批，{title}候选人共{len(candidates)}名，现予公示（按姓氏笔画为序）：", body),
        Spacer(1, 4 * mm),
    ]
    rows = [[Paragraph(t, cell) for t in ("序号", "姓名", "性别", "所在分会及职务")]]
    rows += [[Paragraph(str(i), cell), Paragraph(_escape(name), cell),
              Paragraph(_escape(gender), cell), Paragraph(_escape(unit), cell)]
             for i, (name, gender, unit) in enumerate(candidates, start=1)]
    table = Table(rows, colWidths=(16 * mm, 34 * mm, 18 * mm, 88 * mm), repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#333333"),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story += [
        table, Spacer(1, 6 * mm),
        _body(f"公示期自{chinese_date(posted_on)}起至{chinese_date(vote_on - dt.timedelta(days=1))}"
              f"止。选举定于{chinese_date(vote_on)}举行。", body),
        _body(f"公示期间，会员如有异议，可向{objections_to}反映，也可通过公示页面在线提交。"
              "筹备组将逐件核实答复。", body),
        Spacer(1, 16 * mm),
        Paragraph(_escape(f"{union_name}选举筹备组"), signature),
        Paragraph(chinese_date(posted_on), signature),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=f"{title}候选人公示", leftMargin=MARGIN,
                      rightMargin=MARGIN, topMargin=25 * mm, bottomMargin=25 * mm).build(story)
    return buffer.getvalue()
