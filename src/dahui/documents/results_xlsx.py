"""The counts of an election as an Excel workbook: one sheet per round.

The workbook speaks Chinese whatever the interface language, like the printed count report:
statuses and runoff reasons are written as the congress says them, never as internal codes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from dahui.documents.xlsx_cells import append_text_row, cell_text

FIGURES = (
    ("应到会人数", "entitled"), ("发出选票", "issued"), ("收回选票", "returned"),
    ("有效票", "valid"), ("无效票", "invalid"), ("当选票数", "threshold"),
    ("应选名额", "seats"),
)
STATUS_WORDS = {
    "elected": "当选名额已选满",
    "no_quorum": "不足法定人数，选举无效",
    "void": "收回选票多于发出选票，选举无效",
    "passed": "通过",
    "rejected": "未通过",
}
# A runoff is a 再次投票 among people tied for the last seat, or a 另行选举 for seats left
# unfilled (RULES.md rules 8 and 9).
RUNOFF_WORDS = {
    "tie": ("再次投票", "得票相等，名额不足以全部当选"),
    "shortage": ("另行选举", "得票过半数的人数少于应选名额"),
}


def status_words(result: Mapping[str, Any]) -> str:
    status = result.get("status", "")
    runoff = result.get("runoff") or {}
    if status == "runoff":
        kind, why = RUNOFF_WORDS.get(runoff.get("reason"), ("再次投票", ""))
        seats = runoff.get("seats")
        left = f"，余{seats}个名额" if seats is not None else ""
        return f"需{kind}（{why}{left}）" if why else f"需{kind}{left}"
    return STATUS_WORDS.get(status, "未计票" if not status else "结果待核")


def results_xlsx(*, title: str, rounds: Sequence[tuple[str, Mapping[str, Any]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for index, (label, result) in enumerate(rounds, start=1):
        # Sheet names are capped at 31 characters and must be unique.
        sheet = workbook.create_sheet(cell_text(f"{index} {label}")[:31])
        append_text_row(sheet, [title, label])
        sheet["A1"].font = bold
        sheet.append([])
        for caption, key in FIGURES:
            append_text_row(sheet, [caption, result.get(key, "")])
        append_text_row(sheet, ["结果", status_words(result)])
        names = {line["id"]: line["name"] for line in result.get("results", [])}
        runoff = result.get("runoff") or {}
        if runoff.get("candidates"):
            kind, _why = RUNOFF_WORDS.get(runoff.get("reason"), ("再次投票", ""))
            append_text_row(sheet, [
                f"{kind}候选人",
                "、".join(names.get(i, i) for i in runoff["candidates"]),
            ])
        sheet.append([])
        append_text_row(sheet, ["姓名", "赞成", "不赞成", "弃权", "另选他人", "当选"])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for line in result.get("results", []):
            write_in = bool(line.get("write_in"))
            append_text_row(sheet, [
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
