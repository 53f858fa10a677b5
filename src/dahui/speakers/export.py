"""The speeches given, as an Excel workbook: one row per speech, per session and item.

Like the other congress documents it speaks Chinese whatever the interface language; user
text (names, work units, titles) goes through `xlsx_cells` so it stays text.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from dahui.documents.minutes import duration_text
from dahui.documents.xlsx_cells import append_text_row, cell_text
from dahui.speakers.models import Speech

HEADER = ("序号", "会议", "议程", "发言人", "代表团/单位", "类别", "开始时间", "结束时间",
          "时长（秒）", "时长", "限时（秒）", "超时（秒）")
WIDTHS = (6, 18, 30, 12, 20, 12, 18, 18, 10, 10, 10, 10)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def speeches_xlsx(*, title: str, speeches: Iterable[Speech]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "发言记录"
    append_text_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=14)
    append_text_row(sheet, HEADER)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for n, speech in enumerate(speeches, start=1):
        item = speech.speakers_list.agenda_item
        limit = speech.limit_seconds or 0
        append_text_row(sheet, [
            n, item.session.title if item and item.session else "", item.title if item else "",
            speech.name, speech.affiliation, "程序性发言" if speech.point_of_order else "发言",
            _local(speech.started_at), _local(speech.ended_at), speech.seconds,
            duration_text(speech.seconds), limit or "", max(0, speech.seconds - limit)
            if limit else "",
        ])
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A3"
    workbook.properties.title = cell_text(title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
