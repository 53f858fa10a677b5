"""The table reader refuses zip bombs in seconds, before any XML is parsed."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from dahui.documents.spreadsheet import MAX_UNPACKED_BYTES, SpreadsheetError, read_table


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def small_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "性别"])
    sheet.append(["王敏", "女"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_huge_cell(data: bytes, *, megabytes: int) -> bytes:
    """The same workbook with one more row whose cell holds `megabytes` MB of "a": a valid
    sheet that deflates to almost nothing."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, body)
                continue
            head, tail = body.split(b"</sheetData>")
            with target.open(info.filename, "w") as member:
                member.write(head + b'<row r="3"><c r="A3" t="inlineStr"><is><t>')
                chunk = b"a" * (1 << 20)
                for _ in range(megabytes):
                    member.write(chunk)
                member.write(b"</t></is></c></row></sheetData>" + tail)
    return out.getvalue()


def refused_quickly(data: bytes) -> list[str]:
    started = time.perf_counter()
    with pytest.raises(SpreadsheetError) as caught:
        read_table(data, "bomb.xlsx", max_rows=100)
    assert time.perf_counter() - started < 3
    return [message for _row, _column, message in caught.value.problems]


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused_before_parsing():
    bomb = with_huge_cell(small_workbook(), megabytes=(MAX_UNPACKED_BYTES >> 20) + 8)
    assert len(bomb) < 300_000  # a few hundred KB on the wire
    (message,) = refused_quickly(bomb)
    assert "解压后超过 48 MB" in message


def test_a_member_compressed_far_beyond_a_spreadsheets_ratio_is_refused():
    bomb = with_huge_cell(small_workbook(), megabytes=4)  # well under the size limit
    (message,) = refused_quickly(bomb)
    assert "解压后超过" in message


def test_many_members_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(2000):
            archive.writestr(f"x/{n}.xml", b"<a/>")
    (message,) = refused_quickly(out.getvalue())
    assert "解压后超过" in message


def test_an_ordinary_workbook_is_read():
    table = read_table(small_workbook(), "r.xlsx", max_rows=100)
    assert table.header == ["姓名", "性别"]
    assert table.rows == [(2, ["王敏", "女"])]


def test_a_broken_zip_is_refused_as_unreadable():
    data = small_workbook()
    (message,) = refused_quickly(data[: len(data) // 2])
    assert message == "文件不是可读取的 Excel 工作簿（.xlsx）。"
