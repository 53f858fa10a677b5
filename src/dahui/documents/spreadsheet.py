"""Reading an uploaded table (.xlsx or .csv) into rows of cells, refusing what we cannot trust.

The reader knows nothing of rosters: it turns bytes into a header and rows of plain values,
with each row's number as the user sees it in Excel. Formula cells (their value depends on a
calculation we would not redo) and merged cells (one value standing for several cells) are
refused, as are files that are not spreadsheets and files with more than `max_rows` rows.

Uploaded files are hostile until proven otherwise: an .xlsx is a zip, and a few hundred KB
can unpack to gigabytes, so the sizes its members declare are checked before any parsing
(Python's zipfile never inflates a member beyond its declared size). Text that a spreadsheet
would run as a formula (a leading = + - @) and control characters are refused by cell.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import xml.parsers.expat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from dahui.rules.names import normalize_name

XLSX_MAGIC = b"PK\x03\x04"

# A 10,000-row roster saved by Excel unpacks to about 10 MB at a ratio of 10 to 30.
MAX_UNPACKED_BYTES = 48 * 1024 * 1024
MAX_RATIO = 100  # for members large enough to matter (MIN_RATIO_CHECKED and more)
MIN_RATIO_CHECKED = 1024 * 1024
MAX_MEMBERS = 500
# A sheet is read as a grid up to its last cell: a few bytes placing one cell at XFD1048576
# make a grid of 17 billion empty cells. Tables are read no wider and no longer than this.
MAX_COLUMNS = 64
MAX_LINES = 100_000
# Where a spreadsheet program would run the text as a formula (Excel runs "+1+2" and
# "@SUM(…)" as well as "=…"); a cell holding just the sign is text.
FORMULA_LEADS = ("=", "+", "-", "@")
KEPT_CONTROLS = "\t\n\r"


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read; `problems` lists (row, column, message)."""

    def __init__(self, problems: list[tuple[int | None, str | None, str]]):
        self.problems = problems
        super().__init__("; ".join(message for _row, _col, message in problems))


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as shown in Excel, cell values)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_table(
    data: bytes, filename: str, *, max_rows: int, max_unpacked_bytes: int = MAX_UNPACKED_BYTES
) -> Table:
    """`max_unpacked_bytes` bounds an .xlsx as unpacked: larger for a roster of 100,000
    members than for a congress's; the sheet may be read up to `max_rows` data rows even
    where that is beyond MAX_LINES."""
    if not data.strip():
        raise SpreadsheetError([(None, None, _("The file is empty."))])
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data, max_rows=max_rows, max_unpacked_bytes=max_unpacked_bytes)
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise SpreadsheetError(
            [(None, None, _("The file is not a readable Excel workbook (.xlsx)."))]
        )
    return _read_csv(data, max_rows=max_rows)


