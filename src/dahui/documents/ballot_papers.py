"""Paper ballots of an election as PDF: one A4 page per ballot, each with its own serial.

The layout is the one counters read back in the double entry: a row per candidate in the
order given (the caller passes stroke order), with 赞成 (○), 不赞成 (×) and 弃权 (blank)
boxes and, where the election's rules allow write-ins, a 另选他人 column beside 不赞成.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from dahui.documents.fonts import cjk_font_name

# Rows shrink for a long list (a 21-seat committee has 23 or more candidates) so that one
# ballot stays one sheet, as counters expect.
ROOMY_ROW = 9 * mm
TIGHT_ROW = 6.5 * mm
MAX_ROWS_PER_PAGE = 30


def ballot_instructions(*, seats: int, write_ins: bool) -> list[str]:
    lines = [
        f"1. 本届应选 {seats} 名。赞成的在“赞成”栏内画“○”，不赞成的画“×”，弃权的不画任何符号。",
        f"2. 画“○”的人数（含另选他人）多于应选人数 {seats} 名的，本选票无效。",
    ]
    if write_ins:
        lines.append("3. 对候选人画“×”后可在其右侧“另选他人”栏内写上另选的人的姓名，并视为赞成。")
    lines.append(f"{len(lines) + 1}. 请用黑色或蓝色笔填写，字迹清楚，不得涂改。")
    return lines


def ballot_papers_pdf(
    *,
    congress_name: str,
    title: str,
    seats: int,
    candidate_names: Sequence[str],
    write_ins: bool,
    serials: Sequence[str],
) -> bytes:
    """A PDF with one ballot per serial. Raises ValueError for an empty serial list."""
    if not serials:
        raise ValueError("ballot papers: no serials given (issue at least one ballot)")
    if len(candidate_names) > MAX_ROWS_PER_PAGE:
        raise ValueError(
            f"ballot papers: {len(candidate_names)} candidates do not fit on one page "
            f"(at most {MAX_ROWS_PER_PAGE})"
        )
    font = cjk_font_name()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(f"{title} 选票")
    for serial in serials:
        _draw_ballot(
            canvas,
            font=font,
            congress_name=congress_name,
            title=title,
            seats=seats,
            candidate_names=candidate_names,
            write_ins=write_ins,
            serial=serial,
        )
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_ballot(
    canvas: Canvas,
    *,
    font: str,
    congress_name: str,
    title: str,
    seats: int,
    candidate_names: Sequence[str],
    write_ins: bool,
    serial: str,
) -> None:
    width, height = A4
    left, right = 20 * mm, width - 20 * mm
    y = height - 22 * mm
    canvas.setFont(font, 10)
    canvas.drawRightString(right, y + 6 * mm, f"编号 No. {serial}")
    canvas.setFont(font, 13)
    canvas.drawCentredString(width / 2, y, congress_name)
    y -= 10 * mm
    canvas.setFont(font, 18)
    canvas.drawCentredString(width / 2, y, f"{title}选举票")
    y -= 10 * mm
    canvas.setFont(font, 9.5)
    for line in ballot_instructions(seats=seats, write_ins=write_ins):
        canvas.drawString(left, y, line)
        y -= 5.5 * mm
    y -= 4 * mm

    # Abstaining is leaving a row unmarked (rule 3), so the paper has no 弃权 column: a
    # box there would invite a mark the count does not know.
    headers = ["候选人姓名", "赞成 ○", "不赞成 ×"]
    widths = [55 * mm, 30 * mm, 30 * mm]
    if write_ins:
        headers.append("另选他人")
        widths.append(right - left - sum(widths))
    else:
        widths[0] = right - left - sum(widths[1:])
    rows = [headers, *[[name] for name in candidate_names]]
    row_height = ROOMY_ROW if len(rows) <= 21 else TIGHT_ROW
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.8)
    for index, row in enumerate(rows):
        x = left
        canvas.setFont(font, 11 if index else 10.5)
        for column, column_width in enumerate(widths):
            canvas.rect(x, y - row_height, column_width, row_height)
            if column < len(row):
                canvas.drawCentredString(
                    x + column_width / 2, y - row_height + row_height / 3, row[column]
                )
            x += column_width
        y -= row_height
    y -= 8 * mm
    canvas.setFont(font, 9)
    canvas.drawString(
        left, y, "投票后请将选票投入票箱。本票由监票人、计票人按编号核对发出和收回数。"
    )
