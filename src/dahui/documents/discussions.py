"""The groups' discussion summaries (分组讨论情况) as plain data and text, printed the same
way in the session minutes and in the 简报."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dahui.documents.xlsx_cells import append_text_row


@dataclass(frozen=True)
class GroupSummary:
    group: str
    present: int | None
    text: str
    opinions: Sequence[str] = ()


@dataclass(frozen=True)
class ItemDiscussion:
    """Every group's submitted summary of one agenda item, groups in their order."""

    item: str
    summaries: Sequence[GroupSummary]


def discussion_paragraphs(discussion: ItemDiscussion) -> list[str]:
    """One item's summaries as paragraphs, group by group; opinions as "· " entries."""
    paragraphs = []
    for summary in discussion.summaries:
        present = f"（出席{summary.present}人）" if summary.present else ""
        paragraphs.append(f"【{summary.group}】{present}{summary.text}")
        paragraphs += [f"· {opinion}" for opinion in summary.opinions]
    return paragraphs


@dataclass(frozen=True)
class SummaryRow:
    """One group's line in the side-by-side export of an item, whatever its state."""

    group: str
    members: int
    state: str  # 未填写 / 草稿 / 已提交
    present: int | None
    text: str
    opinions: Sequence[str]
    room: str
    when: str
    recorder: str
    updated: str


SUMMARY_COLUMNS = ("小组", "本组人数", "状态", "出席人数", "讨论情况", "主要意见和建议",
                   "地点", "时间", "记录人", "最后保存")
COLUMN_WIDTHS = (14, 10, 10, 10, 70, 50, 16, 22, 12, 18)


def summaries_xlsx(*, title: str, rows: Sequence[SummaryRow]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "分组讨论情况"
    append_text_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    append_text_row(sheet, SUMMARY_COLUMNS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        append_text_row(sheet, [
            row.group, row.members, row.state, row.present if row.present is not None else "",
            row.text, "\n".join(row.opinions), row.room, row.when, row.recorder, row.updated,
        ])
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[chr(ord("A") + index - 1)].width = width
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
