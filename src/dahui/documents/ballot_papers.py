"""Paper ballots of an election or a motion as PDF: one A4 sheet per ballot, all identical.

Every ballot of a poll is the same sheet: nothing on it (no serial, no date, no printing
run) could tell one voter's ballot from another's. The counters pair their double entries
by the order of the stack or by a number they write on the back once the box is opened.

The sheet is drawn from `dahui.scanning.layout` (candidates in surname stroke order, the
赞成 ○ / 不赞成 × / 另选他人 columns, or a motion's 赞成 / 反对 / 弃权 boxes), with the
instructions, a registration mark in each corner and the page code (a QR code naming the
election and the layout version), so that the scanner reads exactly what was printed.
"""

from __future__ import annotations

import io

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from dahui.documents.fonts import cjk_font_name
from dahui.rules import Election, Motion
from dahui.scanning.layout import (
    CODE_BOX,
    MARK_CENTRES,
    MARK_SIZE,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Box,
    Layout,
    layout_for,
)
from dahui.scanning.page_code import page_code

MAX_BALLOTS = 5000


def ballot_instructions(*, seats: int, write_ins: bool) -> list[str]:
    lines = [
        f"1. 本次应选 {seats} 名。赞成的在“赞成”栏内画“○”，不赞成的在“不赞成”栏内画“×”，"
        "弃权的不画任何符号。",
        f"2. 画“○”的人数（含另选他人）多于应选人数 {seats} 名的，本选票无效。",
    ]
    if write_ins:
        lines.append("3. 对候选人画“×”后，可在同一行“另选他人”栏内写上另选的人的姓名，视为赞成。")
    lines.append(f"{len(lines) + 1}. 请用黑色或蓝色笔填写，符号清楚，不得涂改；"
                 "写在栏外的符号和文字无效。")
    return lines


def motion_instructions() -> list[str]:
    return [
        "1. 请在“赞成”、“反对”、“弃权”三项中选择一项，在其下方格内画“○”。",
        "2. 只能选择一项；三项都不画的视为弃权。",
        "3. 请用黑色或蓝色笔填写，符号清楚，不得涂改。",
    ]


def ballot_papers_pdf(*, congress_name: str, election: Election | Motion, count: int) -> bytes:
    """A PDF of `count` identical ballots of `election` (a rules-core Election or Motion).

    Raises ValueError for a count outside 1–5000 and `LayoutError` (a ValueError) for an
    election that does not fit one sheet.
    """
    if not 1 <= count <= MAX_BALLOTS:
        raise ValueError(f"ballot papers: give 1 to {MAX_BALLOTS} ballots, not {count}")
    layout = layout_for(election)
    code = page_code(election, layout_version=layout.version)
    font = cjk_font_name()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{layout.title} 选票")
    # One drawing reused for every sheet: the ballots are identical by construction.
    canvas.beginForm("ballot")
    _draw_ballot(canvas, font=font, congress_name=congress_name, layout=layout,
                 code_text=code.text)
    canvas.endForm()
    for _ in range(count):
        canvas.doForm("ballot")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _y(top_mm: float) -> float:
    """PDF y (points, upwards) of a layout y (millimetres from the top)."""
    return (PAGE_HEIGHT - top_mm) * mm


def _rect(canvas: Canvas, box: Box, *, fill: bool = False) -> None:
    canvas.rect(box.x * mm, _y(box.y + box.height), box.width * mm, box.height * mm,
                stroke=0 if fill else 1, fill=1 if fill else 0)


def _fitted(text: str, font: str, size: float, width_mm: float) -> float:
    while size > 6 and stringWidth(text, font, size) > width_mm * mm:
        size -= 0.5
    return size


def _centred(canvas: Canvas, text: str, font: str, size: float, box: Box) -> None:
    size = _fitted(text, font, size, box.width - 2)
    canvas.setFont(font, size)
    x, y = box.centre
    canvas.drawCentredString(x * mm, _y(y) - size * 0.35, text)


def _draw_ballot(canvas: Canvas, *, font: str, congress_name: str, layout: Layout,
                 code_text: str) -> None:
    canvas.setFillColor(colors.black)
    canvas.setStrokeColor(colors.black)
    for cx, cy in MARK_CENTRES:
        half = MARK_SIZE / 2
        _rect(canvas, Box(cx - half, cy - half, MARK_SIZE, MARK_SIZE), fill=True)
    _draw_code(canvas, code_text)
    canvas.setFont(font, 7)
    x, y, w, h = CODE_BOX
    canvas.drawCentredString((x + w / 2) * mm, _y(y + h + 3), f"版式 {layout.version}")

    title_box_width = 120.0
    left = (PAGE_WIDTH - title_box_width) / 2
    _centred(canvas, congress_name, font, 13, Box(left, 20, title_box_width, 8))
    heading = f"{layout.title}{'选举票' if layout.kind == 'election' else '表决票'}"
    _centred(canvas, heading, font, 18, Box(left, 31, title_box_width, 10))

    if layout.kind == "election":
        lines = ballot_instructions(seats=layout.seats or 0, write_ins=layout.write_ins)
    else:
        lines = motion_instructions()
    y = 48.0
    for line in lines:
        canvas.setFont(font, _fitted(line, font, 9.5, PAGE_WIDTH - 30))
        canvas.drawString(15 * mm, _y(y), line)
        y += 5.5

    canvas.setLineWidth(0.8)
    for text, box in layout.headers:
        _rect(canvas, box)
        _centred(canvas, text, font, 10.5, box)
    for row in layout.rows:
        if row.name_box is not None:
            _rect(canvas, row.name_box)
            _centred(canvas, row.label, font, 12, row.name_box)
        for cell in row.cells:
            _rect(canvas, cell.box)

    canvas.setFont(font, 9)
    canvas.drawCentredString(
        PAGE_WIDTH / 2 * mm, _y(280),
        "投票后请将选票投入票箱。选票上不写姓名、不作记号，无记名投票。",
    )


def _draw_code(canvas: Canvas, text: str) -> None:
    matrix = segno.make(text, error="m", micro=False).matrix
    x, y, w, _h = CODE_BOX
    module = w / len(matrix)
    path = canvas.beginPath()
    for r, line in enumerate(matrix):
        for c, dark in enumerate(line):
            if dark:
                path.rect((x + c * module) * mm, _y(y + (r + 1) * module),
                          module * mm + 0.05, module * mm + 0.05)
    canvas.drawPath(path, stroke=0, fill=1)
