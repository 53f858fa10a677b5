"""Chinese line breaking (禁则) for the PDFs that lay out running text themselves.

A line may break between any two Chinese characters, but never so that a line starts with
closing punctuation (，。、；：？！）」』》…) or ends with opening punctuation (（「『《“…).
Runs of Latin letters and digits ("280", "2026", "A4") are kept whole, as a word is.
When the natural break would break a rule, the character before it moves down to the next
line (推出); only if that empties the line does the punctuation stay at the end of the line,
overhanging the margin a little (悬挂), as typesetters do.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

# GB/T 15834 closing marks and the ASCII ones that look the same in running text.
NO_LINE_START = frozenset(
    "，。、；：？！）」』》〉】〕〗〙〛］｝”’…‥—～·・％‰℃"
    ",.;:?!)]}%"
)
NO_LINE_END = frozenset("（「『《〈【〔〖〘〚［｛“‘([{")


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _break_allowed(text: str, index: int) -> bool:
    """May a line end just before text[index]?"""
    if index <= 0 or index >= len(text):
        return True
    before, after = text[index - 1], text[index]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    # A space is a fine place to break; inside a Latin word or a number it is not.
    return not (_is_word_char(before) and _is_word_char(after))


def _wrap_paragraph(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    start = 0
    while start < len(text):
        end = start
        used = 0.0
        # Take characters while they fit; at least one, so a narrow box still advances.
        while end < len(text):
            advance = stringWidth(text[end], font, size)
            if end > start and used + advance > width:
                break
            used += advance
            end += 1
        if end < len(text):
            cut = end
            while cut > start + 1 and not _break_allowed(text, cut):
                cut -= 1
            if cut == start + 1 and not _break_allowed(text, cut):
                # Pushing out emptied the line: keep going forward instead, so closing
                # punctuation hangs at the end of this line.
                cut = end
                while cut < len(text) and not _break_allowed(text, cut):
                    cut += 1
            end = cut
        line = text[start:end]
        lines.append(line.rstrip(" "))
        start = end
        # A space that caused the break is not carried to the next line's start.
        while start < len(text) and text[start] == " ":
            start += 1
    return lines or [""]


def wrap_cjk(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` as lines no wider than `width` points in `font` at `size`, breaking by the
    Chinese rules; a newline in `text` always starts a new line."""
    if width <= 0:
        raise ValueError("width must be positive")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, font, size, width) if paragraph else [""])
    return lines
