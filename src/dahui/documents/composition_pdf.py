"""代表构成情况 as a PDF: the composition tables, each line with a bar for its share."""

from __future__ import annotations

import io

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from dahui.congress.composition import Composition
from dahui.documents.fonts import cjk_font_name

RED = colors.HexColor("#B71C1C")
BAR_WIDTH = 60 * mm


def _bar(share: float) -> Drawing:
    drawing = Drawing(BAR_WIDTH, 3.2 * mm)
    drawing.add(Rect(0, 0, max(0.3, BAR_WIDTH * share), 3.2 * mm, fillColor=RED, strokeColor=None))
    return drawing


def composition_pdf(report: Composition, *, title: str, headings: dict[str, str]) -> bytes:
    """`headings` holds the column titles in the interface language (label, count, share)."""
    font = cjk_font_name()
    heading = ParagraphStyle("h", fontName=font, fontSize=16, leading=22, alignment=1)
    subheading = ParagraphStyle("h2", fontName=font, fontSize=12, leading=18, spaceBefore=8)
    body = ParagraphStyle("b", fontName=font, fontSize=9.5, leading=14)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
        bottomMargin=18 * mm, title=f"{title} {headings['report']}",
    )
    story: list = [
        Paragraph(title, heading),
        Paragraph(headings["report"], heading),
        Spacer(1, 4 * mm),
        Paragraph(f"{headings['basis']}：{report.basis}（{report.basis_label}）", body),
    ]
    for table in report.tables:
        rows = [[headings["label"], headings["count"], headings["share"], ""]]
        rows += [
            [Paragraph(line.label, body), str(line.count), line.percent, _bar(float(line.share))]
            for line in table.lines
        ]
        grid = Table(rows, colWidths=[52 * mm, 20 * mm, 22 * mm, BAR_WIDTH + 4 * mm])
        grid.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), font),
                    ("FONTSIZE", (0, 0), (-1, -1), 9.5),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F4CCCC")),
                    ("ALIGN", (1, 0), (2, -1), "RIGHT"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#DADCE0")),
                ]
            )
        )
        story.append(KeepTogether([Paragraph(table.title, subheading), grid]))
    document.build(story)
    return buffer.getvalue()
