"""The roster as an Excel workbook: the empty template with an example row, and the export.

Both use the import's Chinese headings, so an exported roster imports back unchanged.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dahui.congress.models import Delegate
from dahui.congress.roster_import import (
    CATEGORY_LABELS,
    COLUMNS,
    GENDER_LABELS,
    STATUS_LABELS,
)
from dahui.documents.xlsx_cells import append_text_row

HEADING_FILL = PatternFill("solid", fgColor="F4CCCC")
WIDTHS = {"name": 10, "work_unit": 34, "position": 16, "categories": 22, "id_tail": 14,
          "birth_date": 12, "delegation": 12}


def _workbook(rows: Iterable[list[object]], *, note: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "代表名册"
    append_text_row(sheet, [column.heading for column in COLUMNS])
    text_columns = []
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="B71C1C" if column.required else "000000")
        cell.fill = HEADING_FILL
        cell.alignment = Alignment(horizontal="center")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(column.key, 10)
        # Text format keeps "0123" and "001" from losing their leading zeros in Excel. It is
        # the column's format, so rows typed in later get it too; formatting cells one by one
        # would create them and push `append` below them.
        if column.key in ("number", "id_tail", "birth_date"):
            sheet.column_dimensions[letter].number_format = "@"
            text_columns.append(index)
    for row in rows:
        append_text_row(sheet, row)
        for index in text_columns:
            sheet.cell(row=sheet.max_row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    if note:
        help_sheet = workbook.create_sheet("填写说明")
        for line in note.splitlines():
            append_text_row(help_sheet, [line])
        help_sheet.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


TEMPLATE_NOTE = """填写说明（只读取第一个工作表“代表名册”，本页不会导入）
红色标题为必填列。每行一名代表，不要合并单元格，不要使用公式。
代表证号：可留空，导入时自动编号。
性别：男 或 女。出生日期：如 1978-05-12。身份证号后四位：如 032X。
代表团：须与大会已设的代表团名称一致。
代表类别：一线职工、专业技术人员、工会干部、企业负责人、劳动模范、农民工、中共党员，可填多个，用顿号分隔。
代表身份：正式、特邀 或 列席，留空为正式。
再次导入时按“姓名 + 身份证号后四位”匹配已有代表，导入前会先显示新增、修改和删除。"""


def roster_template() -> bytes:
    return _workbook([[column.example for column in COLUMNS]], note=TEMPLATE_NOTE)


def roster_export(delegates: Iterable[Delegate]) -> bytes:
    return _workbook(
        [
            d.number,
            d.name,
            GENDER_LABELS[d.gender],
            d.ethnicity,
            d.birth_date.isoformat(),
            d.id_tail,
            d.work_unit,
            d.position,
            d.delegation.name,
            "、".join(CATEGORY_LABELS[c] for c in d.categories if c in CATEGORY_LABELS),
            STATUS_LABELS[d.status],
        ]
        for d in delegates
    )