def _blank(values: list[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _finish(header: list[Any], rows: list[tuple[int, list[Any]]]) -> Table:
    names = [str(value).strip() if value is not None else "" for value in header]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise SpreadsheetError([(1, None, _("The first row must hold the column headings."))])
    if not rows:
        raise SpreadsheetError([(None, None, _("The file has headings but no data rows."))])
    return Table(header=names, rows=rows)


def _too_many(max_rows: int) -> SpreadsheetError:
    return SpreadsheetError(
        [(None, None, _("The file has more than %(max)d data rows.") % {"max": max_rows})]
    )


def _check_archive(data: bytes, max_unpacked_bytes: int = MAX_UNPACKED_BYTES) -> None:
    """Refuse a zip whose members would unpack to more than we are willing to parse."""
    too_big = SpreadsheetError(
        [(None, None, _("The workbook unpacks to more than %(mb)d MB (a compressed archive "
                        "bomb, or far more than a roster). Save the sheet alone as a new "
                        "workbook and try again.") % {"mb": max_unpacked_bytes >> 20})]
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise SpreadsheetError(
            [(None, None, _("The file is not a readable Excel workbook (.xlsx)."))]
        ) from None
    if len(members) > MAX_MEMBERS:
        raise too_big
    total = 0
    for member in members:
        total += member.file_size
        if total > max_unpacked_bytes:
            raise too_big
        if member.file_size >= MIN_RATIO_CHECKED and (
            member.file_size > MAX_RATIO * max(member.compress_size, 1)
        ):
            raise too_big


SHEET_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",  # Excel, WPS, LibreOffice
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # "strict" Open XML
)


def _merged_ranges(workbook, sheet) -> list[str]:
    """The merged ranges of the sheet being imported (not of whichever sheet part has the
    lowest number: the first sheet of a workbook can be stored as sheet2.xml).

    openpyxl's read-only mode (chosen so that a long file is read row by row and stopped at
    `max_rows`) does not report merged cells, so the part openpyxl read the rows from is
    streamed through expat once more, looking only at <mergeCell ref="…"/> elements.
    """
    found: set[str] = set()

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _sep, local = name.rpartition(" ")
        if local == "mergeCell" and namespace in SHEET_NAMESPACES and attributes.get("ref"):
            found.add(attributes["ref"])

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    with workbook._archive.open(sheet._worksheet_path) as source:
        for chunk in iter(lambda: source.read(1 << 16), b""):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    return sorted(found)


def _read_xlsx(data: bytes, *, max_rows: int, max_unpacked_bytes: int) -> Table:
    from openpyxl import load_workbook

    _check_archive(data, max_unpacked_bytes)
    try:
        # data_only=False so that a formula shows up as a formula rather than as its cached
        # result, which we could not check.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
    except Exception:  # openpyxl raises many kinds for a broken or foreign file
        raise SpreadsheetError(
            [(None, None, _("The file is not a readable Excel workbook (.xlsx)."))]
        ) from None
    try:
        try:
            lines = _xlsx_lines(sheet, max_lines=max(MAX_LINES, max_rows + 1000))
            header, rows = _rows(lines, max_rows=max_rows)
            merged = _merged_ranges(workbook, sheet)
        except SpreadsheetError:
            raise
        except Exception:  # a sheet part openpyxl cannot parse
            raise SpreadsheetError(
                [(None, None, _("The file is not a readable Excel workbook (.xlsx)."))]
            ) from None
        if merged:
            raise SpreadsheetError(
                [
                    (None, cells, _("Merged cells: unmerge them and fill every cell."))
                    for cells in merged
                ]
            )
        return _finish(header, rows)
    finally:
        workbook.close()


def _too_large(max_lines: int = MAX_LINES) -> SpreadsheetError:
    return SpreadsheetError([(None, None, _(
        "The sheet reaches beyond column %(columns)s or row %(rows)d (cells far outside the "
        "table, perhaps only formatted). Copy the table alone into a new workbook and try "
        "again.") % {"columns": column_letter(MAX_COLUMNS - 1), "rows": max_lines})])


def _xlsx_lines(sheet, *, max_lines: int) -> Iterator[tuple[int, list[Any], list[int]]]:
    # The sheet's own <dimension> is whatever the file claims: forget it, so rows are not
    # padded to it, and read one column past the widest allowed to see whether anything
    # lies beyond.
    sheet.reset_dimensions()
    for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
        if number > max_lines or (
            len(row) > MAX_COLUMNS and getattr(row[MAX_COLUMNS], "value", None) is not None
        ):
            raise _too_large(max_lines)
        row = list(row[:MAX_COLUMNS])
        while row and getattr(row[-1], "value", None) is None:
            row.pop()  # the padding up to MAX_COLUMNS
        # An all-empty row's cells carry no row number; its position is the count.
        number = next((c.row for c in row if getattr(c, "row", None) is not None), number)
        formulas = [i for i, c in enumerate(row) if getattr(c, "data_type", None) == "f"]
        yield number, [cell.value for cell in row], formulas


def _decode(data: bytes) -> str:
    # Excel on a Chinese Windows saves "CSV" in GBK; gb18030 reads GBK and more.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(
        [(None, None, _("The file is neither a spreadsheet nor UTF-8/GBK text."))]
    )


def _read_csv(data: bytes, *, max_rows: int) -> Table:
    if b"\x00" in data[:4096]:
        raise SpreadsheetError(
            [(None, None, _("The file is neither a spreadsheet nor UTF-8/GBK text."))]
        )
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    try:
        header, rows = _rows(_csv_lines(reader), max_rows=max_rows)
    except csv.Error as error:
        raise SpreadsheetError([(reader.line_num, None, str(error))]) from None
    if header and len(header) < 2:
        raise SpreadsheetError(
            [(1, None, _("The file does not look like a table (one column at most)."))]
        )
    return _finish(header, rows)


def _csv_lines(reader) -> Iterator[tuple[int, list[Any], list[int]]]:
    for values in reader:
        # A cell starting with "=" becomes a formula when the file is opened in Excel (the
        # other signs that start one are caught with every text cell in _rows).
        formulas = [i for i, value in enumerate(values) if value.strip().startswith("=")]
        yield reader.line_num, [value if value.strip() else None for value in values], formulas


# Cc (U+0000–001F, U+007F–009F) less the kept three, and Cs: most cells have none, found
# at C speed; the characters are listed one by one only for the message.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# A cell starting with one of these cannot start with a formula sign once normalised: NFKC
# leaves ASCII letters and digits and the CJK unified ideographs as they are, and none is
# removed as invisible. Most roster cells start so and skip the full normalisation.
_PLAIN_START = re.compile("[0-9A-Za-z\u4e00-\u9fff]")


def _control_characters(text: str) -> list[str]:
    if not _CONTROLS.search(text):
        return []
    return [
        c for c in text if unicodedata.category(c) in ("Cc", "Cs") and c not in KEPT_CONTROLS
    ]


def _unsafe_text(
    number: int, values: list[Any], *, formulas: list[int]
) -> list[tuple[int | None, str | None, str]]:
    """Text cells that would run as a formula in a spreadsheet, or hold control characters
    (`formulas`: the cells already known to be formula cells)."""
    found: list[tuple[int | None, str | None, str]] = []
    for index, value in enumerate(values):
        if not isinstance(value, str) or index in formulas:
            continue
        controls = _control_characters(value)
        if controls:
            found.append((number, column_letter(index), _(
                "the text holds invisible control characters (%(codes)s); type it again."
            ) % {"codes": " ".join(sorted({f"U+{ord(c):04X}" for c in controls}))}))
        # Judged on the text as it will be stored and shown: NFKC and no invisible
        # characters, so a full-width "＝" or a zero-width space before "=" hides nothing.
        if _PLAIN_START.match(value):
            continue
        text = normalize_name(value)
        if len(text) > 1 and text.startswith(FORMULA_LEADS):
            found.append((number, column_letter(index), _(
                "“%(start)s…” starts with %(sign)s, which a spreadsheet runs as a formula; "
                "remove the sign."
            ) % {"start": text[:12], "sign": text[0]}))
    return found


def _rows(
    lines: Iterable[tuple[int, list[Any], list[int]]], *, max_rows: int
) -> tuple[list[Any], list[tuple[int, list[Any]]]]:
    """The header (first non-blank line) and the data rows with their line numbers, from
    either kind of file; every formula cell of the file is refused at once, by position."""
    header: list[Any] | None = None
    rows: list[tuple[int, list[Any]]] = []
    formulas: list[tuple[int | None, str | None, str]] = []
    for number, values, formula_columns in lines:
        formulas += _unsafe_text(number, values, formulas=formula_columns)
        formulas += [
            (
                number,
                column_letter(index),
                _("Formula cell: enter the value itself, not a formula."),
            )
            for index in formula_columns
        ]
        if _blank(values):
            continue
        if header is None:
            header = values
            continue
        if len(rows) >= max_rows:
            raise _too_many(max_rows)
        rows.append((number, values))
    if formulas:
        raise SpreadsheetError(formulas)
    return header or [], rows
