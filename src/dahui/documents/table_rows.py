"""Reading cells of an imported table as a roster does: where a problem is, in the words of
the person who made the file ("row 7 column C (姓名)"), and the cell values as text.

Shared by every roster import (the congress's delegates, a union's members): the messages
and the readings of a cell must be the same wherever a spreadsheet is imported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from dahui.documents.spreadsheet import column_letter


@dataclass(frozen=True)
class Column:
    """One column of an import template."""

    key: str
    heading: str  # the spreadsheet speaks Chinese whatever the interface language
    required: bool
    example: str


def header_positions(
    header: Sequence[str], columns: Sequence[Column]
) -> tuple[dict[str, int], list[str]]:
    """Where each known column stands in the header row (key → index), and a message for
    every unknown heading and every required column that is missing."""
    by_heading = {column.heading: column for column in columns}
    positions: dict[str, int] = {}
    problems: list[str] = []
    for index, heading in enumerate(header):
        known = by_heading.get(heading)
        if known is None and heading:
            problems.append(f"{where(1, column_letter(index), heading)}："
                            + _("unknown column heading; use the template's headings."))
        elif known is not None:
            positions[known.key] = index
    for column in columns:
        if column.required and column.key not in positions:
            problems.append(f"{where(1, None)}："
                            + _("the column %(heading)s is missing.") % {"heading": column.heading})
    return positions, problems


def where(line: int | None, column: str | None, heading: str | None = None) -> str:
    if line is None and column is None:
        return _("File")
    parts = []
    if line is not None:
        parts.append(_("row %(row)d") % {"row": line})
    if column:
        parts.append(
            _("column %(column)s (%(heading)s)") % {"column": column, "heading": heading}
            if heading
            else _("column %(column)s") % {"column": column}
            if column.isalpha()
            else _("cells %(cells)s") % {"cells": column}
        )
    return " ".join(parts)


def cell_text(value: Any) -> str:
    """A cell as one line of text: numbers Excel stored as 12.0 read 12, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())  # str.split: every Unicode white space, as \s


def id_tail(value: Any) -> str | None:
    """The last 4 characters of an ID number, or None when the cell cannot be one."""
    if isinstance(value, int | float) and float(value).is_integer() and 0 <= value <= 9999:
        return f"{int(value):04d}"  # Excel drops the leading zeros of "0123"
    text = cell_text(value).upper()
    return text if re.fullmatch(r"\d{3}[\dX]", text) else None
