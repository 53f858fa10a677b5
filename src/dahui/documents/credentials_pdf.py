"""代表证: one A4 PDF, eight cards a page, each with the delegate's name, delegation, number
and a QR code holding their login link (scanned at the door too).

The access code (登录码) the login page asks for is printed right under the QR code: both
are the same secret (either logs the delegate in, the code with the last four characters of
the ID number), so they sit together, where a holder or a sleeve covers them alike, away from
the name and the number that are meant to be read across the hall.

The Chinese font is embedded (subset), so the file prints right on a machine without
Chinese fonts. QR codes are drawn as vector rectangles, one per run of dark modules, which
keeps 300 cards to a few seconds and a sharp print at any size.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

import segno
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from dahui.documents.fonts import cjk_font_name

RED = HexColor("#B71C1C")
INK = HexColor("#1D1D1F")
GREY = HexColor("#5F6368")
CARD_W, CARD_H = 92 * mm, 64 * mm
COLUMNS, ROWS = 2, 4
GAP = 6 * mm
STATUS_TEXT = {"formal": "正式代表", "invited": "特邀代表", "attending": "列席代表"}


@dataclass(frozen=True)
class Card:
    name: str
    delegation: str
    number: str
    status: str  # formal / invited / attending
    login_url: str
    access_code: str = ""


def grouped_code(code: str) -> str:
    """ABCDEFGH → ABCD-EFGH: easier to read out and type; the login ignores the dash."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest font size up to `size` at which `text` fits in `width`."""
    while size > 6 and canvas.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _draw_qr(canvas: Canvas, data: str, x: float, y: float, side: float) -> None:
    qr = segno.make(data, error="m", micro=False)
    matrix = qr.matrix
    count = len(matrix)
    module = side / count
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + side - (row_index + 1) * module
        start = None
        for col_index, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = col_index
            elif not dark and start is not None:
                path.rect(x + start * module, top, (col_index - start) * module, module)
                start = None
    canvas.setFillColor(INK)
    canvas.drawPath(path, stroke=0, fill=1)


def _draw_card(canvas: Canvas, card: Card, x: float, y: float, *, title: str, font: str) -> None:
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.4)
    canvas.setDash(2, 2)  # cut line
    canvas.rect(x, y, CARD_W, CARD_H, stroke=1, fill=0)
    canvas.setDash()
    band = 15 * mm
    canvas.setFillColor(RED)
    canvas.rect(x, y + CARD_H - band, CARD_W, band, stroke=0, fill=1)
    canvas.setFillColor(white)
    size = _fit(canvas, title, font, 9, CARD_W - 8 * mm)
    canvas.setFont(font, size)
    canvas.drawCentredString(x + CARD_W / 2, y + CARD_H - 5.5 * mm, title)
    canvas.setFont(font, 13)
    canvas.drawCentredString(x + CARD_W / 2, y + CARD_H - 12 * mm, "代  表  证")

    qr_side = 34 * mm
    qr_x = x + CARD_W - qr_side - 3 * mm
    qr_y = y + 8.5 * mm
    _draw_qr(canvas, card.login_url, qr_x, qr_y, qr_side)
    if card.access_code:
        # The code in a fixed-width Latin face: 8 and B, 5 and S must not be confused.
        label = "登录码 "
        code = grouped_code(card.access_code)
        label_w = canvas.stringWidth(label, font, 7)
        code_w = canvas.stringWidth(code, "Courier-Bold", 9)
        start = qr_x + (qr_side - label_w - code_w) / 2
        canvas.setFillColor(GREY)
        canvas.setFont(font, 7)
        canvas.drawString(start, y + 4 * mm, label)
        canvas.setFillColor(INK)
        canvas.setFont("Courier-Bold", 9)
        canvas.drawString(start + label_w, y + 4 * mm, code)

    text_x = x + 5 * mm
    text_w = qr_x - text_x - 2 * mm
    canvas.setFillColor(INK)
    size = _fit(canvas, card.name, font, 22, text_w)
    canvas.setFont(font, size)
    canvas.drawString(text_x, y + CARD_H - band - 12 * mm, card.name)
    canvas.setFont(font, 9.5)
    delegation = f"代表团：{card.delegation}"
    canvas.setFont(font, _fit(canvas, delegation, font, 9.5, text_w))
    canvas.drawString(text_x, y + 24 * mm, delegation)
    canvas.setFont(font, 9.5)
    canvas.drawString(text_x, y + 18 * mm, f"证号：{card.number}")
    canvas.setFillColor(RED if card.status == "formal" else GREY)
    canvas.drawString(text_x, y + 12 * mm, STATUS_TEXT.get(card.status, card.status))
    canvas.setFillColor(GREY)
    canvas.setFont(font, 6.5)
    canvas.drawString(text_x, y + 5.5 * mm, "扫码或登录码登录 · 入场签到 · 请勿转借")


def credentials_pdf(cards: Iterable[Card], *, title: str) -> bytes:
    font = cjk_font_name()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{title} 代表证")
    page_w, page_h = A4
    left = (page_w - COLUMNS * CARD_W - (COLUMNS - 1) * GAP) / 2
    top = (page_h + ROWS * CARD_H + (ROWS - 1) * GAP) / 2
    slot = 0
    for card in cards:
        if slot == COLUMNS * ROWS:
            canvas.showPage()
            slot = 0
        column, row = slot % COLUMNS, slot // COLUMNS
        x = left + column * (CARD_W + GAP)
        y = top - (row + 1) * CARD_H - row * GAP
        _draw_card(canvas, card, x, y, title=title, font=font)
        slot += 1
    canvas.save()
    return buffer.getvalue()
