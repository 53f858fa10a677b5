"""A chair election's papers as one .xlsx: the nomination tally, the candidate list in stroke
order, the vetting and approval decisions, and the count (when there is one). For the
preparatory group's file and the report to the higher union."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook

from dahui.documents.xlsx_cells import append_text_row


def election_xlsx(*, union_name: str, title: str, tally: Sequence[tuple[str, str, str, int]],
                  candidates: Sequence[tuple[str, str, str, int]],
                  decisions: Sequence[tuple[str, str, str, str, str]], result: dict) -> bytes:
    """`tally` and `candidates`: (工号, 姓名, 分会, 推荐数); `decisions`: (决定, 结果, 决定机关,
    记录人, 时间)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "推荐统计"
    append_text_row(sheet, [f"{union_name} {title}"])
    append_text_row(sheet, ["工号", "姓名", "分会（小组）", "推荐数"])
    for row in tally:
        append_text_row(sheet, row)
    sheet = workbook.create_sheet("候选人名单")
    append_text_row(sheet, ["序号", "工号", "姓名", "分会（小组）", "推荐数"])
    for number, row in enumerate(candidates, start=1):
        append_text_row(sheet, [number, *row])
    sheet = workbook.create_sheet("审查审批")
    append_text_row(sheet, ["事项", "结果", "决定机关", "记录人", "时间"])
    for row in decisions:
        append_text_row(sheet, row)
    if result:
        sheet = workbook.create_sheet("选举结果")
        append_text_row(sheet, ["应到会员", "发出选票", "收回选票", "有效票", "无效票",
                                "当选票数（超过应到半数）"])
        append_text_row(sheet, [result["entitled"], result["issued"], result["returned"],
                                result["valid"], result["invalid"], result["threshold"]])
        append_text_row(sheet, [])
        append_text_row(sheet, ["姓名", "赞成", "反对", "弃权", "当选"])
        for line in result["results"]:
            append_text_row(sheet, [line["name"], line["for"], line["against"],
                                    line["abstain"], "当选" if line["elected"] else ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
