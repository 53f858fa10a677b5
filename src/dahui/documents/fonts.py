"""The CJK font embedded in every PDF.

ReportLab's built-in CID fonts (STSong-Light) are not embedded: a PDF made with them shows
boxes on a machine without Chinese fonts, so they are never used. We embed a TrueType font
instead. WenQuanYi Micro Hei (Debian `fonts-wqy-microhei`) is TrueType inside a .ttc and
embeds as a subset; OpenType-CFF fonts such as Noto CJK cannot be embedded by ReportLab.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

FONT_NAME = "DahuiCJK"
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)


class CJKFontMissing(RuntimeError):
    pass


def find_cjk_font() -> Path:
    configured = os.environ.get("DAHUI_CJK_FONT")
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise CJKFontMissing(f"DAHUI_CJK_FONT={configured!r} is not a file")
        return path
    for candidate in CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    raise CJKFontMissing(
        "no Chinese TrueType font found: install Debian's fonts-wqy-microhei "
        "(apt-get install fonts-wqy-microhei) or set DAHUI_CJK_FONT to a .ttf/.ttc file"
    )


@cache
def cjk_font_name() -> str:
    """Register the CJK font with ReportLab (once) and return the name to use in styles."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = find_cjk_font()
    options = {"subfontIndex": 0} if path.suffix.lower() == ".ttc" else {}
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), **options))
    return FONT_NAME
