"""The counts of an election as an Excel workbook: one sheet per round."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

FIGURES = (
    ("应到会人数", "entitled"), ("发出选票", "issued"), ("收回选票", "returned"),
    ("有效票", "valid"), ("无效票", "invalid"), ("当选票数", "threshold"),
    ("应选名额", "seats"), ("状态", "status"),
)


def results_xlsx(*, title: str, rounds: Sequence[tuple[str, Mapping[str, Any]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for index, (label, result) in enumerate(rounds, start=1):
        # Sheet names are capped at 31 characters and must be unique.
        sheet = workbook.create_sheet(f"{index} {label}"[:31])
        sheet.append([title, label])
        sheet["A1"].font = bold
        sheet.append([])
        for caption, key in FIGURES:
            sheet.append([caption, result.get(key, "")])
        sheet.append([])
        sheet.append(["姓名", "赞成", "不赞成", "弃权", "另选他人", "当选"])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for line in result.get("results", []):
            write_in = bool(line.get("write_in"))
            sheet.append([
                line["name"], line["for"],
                None if write_in else line["against"],
                None if write_in else line["abstain"],
                "是" if write_in else "",
                "当选" if line["elected"] else "",
            ])
        sheet.column_dimensions["A"].width = 18
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
