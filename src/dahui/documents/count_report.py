"""计票报告: the count report of an election, with each scrutineer's confirmation.

A table per round in count order (most 赞成 first, as the rules core gives `results`), the
round's figures, and the scrutineers: who confirmed the count in the app and when, with a
cell beside each for the handwritten signature on the printed report. At the end, the audit
log's head at each round's publication (and now), which `dahui audit verify --head` checks
an exported log against. Text is laid out with Chinese line breaking (text_layout).
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

from dahui.audit.chain import Head
from dahui.documents.fonts import cjk_font_name
from dahui.documents.text_layout import ChineseParagraph

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
    confirmed_at: str  # "" when the scrutineer has not confirmed in the app


@dataclass(frozen=True)
class PublishedHead:
    label: str  # 第一轮投票公布时 / 本报告生成时
    head: Head


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
    audit_heads: Sequence[PublishedHead] = (),
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
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=12)
    story: list = [
        ChineseParagraph(congress_name, ParagraphStyle("c", parent=heading, fontSize=13)),
        ChineseParagraph(f"{title} 计票报告", heading),
        Spacer(1, 6 * mm),
    ]
    for label, result in rounds:
        story.append(ChineseParagraph(label, subheading))
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
        seats = f"应选{result['seats']}名。" if result.get("seats") else ""
        story.append(ChineseParagraph(f"{seats}结果：{status}", body))
        rows = counts_rows(result, {})
        if rows:
            story.append(Spacer(1, 2 * mm))
            table = Table(
                [["姓名", "赞成", "不赞成", "弃权", ""], *rows],
                colWidths=[50 * mm, 25 * mm, 25 * mm, 25 * mm, 25 * mm], style=grid,
                repeatRows=1,
            )
            story.append(table)
    story.append(ChineseParagraph("监票人、计票人确认及签名", subheading))
    if confirmations:
        signatures = Table(
            [["姓名", "职责", "系统内确认时间", "手写签名"],
             *[[c.name, c.role, c.confirmed_at or "未确认", ""] for c in confirmations]],
            colWidths=[30 * mm, 52 * mm, 34 * mm, 54 * mm], style=grid, repeatRows=1,
            rowHeights=[None, *[13 * mm] * len(confirmations)],
        )
        story.append(signatures)
        story.append(Spacer(1, 2 * mm))
        story.append(ChineseParagraph(
            "以上计票结果经监票人、计票人在系统内确认；打印后由本人在“手写签名”栏签字。", body
        ))
    else:
        story.append(ChineseParagraph("（尚无监票人确认）", body))
    story += [Spacer(1, 8 * mm), Paragraph(date_text, body)]
    if audit_heads:
        story.append(ChineseParagraph("审计日志链头", subheading))
        story.append(Table(
            [["时点", "序号", "哈希值（SHA-256）"],
             *[[h.label, str(h.head.seq), Paragraph(h.head.hash, small)]
               for h in audit_heads]],
            colWidths=[38 * mm, 16 * mm, 116 * mm], style=grid,
        ))
        story.append(Spacer(1, 2 * mm))
        story.append(ChineseParagraph(
            "核对方法：导出本次大会的审计日志，运行 dahui audit verify 日志文件 "
            "--head 序号:哈希值；公布后改写日志将无法通过核对。", small,
        ))
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=f"{title}计票报告", leftMargin=20 * mm, rightMargin=20 * mm,
        topMargin=20 * mm, bottomMargin=20 * mm,
    ).build(story)
    return buffer.getvalue()
