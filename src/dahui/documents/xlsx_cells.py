"""Writing user text into an .xlsx so that it stays text.

Two things go wrong when a name or a work unit typed by someone is put into a cell as is:
openpyxl refuses the control characters XML cannot hold (`IllegalCharacterError`, and the
whole export fails), and a value starting with "=" becomes a live formula (a `=HYPERLINK`
in a roster cell would run in the secretariat's Excel). Every cell written from user text
goes through `append_text_row`: control characters are replaced by U+FFFD, so a changed
value still shows that something was there, and strings are always string cells, marked
with Excel's quote prefix when they would look like a formula on editing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

REPLACEMENT = "\ufffd"
FORMULA_LEADS = ("=", "+", "-", "@")


def cell_text(value: str) -> str:
    """The string as it can be stored in a cell: every character XML refuses replaced."""
    return ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value)


def append_text_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append a row; numbers and dates stay what they are, every string is a string cell."""
    values = [cell_text(v) if isinstance(v, str) else v for v in values]
    sheet.append(values)
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        if isinstance(value, str):
            # openpyxl turns any str starting with "=" into a formula; a string it stays.
            cell.data_type = "s"
            if value.lstrip().startswith(FORMULA_LEADS):
                cell.quotePrefix = True
