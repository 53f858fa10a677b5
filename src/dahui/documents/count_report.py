"""计票报告: the count report of an election, with each scrutineer's confirmation.

A table per round in count order (most 赞成 first, as the rules core gives `results`), the
round's figures, and the list of scrutineers who confirmed the count in the app and when.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from dahui.documents.fonts import cjk_font_name

STATUS_WORDS = {
    "elected": "名额已选满",
    "runoff": "需再次投票或另行选举",
    "no_quorum": "不足法定人数，选举无效",
    "void": "收回票多于发出票，选举无效",
    "passed": "通过",
    "rejected": "未通过",
}
RUNOFF_REASONS = {"tie": "得票相等", "shortage": "当选人数不足应选名额"}


@dataclass(frozen=True)
class Confirmation:
    name: str
    role: str  # 总监票人 / 监票人 / 计票人
    confirmed_at: str


def figures_row(result: Mapping[str, Any]) -> list[str]:
    return [
        str(result["entitled"]), str(result["issued"]), str(result["returned"]),
        str(result.get("valid", 0)), str(result.get("invalid", 0)),
        str(result.get("threshold", "—")),
    ]


def counts_rows(result: Mapping[str, Any], names: Mapping[str, str]) -> list[list[str]]:
    rows = []
    for line in result.get("results", []):
        name = names.get(line["id"], line["name"])
        if line.get("write_in"):
            name = f"{name}（另选）"
            rows.append([name, str(line["for"]), "—", "—", "当选" if line["elected"] else ""])
        else:
            rows.append([
                name, str(line["for"]), str(line["against"]), str(line["abstain"]),
                "当选" if line["elected"] else "",
            ])
    return rows


def count_report_pdf(
    *,
    congress_name: str,
    title: str,
    rounds: Sequence[tuple[str, Mapping[str, Any]]],
    confirmations: Sequence[Confirmation],
    date_text: str,
) -> bytes:
    font = cjk_font_name()
    heading = ParagraphStyle("h", fontName=font, fontSize=18, leading=26, alignment=TA_CENTER)
    subheading = ParagraphStyle("s", fontName=font, fontSize=13, leading=20, spaceBefore=8)
    body = ParagraphStyle("b", fontName=font, fontSize=10.5, leading=17, wordWrap="CJK")
    grid = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 10),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ])
    story: list = [
        Paragraph(congress_name, ParagraphStyle("c", parent=heading, fontSize=13)),
        Paragraph(f"{title} 计票报告", heading),
        Spacer(1, 6 * mm),
    ]
    for label, result in rounds:
        story.append(Paragraph(label, subheading))
        story.append(Table(
            [["应到", "发出", "收回", "有效", "无效", "当选票数"], figures_row(result)],
            style=grid,
        ))
        status = STATUS_WORDS.get(result["status"], result["status"])
        runoff = result.get("runoff")
        if runoff:
            status += (
                f"（{RUNOFF_REASONS.get(runoff['reason'], runoff['reason'])}，"
                f"余{runoff['seats']}个名额）"
            )
        story.append(Spacer(1, 2 * mm))
        story.append(Paragraph(f"应选{result.get('seats', '')}名。结果：{status}", body))
        rows = counts_rows(result, {})
        if rows:
            story.append(Spacer(1, 2 * mm))
            table = Table(
                [["姓名", "赞成", "不赞成", "弃权", ""], *rows],
                colWidths=[50 * mm, 25 * mm, 25 * mm, 25 * mm, 25 * mm], style=grid,
                repeatRows=1,
            )
            story.append(table)
    story.append(Paragraph("监票人、计票人确认", subheading))
    if confirmations:
        story.append(Table(
            [["姓名", "职责", "确认时间"],
             *[[c.name, c.role, c.confirmed_at] for c in confirmations]],
            colWidths=[40 * mm, 70 * mm, 40 * mm], style=grid,
        ))
    else:
        story.append(Paragraph("（尚无监票人确认）", body))
    story += [Spacer(1, 8 * mm), Paragraph(date_text, body)]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=f"{title}计票报告", leftMargin=20 * mm, rightMargin=20 * mm,
        topMargin=20 * mm, bottomMargin=20 * mm,
    ).build(story)
    return buffer.getvalue()
