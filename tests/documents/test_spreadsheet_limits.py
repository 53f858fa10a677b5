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
    """Refused before any parsing: openpyxl is never asked to open the workbook (how long
    a refusal takes is no test's business; it is immediate by construction)."""
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("the workbook was parsed before it was refused")

    original = openpyxl.load_workbook
    openpyxl.load_workbook = never
    try:
        with pytest.raises(SpreadsheetError) as caught:
            read_table(data, "bomb.xlsx", max_rows=100)
    finally:
        openpyxl.load_workbook = original
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


def with_shared_strings(data: bytes) -> bytes:
    """The workbook as Excel saves it: text in xl/sharedStrings.xml, cells pointing at it
    (openpyxl itself writes inline strings)."""
    import re
    from xml.sax.saxutils import escape

    source = zipfile.ZipFile(io.BytesIO(data))
    strings: list[str] = []

    def shared(match: re.Match) -> bytes:
        text = match.group(2).decode()
        strings.append(text)
        return match.group(1) + b' t="s"><v>' + str(len(strings) - 1).encode() + b"</v></c>"

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                body = re.sub(rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is><t>(.*?)</t>'
                              rb"</is></c>", shared, body)
            elif info.filename == "[Content_Types].xml":
                body = body.replace(b"</Types>", (
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                    b"</Types>"))
            elif info.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>'))
            target.writestr(info.filename, body)
        items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        target.writestr("xl/sharedStrings.xml", (
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'))
    return out.getvalue()


def test_a_workbook_with_shared_strings_as_excel_saves_it_is_read():
    data = with_shared_strings(small_workbook())
    assert b"sharedStrings.xml" in data
    table = read_table(data, "r.xlsx", max_rows=100)
    assert table.header == ["姓名", "性别"]
    assert table.rows == [(2, ["王敏", "女"])]


def test_merged_cells_are_found_in_a_workbook_with_shared_strings():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "身份"])
    sheet.append(["王敏", "列席"])
    sheet.append(["李强", None])
    sheet.merge_cells("B2:B3")
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(SpreadsheetError) as caught:
        read_table(with_shared_strings(buffer.getvalue()), "r.xlsx", max_rows=100)
    assert [column for _row, column, _message in caught.value.problems] == ["B2:B3"]


# Whatever bytes arrive, the reader answers with a table or a SpreadsheetError listing the
# problems, never with another exception (which a view would turn into a 500).
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

VALID = small_workbook()


@st.composite
def mutated_workbooks(draw) -> bytes:
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data) - 1))
        data[position] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(4, len(data)))]
    return bytes(data)


@settings(max_examples=150, deadline=None)
@given(data=mutated_workbooks() | st.binary(max_size=2000),
       name=st.sampled_from(["r.xlsx", "r.csv", "r.txt"]))
def test_any_bytes_give_a_table_or_a_listed_refusal(data, name):
    problems = None
    try:
        table = read_table(data, name, max_rows=100)
    except SpreadsheetError as error:
        problems = error.problems
    if problems is None:
        assert table.header
    else:
        assert problems
        assert all(isinstance(message, str) and message for _r, _c, message in problems)


def _with_sheet(data: bytes, sheet_xml: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = sheet_xml.encode()
            target.writestr(info.filename, body)
    return out.getvalue()


SHEET = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
         'spreadsheetml/2006/main">{dimension}<sheetData><row r="1"><c r="A1" t="inlineStr">'
         '<is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>性别</t></is></c></row>'
         '{far}</sheetData></worksheet>')


@pytest.mark.parametrize(("dimension", "far"), [
    # A few hundred bytes that claim, or hold, the sheet's far corner: read as a grid of
    # empty cells, a million rows by 16,384 columns.
    ('<dimension ref="A1:XFD1048576"/>', '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
    ("", '<row r="1048576"><c r="A1048576"><v>1</v></c></row>'),
    ("", "".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(2, 400))),
])
def test_a_tiny_workbook_reaching_the_sheets_far_corner_is_refused_in_seconds(dimension, far):
    data = _with_sheet(small_workbook(), SHEET.format(dimension=dimension, far=far))
    started = time.monotonic()
    with pytest.raises(SpreadsheetError):
        read_table(data, "r.xlsx", max_rows=5000)
    # Not a speed target: reading the claimed grid would take many minutes, refusing it takes
    # well under a second; the bound leaves room for a machine under heavy load.
    assert time.monotonic() - started < 60


def test_the_far_corner_refusal_is_in_chinese():
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    data = _with_sheet(small_workbook(), SHEET.format(dimension="", far=far))
    with pytest.raises(SpreadsheetError) as refused:
        read_table(data, "r.xlsx", max_rows=5000)
    assert "工作表的内容超出了第 BL 列或第 100000 行" in str(refused.value.problems[0][2])
