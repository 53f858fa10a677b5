"""Where everything stands on a printed ballot: the contract between printing and reading.

One ballot is one A4 sheet (portrait). All positions are in millimetres from the sheet's
top-left corner, y downwards. The printer (`dahui.documents.ballot_papers`) draws from this
layout and the reader (`dahui.scanning.reader`) measures the cells it names, so the two can
never disagree. The layout is derived from ELECTION.json alone, so `dahui scan` rebuilds it
from the same file `dahui ballots` printed from.

Elections: one row per candidate in surname stroke order (rule 10) with a 赞成 ○ cell, a
不赞成 × cell and, where the rules allow write-ins, a 另选他人 cell. Up to 24 candidates stand
in one block; 25 to 60 in two blocks side by side (the left block first, top to bottom,
then the right one), so that a ballot stays one sheet as counters and sheet-fed scanners
expect. More than 60 candidates do not fit one sheet and are refused.

Motions: one row of three boxes, 赞成 / 反对 / 弃权.

`LAYOUT_VERSION` changes whenever a position changes; it is printed in the page code, and
the reader refuses a page of a layout it does not know rather than measure the wrong place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dahui.rules import Election, Motion, ballot_order

LAYOUT_VERSION = 1

PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0

# Registration marks: filled squares whose centres stand MARK_INSET from both edges, well
# inside what printers can print and scanners capture.
MARK_SIZE = 6.0
MARK_INSET = 10.0
MARK_CENTRES: tuple[tuple[float, float], ...] = (
    (MARK_INSET, MARK_INSET),
    (PAGE_WIDTH - MARK_INSET, MARK_INSET),
    (PAGE_WIDTH - MARK_INSET, PAGE_HEIGHT - MARK_INSET),
    (MARK_INSET, PAGE_HEIGHT - MARK_INSET),
)  # top-left, top-right, bottom-right, bottom-left

# The page code (QR), top right, below the mark.
CODE_BOX = (172.0, 17.0, 22.0, 22.0)  # x, y, width, height

MARGIN_X = 15.0
TABLE_TOP = 76.0
TABLE_BOTTOM = 272.0
HEADER_ROW = 8.0
MAX_ROW = 9.0
ONE_BLOCK_MAX = 24
MAX_CANDIDATES = 60
BLOCK_GAP = 6.0

# Measured inside the printed box by this much, so that the box's own lines (and the
# reader's registration error) never count as ink.
CELL_INSET = 0.8


class LayoutError(ValueError):
    """An election that cannot be printed on one sheet."""


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    def inset(self, by: float) -> Box:
        return Box(self.x + by, self.y + by, self.width - 2 * by, self.height - 2 * by)

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.width / 2, self.y + self.height / 2)


@dataclass(frozen=True)
class Cell:
    """A box the voter may mark or write in."""

    key: str  # candidate id, or the motion's vote ("for", "against", "abstain")
    column: str  # "for", "against", "write_in" (elections) or the vote (motions)
    box: Box


@dataclass(frozen=True)
class Row:
    key: str  # candidate id (elections) or "motion"
    label: str  # candidate name, shown in the name box
    name_box: Box | None
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Layout:
    kind: str  # "election" or "motion"
    title: str
    seats: int | None
    write_ins: bool
    rows: tuple[Row, ...]
    headers: tuple[tuple[str, Box], ...]  # column headings and where they stand
    version: int = LAYOUT_VERSION

    @property
    def cells(self) -> tuple[Cell, ...]:
        return tuple(cell for row in self.rows for cell in row.cells)


ELECTION_HEADINGS = {"name": "候选人姓名", "for": "赞成 ○", "against": "不赞成 ×",
                     "write_in": "另选他人"}
MOTION_HEADINGS = {"for": "赞成", "against": "反对", "abstain": "弃权"}


def layout_for(election: Election | Motion) -> Layout:
    """The sheet of `election` (or motion). Raises LayoutError beyond one sheet."""
    if isinstance(election, Motion):
        return _motion_layout(election)
    return _election_layout(election)


def _motion_layout(motion: Motion) -> Layout:
    width, height, gap = 45.0, 28.0, 8.0
    left = (PAGE_WIDTH - 3 * width - 2 * gap) / 2
    top = TABLE_TOP + 10.0
    cells, headers = [], []
    for index, vote in enumerate(("for", "against", "abstain")):
        x = left + index * (width + gap)
        headers.append((MOTION_HEADINGS[vote], Box(x, top, width, HEADER_ROW + 2)))
        cells.append(Cell(vote, vote, Box(x, top + HEADER_ROW + 2, width, height)))
    return Layout(kind="motion", title=motion.title, seats=None, write_ins=False,
                  rows=(Row("motion", "", None, tuple(cells)),), headers=tuple(headers))


def _election_layout(election: Election) -> Layout:
    candidates = list(ballot_order(election.candidates))  # rule 10: stroke order
    count = len(candidates)
    if count == 0:
        raise LayoutError("the election has no candidates to print")
    if count > MAX_CANDIDATES:
        raise LayoutError(
            f"{count} candidates do not fit one ballot sheet (at most {MAX_CANDIDATES})"
        )
    write_ins = election.rules.write_ins
    blocks = 1 if count <= ONE_BLOCK_MAX else 2
    per_block = math.ceil(count / blocks)
    row = min(MAX_ROW, (TABLE_BOTTOM - TABLE_TOP - HEADER_ROW) / per_block)
    total = PAGE_WIDTH - 2 * MARGIN_X
    block_width = (total - (blocks - 1) * BLOCK_GAP) / blocks
    if blocks == 1:
        widths = [60.0, 30.0, 30.0] if write_ins else [80.0, 50.0, 50.0]
    else:
        widths = [27.0, 15.0, 15.0] if write_ins else [37.0, 25.0, 25.0]
    if write_ins:
        widths.append(block_width - sum(widths))
    else:
        widths[0] += block_width - sum(widths)
    columns = ["name", "for", "against"] + (["write_in"] if write_ins else [])
    headers: list[tuple[str, Box]] = []
    rows: list[Row] = []
    for block in range(blocks):
        x0 = MARGIN_X + block * (block_width + BLOCK_GAP)
        xs = [x0 + sum(widths[:i]) for i in range(len(widths))]
        for column, x, w in zip(columns, xs, widths, strict=True):
            headers.append((ELECTION_HEADINGS[column], Box(x, TABLE_TOP, w, HEADER_ROW)))
        for index, candidate in enumerate(candidates[block * per_block:(block + 1) * per_block]):
            y = TABLE_TOP + HEADER_ROW + index * row
            boxes = [Box(x, y, w, row) for x, w in zip(xs, widths, strict=True)]
            cells = tuple(
                Cell(candidate.id, column, box)
                for column, box in zip(columns[1:], boxes[1:], strict=True)
            )
            rows.append(Row(candidate.id, candidate.name, boxes[0], cells))
    return Layout(kind="election", title=election.title, seats=election.seats,
                  write_ins=write_ins, rows=tuple(rows), headers=tuple(headers))
