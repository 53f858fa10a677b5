"""选举结果公告: the announcement of an election's result as PDF.

It states the figures of every round (应到, 发出, 收回, 有效, 无效) and the elected in the
order the caller passes, which is the rules core's announcement order (按姓氏笔画为序).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from dahui.documents.fonts import cjk_font_name
from dahui.documents.text_layout import wrap_cjk

MARGIN = 25 * mm
FRAME_PADDING = 6  # SimpleDocTemplate's frame keeps 6 pt inside each margin
TEXT_WIDTH = A4[0] - 2 * MARGIN - 2 * FRAME_PADDING
INDENT = "\u3000\u3000"  # 首行缩进两字


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def body_lines(text: str, style: ParagraphStyle) -> list[str]:
    """A body paragraph as the lines it is printed in: indented two characters and broken
    by the Chinese rules (no line starts with "，" or "。")."""
    # A point of slack: reportlab re-wraps a line that is wider than the frame by a rounding
    # error, and would then break it without the rules.
    return wrap_cjk(INDENT + text, style.fontName, style.fontSize, TEXT_WIDTH - 1)


def _body(text: str, style: ParagraphStyle) -> Paragraph:
    # The lines are broken here, each kept whole by non-breaking spaces, so reportlab's own
    # CJK wrapping (which lets a line start with "：") never runs.
    # The indent is laid out as two ideographic spaces but printed as the style's first-line
    # indent: reportlab drops leading white space.
    lines = body_lines(text, style)
    lines[0] = lines[0].removeprefix(INDENT)
    return Paragraph("<br/>".join(_escape(line).replace(" ", "&nbsp;") for line in lines), style)


def _names(names: Sequence[str], style: ParagraphStyle) -> Paragraph:
    # Each name is one unbreakable word: a name is never split across two lines.
    words = [_escape(name).replace(" ", "&nbsp;") + "&nbsp;&nbsp;" for name in names]
    return Paragraph(" ".join(words), style)


def round_figures_sentence(label: str, result: Mapping[str, Any]) -> str:
    """One round's figures in the words of a 公告."""
    sentence = (
        f"{label}应到会代表{result['entitled']}人，发出选票{result['issued']}张，"
        f"收回选票{result['returned']}张"
    )
    if result["status"] in ("no_quorum", "void"):
        reason = "不足法定人数" if result["status"] == "no_quorum" else "收回选票多于发出选票"
        return sentence + f"，因{reason}，本次选举无效。"
    return sentence + (
        f"，其中有效票{result['valid']}张，无效票{result['invalid']}张，"
        f"选举有效。当选票数须达到{result['threshold']}票。"
    )


def announcement_pdf(
    *,
    congress_name: str,
    title: str,
    rounds: Sequence[tuple[str, Mapping[str, Any]]],
    elected_names: Sequence[str],
    unfilled: int,
    issued_by: str,
    date_text: str,
) -> bytes:
    """`rounds` pairs a label (第一轮投票, 另行选举 …) with the round's result JSON."""
    font = cjk_font_name()
    body = ParagraphStyle(
        "body", fontName=font, fontSize=13, leading=24, firstLineIndent=26
    )
    heading = ParagraphStyle(
        "heading", fontName=font, fontSize=22, leading=30, alignment=TA_CENTER
    )
    names = ParagraphStyle(
        "names", fontName=font, fontSize=15, leading=28, alignment=TA_CENTER
    )
    signature = ParagraphStyle(
        "signature", fontName=font, fontSize=13, leading=22, alignment=TA_RIGHT
    )
    story: list = [
        Paragraph(congress_name, ParagraphStyle("sub", parent=heading, fontSize=14)),
        Spacer(1, 4 * mm),
        Paragraph("选举结果公告", heading),
        Spacer(1, 10 * mm),
    ]
    for label, result in rounds:
        story.append(_body(round_figures_sentence(label, result), body))
    if elected_names:
        story.append(
            _body(f"经计票，下列{len(elected_names)}位同志当选为{title}（按姓氏笔画为序）：", body)
        )
        story.append(Spacer(1, 4 * mm))
        story.append(_names(elected_names, names))
    else:
        story.append(_body(f"本次选举没有人当选为{title}。", body))
    if unfilled:
        story.append(Spacer(1, 4 * mm))
        story.append(_body(f"尚有{unfilled}个名额空缺。", body))
    story.append(Spacer(1, 4 * mm))
    story.append(_body("特此公告。", body))
    story += [Spacer(1, 16 * mm), Paragraph(issued_by, signature), Paragraph(date_text, signature)]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=f"{title}选举结果公告", leftMargin=MARGIN,
        rightMargin=MARGIN, topMargin=25 * mm, bottomMargin=25 * mm,
    )
    document.build(story)
    return buffer.getvalue()
