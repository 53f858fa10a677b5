"""The chairs' register of a higher union as .xlsx (every user text written as text)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook

from dahui.documents.xlsx_cells import append_text_row

HEADINGS = ("工会", "主席", "当选日期", "任期（年）", "下届选举到期", "离任日期",
            "补选期限（3个月内）", "提醒")


def register_xlsx(*, title: str, lines: Iterable) -> bytes:
    """`lines`: selectors.RegisterLine, in the register's order."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "主席名册"
    append_text_row(sheet, [title])
    append_text_row(sheet, HEADINGS)
    for line in lines:
        term = line.term
        append_text_row(sheet, [term.union.name, term.name, term.elected_on, term.term_years,
                                term.next_election_due, term.vacated_on, term.fill_by,
                                line.reminder])
    for column, width in zip("ABCDEFGH", (30, 10, 12, 10, 14, 12, 18, 30), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
