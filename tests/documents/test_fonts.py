"""PDFs embed a real CJK font, so Chinese prints on a machine without Chinese fonts."""

from __future__ import annotations

import io

import pytest

from dahui.documents.fonts import CJKFontMissing, cjk_font_name, find_cjk_font


def test_a_pdf_with_chinese_embeds_the_font_file():
    from reportlab.pdfgen import canvas

    try:
        find_cjk_font()
    except CJKFontMissing as exc:
        from tests.services import missing

        missing(str(exc))
    name = cjk_font_name()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont(name, 14)
    pdf.drawString(72, 720, "临汾市总工会第三次代表大会")
    pdf.save()
    data = buffer.getvalue()
    assert b"/FontFile2" in data  # an embedded TrueType program, not a font reference
    assert b"STSong" not in data


def test_a_configured_font_that_does_not_exist_is_named(monkeypatch):
    monkeypatch.setenv("DAHUI_CJK_FONT", "/nowhere/font.ttf")
    with pytest.raises(CJKFontMissing, match=r"/nowhere/font\.ttf"):
        find_cjk_font()
