"""Reading one scanned page of a ballot: registration, page code, each cell's ink and shape.

The page is registered from its four corner marks (a homography: rotation, shift, scale and
the mild perspective of a phone photo) onto the ballot's own frame at `SCALE` pixels per
millimetre; a page found upside down (the page code is not where it belongs) is turned 180°
and tried again, a page lying on its side is turned 90°. The page code must name this
election and a layout this reader knows. The registered page is then compared with the
blank ballot rendered from the same layout: the printed lines must be where the layout says
(otherwise the registration is not trusted), and each cell's ink is what the blank ballot
does not have.

A cell's ink is read as empty, as the column's own symbol (○ in 赞成, × in 不赞成, ○ in a
motion's box), or as doubtful with a reason: too faint or too small, another symbol, a
scribble or a crossed-out mark, marks in both columns, a mark beside the cells. Written
names (另选他人) always go to people. The reader never guesses: a ballot with any doubtful
cell is not read as a ballot, it goes to review with every doubtful cell named.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import cv2
import numpy as np

from dahui.rules import Ballot, MotionBallot, ballot_to_json
from dahui.scanning.layout import (
    CELL_INSET,
    CODE_BOX,
    MARK_CENTRES,
    MARK_SIZE,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Box,
    Cell,
    Layout,
)
from dahui.scanning.page_code import PageCode, parse_page_code

SCALE = 6.0  # pixels per millimetre of the registered page (about 152 dpi)
CANVAS = (round(PAGE_WIDTH * SCALE), round(PAGE_HEIGHT * SCALE))  # width, height
MM2 = SCALE * SCALE  # pixels in a square millimetre

# Darkness (0 paper … 1 black) above which a pixel is ink, and above which it is a trace
# worth a look (a pencil, a dry pen, a rubbed-out mark).
INK = 0.40
TRACE = 0.10
# Areas in square millimetres.
EMPTY_INK = 0.3  # less ink than this, and no more than EMPTY_TRACE of traces: empty
EMPTY_TRACE = 1.0
SURE_INK = 3.0  # a mark needs at least this much ink to be read at all
SPECK = 0.25  # ink specks smaller than this are dust or noise
REACH = 2.5  # millimetres beyond a cell's box where its marks may still run
LINE_H = np.ones((1, 31), np.uint8)  # 5 mm: a straight run this long is print
LINE_V = np.ones((31, 1), np.uint8)
ACROSS_LINE = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (11, 11))
_ROUND_7 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7))
_SQUARE_3 = np.ones((3, 3), np.uint8)
_BRIDGE_REACH = 5  # pixels beyond a mark's box where a printed line may close its loop
LOOP_ON_LINE = 0.25  # at most this share of a loop's rim may be a printed line
CROSS_BEND = 0.5  # millimetres a hand's straight stroke may bend off its line
CROSS_UNEXPLAINED = 0.03  # at most this share of a × may lie on neither stroke
CROSS_ARM = 0.2  # each of a ×'s four arms runs at least this share of the shorter stroke
CROSS_HOLE = 0.2  # square millimetres: a × closes around no inside this big
CROSS_THICKEST = 1.5  # millimetres: a wider stroke is a smear, not a pen's line
FINE_HOLE = 0.2  # square millimetres: a smaller inside beside the loop's is a pen's blot
LOOP_HOLE = 0.15  # a loop's inside is at least this share of the loop with its ink
# Ink the fitted symbol does not explain, measured in the mark's own stroke widths: the
# longest piece of ink beyond a ○'s ring or off both of a ×'s strokes. A hand's overshoot
# and a scan's ragged edge stay under these; a stroke grazing a ○ or a bar across a ×'s arm
# does not (see `_stray`).
RING_BAND = 0.4  # stroke widths beyond the ring's own width that are still the ring
RING_SLACK = 1  # pixels: the closed inside (`_ROUND_7`) is rounded off where the ring bends
RING_DRIFT = 0.05  # a hand's loop ends up to this share of its radius off where it began
CIRCLE_STRAY = 0.5  # stroke widths of ink beyond the ring band a ○ may have
CROSS_STRAY = 0.4  # stroke widths of ink off both strokes a × may have

# Why a page or a cell goes to people (the short codes of review.json).
WHY_FAINT = "faint_mark"
WHY_OTHER_SYMBOL = "other_symbol"
WHY_WRONG_SYMBOL = "wrong_symbol"
WHY_BOTH = "both_columns"
WHY_SEVERAL = "several_boxes"
WHY_WRITE_IN = "write_in"
WHY_OUTSIDE = "mark_outside_cell"
WHY_BLANK_PAGE = "blank_page"
WHY_NO_MARKS = "registration_marks_not_found"
WHY_REGISTRATION = "registration_failed"
WHY_NO_CODE = "page_code_unreadable"
WHY_OTHER_ELECTION = "other_election"
WHY_LAYOUT = "unknown_layout"
WHY_DUPLICATE = "duplicate_page"


@dataclass(frozen=True)
class Doubt:
    """Something on a page that people must decide. `candidate` is None for the page."""

    candidate: str | None
    why: str
    box: Box | None = None  # millimetres on the registered page (what to crop)


@dataclass(frozen=True)
class CellReading:
    key: str
    column: str
    state: str  # "empty", "circle", "cross", "doubtful"
    ink: float  # square millimetres of ink
    why: str | None = None


@dataclass
class PageReading:
    """What the reader made of one page."""

    code: PageCode | None = None
    upside_down: bool = False
    registered: np.ndarray | None = None  # the upright page in the ballot's frame
    cells: list[CellReading] = field(default_factory=list)
    doubts: list[Doubt] = field(default_factory=list)
    ballot: dict | None = None  # the exchange-format line when every mark is sure
    marks_signature: tuple = ()  # which cells hold ink: to find duplicate pages quickly
    ink_print: tuple = ()  # the marks' ink, cell by cell, small: to confirm duplicates
    pixels_digest: str = ""  # the decoded page's pixels: the very same image twice

    @property
    def is_ballot_of_this_election(self) -> bool:
        return self.registered is not None and not any(
            d.candidate is None and d.why in PAGE_LEVEL_REFUSALS for d in self.doubts
        )


PAGE_LEVEL_REFUSALS = frozenset({
    WHY_BLANK_PAGE, WHY_NO_MARKS, WHY_REGISTRATION, WHY_NO_CODE, WHY_OTHER_ELECTION,
    WHY_LAYOUT,
})


def _mm_to_px(box: Box) -> tuple[int, int, int, int]:
    x0, y0 = round(box.x * SCALE), round(box.y * SCALE)
    x1, y1 = round((box.x + box.width) * SCALE), round((box.y + box.height) * SCALE)
    return max(x0, 0), max(y0, 0), min(x1, CANVAS[0]), min(y1, CANVAS[1])


class BallotReader:
    """Reads pages of one election's ballots against its blank ballot.

    `blank` is the blank ballot rendered at `CANVAS` size (see `images.render_pdf_page`).
    """

    def __init__(self, *, layout: Layout, code: PageCode, blank: np.ndarray) -> None:
        if (blank.shape[1], blank.shape[0]) != CANVAS:
            raise ValueError(f"the blank ballot must be rendered at {CANVAS}")
        self.layout = layout
        self.code = code
        self.blank = blank
        printed = (blank < 160).astype(np.uint8)
        # Printed ink, widened by the registration's tolerance: never counted as a mark.
        self.printed_zone = cv2.dilate(printed, np.ones((7, 7), np.uint8))
        # The table's printed lines: where a well registered page must be dark.
        table = np.zeros_like(printed)
        for _text, box in layout.headers:
            x0, y0, x1, y1 = _mm_to_px(box)
            table[y0:y1 + 1, x0:x1 + 1] = 1
        for row in layout.rows:
            for b in ([row.name_box] if row.name_box else []) + [c.box for c in row.cells]:
                x0, y0, x1, y1 = _mm_to_px(b)
                table[y0:y1 + 1, x0:x1 + 1] = 1
        lines = printed & table
        self.line_pixels = np.flatnonzero(lines.ravel())
        self.line_zone = cv2.dilate(lines, np.ones((5, 5), np.uint8)).astype(bool)
        self.known_ink = cv2.dilate(printed, np.ones((3, 3), np.uint8))
        self.corners = np.float32([[x * SCALE, y * SCALE] for x, y in MARK_CENTRES])
        self.qr = cv2.QRCodeDetector()

    # -- the page ---------------------------------------------------------------------

    def read(self, image: np.ndarray) -> PageReading:
        reading = PageReading(pixels_digest=hashlib.sha256(image.tobytes()).hexdigest()
                              + f":{image.shape}")
        found = find_corner_marks(image)
        if found is None:
            why = WHY_BLANK_PAGE if _looks_blank(image) else WHY_NO_MARKS
            reading.doubts.append(Doubt(None, why))
            return reading
        corners, image = found
        transform = cv2.getPerspectiveTransform(np.float32(corners), self.corners)
        registered = cv2.warpPerspective(
            image, transform, CANVAS, flags=cv2.INTER_AREA, borderValue=255
        )
        code, registered, upside_down = self._page_code(registered)
        reading.registered = registered
        reading.upside_down = upside_down
        reading.code = code
        if code is None:
            reading.doubts.append(Doubt(None, WHY_NO_CODE))
            return reading
        if code.digest != self.code.digest:
            reading.doubts.append(Doubt(None, WHY_OTHER_ELECTION))
            return reading
        if code.layout_version != self.code.layout_version:
            reading.doubts.append(Doubt(None, WHY_LAYOUT))
            return reading
        darkness = _darkness(registered)
        if not self._lines_in_place(darkness):
            reading.doubts.append(Doubt(None, WHY_REGISTRATION))
            return reading
        self._read_cells(reading, darkness)
        return reading

    def _page_code(self, registered: np.ndarray):
        x, y, w, h = CODE_BOX
        region = Box(x - 5, y - 5, w + 10, h + 10)
        for turned in (False, True):
            page = cv2.rotate(registered, cv2.ROTATE_180) if turned else registered
            x0, y0, x1, y1 = _mm_to_px(region)
            code = self._decode(page[y0:y1, x0:x1])
            if code is not None:
                return code, page, turned
        # The code may sit off its place on a badly printed sheet: look at the whole page,
        # and let the corner it is found in say which way up the page is.
        for turned in (False, True):
            page = cv2.rotate(registered, cv2.ROTATE_180) if turned else registered
            text, points, _ = self.qr.detectAndDecode(page)
            if text and points is not None and points.reshape(-1, 2)[:, 1].mean() < CANVAS[1] / 3:
                code = parse_page_code(text)
                if code is not None:
                    return code, page, turned
        return None, registered, False

    def _decode(self, region: np.ndarray) -> PageCode | None:
        for attempt in (region, cv2.resize(region, None, fx=2, fy=2,
                                           interpolation=cv2.INTER_CUBIC)):
            try:
                text, _points, _ = self.qr.detectAndDecode(attempt)
            except cv2.error:
                text = ""
            if text:
                return parse_page_code(text)
        return None

    def _lines_in_place(self, darkness: np.ndarray) -> bool:
        # The printed table lines must be dark where the layout puts them. Thin lines blur
        # into their neighbours, so a pixel counts when its neighbourhood is dark.
        dark = cv2.dilate((darkness > 0.30).astype(np.uint8), np.ones((3, 3), np.uint8))
        found = dark.ravel()[self.line_pixels].mean() if self.line_pixels.size else 1.0
        return bool(found >= 0.85)

    # -- the cells ----------------------------------------------------------------------

    def _marks(self, ink: np.ndarray) -> np.ndarray:
        """The page's ink that is not print: the blank ballot's ink is taken out, and so
        are long straight runs along the page's axes close to a printed line (the line a
        pixel or two off where the registration put it)."""
        ink = ink.astype(np.uint8)
        straight = cv2.morphologyEx(ink, cv2.MORPH_OPEN, LINE_H) | cv2.morphologyEx(
            ink, cv2.MORPH_OPEN, LINE_V)
        straight = cv2.dilate(straight, np.ones((3, 3), np.uint8)) & self.printed_zone
        return (ink & (1 - straight) & (1 - self.known_ink)).astype(np.uint8)

    def _read_cells(self, reading: PageReading, darkness: np.ndarray) -> None:
        raw = darkness > INK
        ink_mask = self._marks(raw)
        on_print = (raw & self.printed_zone.astype(bool)).astype(np.uint8)
        trace_mask = darkness > TRACE
        signature = []
        for row in self.layout.rows:
            row_cells = []
            for cell in row.cells:
                cell_reading = self._read_cell(cell, ink_mask, trace_mask, on_print)
                row_cells.append(cell_reading)
                signature.append(cell_reading.state)
            reading.cells.extend(row_cells)
            self._row_doubts(reading, row, row_cells)
            if row.name_box is not None and self._stray_ink(row.name_box, ink_mask):
                reading.doubts.append(Doubt(row.key, WHY_OUTSIDE, _row_box(row)))
        reading.marks_signature = tuple(signature)
        reading.ink_print = self._ink_print(ink_mask)
        if not reading.doubts:
            reading.ballot = self._ballot(reading.cells)

    def _row_doubts(self, reading: PageReading, row, cells: list[CellReading]) -> None:
        box = _row_box(row)
        if self.layout.kind == "motion":
            marked = [c for c in cells if c.state != "empty"]
            if len(marked) > 1:
                reading.doubts.append(Doubt(None, WHY_SEVERAL, box))
                return
            for c in marked:
                if c.state == "doubtful":
                    reading.doubts.append(Doubt(None, c.why, box))
                elif c.state != "circle":
                    reading.doubts.append(Doubt(None, WHY_WRONG_SYMBOL, box))
            return
        by_column = {c.column: c for c in cells}
        for_cell, against_cell = by_column["for"], by_column["against"]
        write_in = by_column.get("write_in")
        if write_in is not None and write_in.state != "empty":
            reading.doubts.append(Doubt(row.key, WHY_WRITE_IN, box))
        if for_cell.state != "empty" and against_cell.state != "empty":
            reading.doubts.append(Doubt(row.key, WHY_BOTH, box))
            return
        for c, own in ((for_cell, "circle"), (against_cell, "cross")):
            if c.state == "doubtful":
                reading.doubts.append(Doubt(row.key, c.why, box))
            elif c.state not in ("empty", own):
                reading.doubts.append(Doubt(row.key, WHY_WRONG_SYMBOL, box))

    def _read_cell(self, cell: Cell, ink_mask, trace_mask, on_print=None) -> CellReading:
        """A cell's ink: the strokes that belong to it, even where they cross its lines.

        Voters' marks often run over the printed box. The reader looks a little beyond the
        box at the page's marks (the printed lines taken out, see `_marks`) and keeps the
        strokes that lie mostly in this cell: a neighbour's mark reaching over is the
        neighbour's. The shape test closes the small gaps where a stroke crossed a line."""
        window = Box(cell.box.x - REACH, cell.box.y - REACH, cell.box.width + 2 * REACH,
                     cell.box.height + 2 * REACH)
        wx0, wy0, wx1, wy1 = _mm_to_px(window)
        marks = ink_mask[wy0:wy1, wx0:wx1]
        cx0, cy0, cx1, cy1 = _mm_to_px(cell.box)
        ix0, iy0, ix1, iy1 = _mm_to_px(cell.box.inset(CELL_INSET))
        own_ids, intrusion, labels = [], 0, None
        if marks.sum() >= SPECK * MM2:  # else no stroke at all, only specks
            count, labels, stats, _ = cv2.connectedComponentsWithStats(marks, connectivity=8)
            # Each stroke's pixels in the cell's box and in its measured inside, at once.
            in_box = np.bincount(labels[cy0 - wy0:cy1 - wy0, cx0 - wx0:cx1 - wx0].ravel(),
                                 minlength=count)
            in_inset = np.bincount(labels[iy0 - wy0:iy1 - wy0, ix0 - wx0:ix1 - wx0].ravel(),
                                   minlength=count)
            for index in range(1, count):
                area = stats[index, cv2.CC_STAT_AREA]
                if area < SPECK * MM2:
                    continue
                if in_box[index] >= 0.5 * area:
                    own_ids.append(index)
                else:
                    intrusion += int(in_inset[index])
        own = None
        if own_ids:
            pick = np.zeros(int(labels.max()) + 1, np.uint8)
            pick[own_ids] = 1
            own = pick[labels]
        ink_area = (int(own.sum()) if own is not None else 0) / MM2
        trace = trace_mask[iy0:iy1, ix0:ix1] & (self.printed_zone[iy0:iy1, ix0:ix1] == 0)
        trace_area = _clean_area(trace) / MM2
        key, column = cell.key, cell.column
        if intrusion / MM2 >= SURE_INK:
            return CellReading(key, column, "doubtful", ink_area, WHY_OTHER_SYMBOL)
        if ink_area < EMPTY_INK and trace_area < EMPTY_TRACE:
            return CellReading(key, column, "empty", ink_area)
        if column == "write_in":
            return CellReading(key, column, "doubtful", ink_area, WHY_WRITE_IN)
        if ink_area < SURE_INK or own is None:
            return CellReading(key, column, "doubtful", ink_area, WHY_FAINT)
        # Where the mark ran along or across a printed line, the line was taken out with
        # it: close those gaps (inside the line's zone only) before judging the shape.
        zone = self.printed_zone[wy0:wy1, wx0:wx1]
        own = own | (cv2.morphologyEx(own, cv2.MORPH_CLOSE, ACROSS_LINE) & zone)
        shape = classify_mark(own, None if on_print is None else on_print[wy0:wy1, wx0:wx1])
        if shape is None:
            return CellReading(key, column, "doubtful", ink_area, WHY_OTHER_SYMBOL)
        return CellReading(key, column, shape, ink_area)

    def _stray_ink(self, box: Box, ink_mask: np.ndarray) -> bool:
        x0, y0, x1, y1 = _mm_to_px(box.inset(CELL_INSET))
        extra = ink_mask[y0:y1, x0:x1] & ~self.printed_zone[y0:y1, x0:x1].astype(bool)
        return _clean_area(extra) >= SURE_INK * MM2

    def _ink_print(self, ink_mask: np.ndarray) -> tuple:
        """The marks' ink at half resolution, cell by cell (inked cells only)."""
        prints = []
        for index, cell in enumerate(self.layout.cells):
            x0, y0, x1, y1 = _mm_to_px(cell.box.inset(CELL_INSET))
            patch = ink_mask[y0:y1, x0:x1]
            if patch.sum() < SURE_INK * MM2:
                continue
            small = cv2.resize(patch.astype(np.uint8), None, fx=0.5, fy=0.5,
                               interpolation=cv2.INTER_AREA)
            prints.append((index, small.astype(bool)))
        return tuple(prints)

    def _ballot(self, cells: list[CellReading]) -> dict:
        if self.layout.kind == "motion":
            chosen = [c.key for c in cells if c.state == "circle"]
            return ballot_to_json(MotionBallot(vote=chosen[0] if chosen else None))
        marks = {}
        for c in cells:
            if c.column == "for" and c.state == "circle":
                marks[c.key] = "for"
            elif c.column == "against" and c.state == "cross":
                marks[c.key] = "against"
        return ballot_to_json(Ballot(marks=marks))


def _row_box(row) -> Box:
    boxes = ([row.name_box] if row.name_box else []) + [c.box for c in row.cells]
    x0 = min(b.x for b in boxes)
    y0 = min(b.y for b in boxes)
    x1 = max(b.x + b.width for b in boxes)
    y1 = max(b.y + b.height for b in boxes)
    return Box(x0 - 1.5, y0 - 1.5, x1 - x0 + 3, y1 - y0 + 3)


def _darkness(page: np.ndarray) -> np.ndarray:
    """0 for the paper around a pixel, 1 for black: evens out shading and a grey paper."""
    small = cv2.resize(page, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    paper = cv2.dilate(small, np.ones((9, 9), np.uint8))  # the local paper, ink removed
    paper = cv2.GaussianBlur(paper, (9, 9), 0)
    paper = cv2.resize(paper, (page.shape[1], page.shape[0]), interpolation=cv2.INTER_LINEAR)
    paper = np.maximum(paper.astype(np.float32), 60.0)
    return np.clip(1.0 - page.astype(np.float32) / paper, 0.0, 1.0)


def _clean_area(mask: np.ndarray) -> int:
    """Ink pixels of `mask` once specks (dust, noise) are left out."""
    mask = mask.astype(np.uint8)
    if int(mask.sum()) < SPECK * MM2:
        return 0
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if count <= 1:
        return 0
    areas = stats[1:, cv2.CC_STAT_AREA]
    return int(areas[areas >= SPECK * MM2].sum())


def classify_mark(ink: np.ndarray, lines: np.ndarray | None = None) -> str | None:
    """"circle" (○), "cross" (×), or None for anything else (✓, scribble, crossed out …).

    `ink` is the cell's ink mask; `lines`, if given, the page's ink on the printed lines in
    the same window (see `_is_circle`). Both answers must be clear-cut; anything in between
    is None, and the cell goes to people.
    """
    mask = ink.astype(np.uint8)
    bx, by, bw, bh = cv2.boundingRect(mask)
    if not bw:
        return None
    # Measured in the mark's own box (and a margin for the lines that may close it).
    margin = _BRIDGE_REACH + 4
    x0, y0 = max(bx - margin, 0), max(by - margin, 0)
    x1, y1 = bx + bw + margin, by + bh + margin
    mask = mask[y0:y1, x0:x1]
    if lines is not None:
        lines = lines[y0:y1, x0:x1].astype(np.uint8)
    _count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= SPECK * MM2
    keep[0] = False
    if not keep.any():
        return None
    mask = keep.astype(np.uint8)[labels]
    total = int(stats[keep, cv2.CC_STAT_AREA].sum())
    _x, _y, width, height = cv2.boundingRect(mask)
    if min(width, height) < 2.0 * SCALE:  # a dash or a dot, not a symbol
        return None
    # A loop with a clear, empty inside (a blot or a scribbled-over circle has none).
    if _is_circle(mask, total, lines):
        return "circle"
    if total / float(width * height) > 0.6:  # a blot or a scribble, not two strokes
        return None
    if _is_cross(mask):
        return "cross"
    return None


@dataclass(frozen=True)
class Loop:
    """What the circle test measures of a mark (pixels of the registered page)."""

    hole: int  # the inside's area
    holes: int  # all insides' area (a crossed-out loop has its inside cut up)
    ring: int  # ink close around the inside
    away: int  # ink away from it (a stroke through or beyond the loop)
    total: int  # all the ink
    on_line: float  # share of the inside's rim that is a printed line, not the voter's ink
    thickness: float  # the strokes' mean width
    aspect: float  # width / height of the inside
    within: int = 0  # ink standing inside the loop, touching neither side
    others: int = 0  # insides beside the loop's own (cut off by a stroke through it)
    stray: float = 0.0  # the longest piece of ink beyond the ring band, in stroke widths


def loop_of(mask: np.ndarray, lines: np.ndarray | None = None) -> Loop | None:
    """The mark's biggest closed loop and how its ink lies around it, or None (no loop).

    Where the loop ran along a printed line, the line was taken out with it (see
    `BallotReader._marks`) and the loop has a gap there: `lines` (the page's ink on the
    printed lines, same window) closes such gaps, with the line's pieces within the mark's
    own box only. An inside cut in two by a line running through the loop is one inside.
    """
    mask = mask.astype(np.uint8)
    total = int(mask.sum())
    if not total:
        return None
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, _ROUND_7)
    union = closed
    bridge = None
    if lines is not None and lines.any():
        ys, xs = np.nonzero(mask)
        x0, y0 = max(int(xs.min()) - _BRIDGE_REACH, 0), max(int(ys.min()) - _BRIDGE_REACH, 0)
        x1, y1 = int(xs.max()) + _BRIDGE_REACH + 1, int(ys.max()) + _BRIDGE_REACH + 1
        bridge = np.zeros_like(mask)
        bridge[y0:y1, x0:x1] = lines[y0:y1, x0:x1]
        bridge &= 1 - closed
        union = closed | bridge
    free = (1 - union).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(free, connectivity=4)
    is_hole = np.ones(count, bool)
    is_hole[0] = False
    is_hole[labels[0]] = is_hole[labels[-1]] = False
    is_hole[labels[:, 0]] = is_hole[labels[:, -1]] = False
    if not is_hole.any():
        return None
    areas = {int(i): int(stats[i, cv2.CC_STAT_AREA]) for i in np.flatnonzero(is_hole)}
    biggest = max(areas, key=areas.__getitem__)
    inside = (labels == biggest).astype(np.uint8)
    hole = areas[biggest]
    if bridge is not None:
        # Parts of the inside parted from it only by a printed line are the same inside.
        through = inside
        for _ in range(6):  # across the printed line's band, never across the voter's ink
            through = cv2.dilate(through, _SQUARE_3) & (inside | bridge)
        near = cv2.dilate(through, _SQUARE_3) & (1 - union)
        parts = np.zeros(count, np.uint8)
        parts[np.unique(labels[near.astype(bool)])] = 1
        parts[[i for i in range(count) if i not in areas]] = 0
        inside = parts[labels]
        inside = cv2.morphologyEx(inside, cv2.MORPH_CLOSE, _ROUND_7) & (1 - closed)
        hole = sum(areas[i] for i in np.flatnonzero(parts))
    others, within = _fine_insides(mask, bridge, inside)
    edge = cv2.dilate(inside, _SQUARE_3) & (1 - inside)
    edge_total = max(int(edge.sum()), 1)
    on_line = int((edge & bridge).sum()) / edge_total if bridge is not None else 0.0
    thickness = max(total / edge_total, 1.0)
    distance = cv2.distanceTransform(1 - inside, cv2.DIST_L2, 3)
    near_loop = distance <= 2.0 * thickness + 3.0
    ring = int((mask.astype(bool) & near_loop).sum())
    # The ring is the pen's width around the inside (the pen's width from the outline:
    # twice the area over the perimeter, whatever else is drawn); ink beyond that band by
    # more than half the pen's width is a stroke leaving the ring.
    contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    pen = max(2.0 * total / max(sum(cv2.arcLength(c, True) for c in contours), 1.0), 1.0)
    # The inside was found with the gaps closed (`_ROUND_7`), which rounds it off where the
    # ring bends sharply: the ring may lie a little further out there (`RING_SLACK`).
    # A hand closing a loop overshoots its start and drifts off it by a share of the
    # loop's size (`RING_DRIFT`): a big ○ in a motion's box drifts further than a small one.
    radius = float(np.sqrt(hole / np.pi))
    band = (1.0 + RING_BAND) * pen + RING_SLACK + RING_DRIFT * radius
    beyond = mask.astype(bool) & (distance > band)
    _x, _y, w, h = cv2.boundingRect(inside)
    return Loop(hole=hole, holes=sum(areas.values()), ring=ring, away=total - ring,
                total=total, on_line=on_line, thickness=thickness, aspect=w / h,
                within=within, others=others, stray=_stray(beyond, pen))


def _stray(extra: np.ndarray, thickness: float) -> float:
    """The longest piece of `extra` ink, in stroke widths: a piece's length is its area
    over the stroke's width (a stroke), or its longest side (a blob)."""
    extra = extra.astype(np.uint8)
    if not extra.any():
        return 0.0
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(extra, connectivity=8)
    if count <= 1:
        return 0.0
    areas = stats[1:, cv2.CC_STAT_AREA].astype(float)
    sides = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT])
    lengths = np.maximum(areas / thickness, sides)
    return float(lengths.max() / thickness)


def _fine_insides(mask: np.ndarray, bridge: np.ndarray | None, inside: np.ndarray):
    """Looked at closely (only one-pixel gaps closed): the area of insides other than the
    loop's own (a stroke through the loop cuts off a sliver), and of ink standing inside
    the loop (a dot). (0, 0) where the loop is open at this scale."""
    fine = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, _SQUARE_3)
    if bridge is not None:
        fine = fine | (bridge & (1 - fine))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(1 - fine, connectivity=4)
    is_hole = np.ones(count, bool)
    is_hole[0] = False
    is_hole[labels[0]] = is_hole[labels[-1]] = False
    is_hole[labels[:, 0]] = is_hole[labels[:, -1]] = False
    overlap = np.bincount(labels[inside.astype(bool)], minlength=count) > 0
    own = is_hole & overlap
    if not own.any():
        return 0, 0
    areas = stats[:, cv2.CC_STAT_AREA]
    others = int(areas[is_hole & ~own & (areas >= FINE_HOLE * MM2)].sum())
    own_mask = own.astype(np.uint8)[labels]
    outline, _ = cv2.findContours(own_mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = np.zeros_like(own_mask)
    cv2.drawContours(filled, outline, -1, 1, thickness=cv2.FILLED)
    within = int((filled & (1 - own_mask) & mask).sum())
    return others, within


def _is_circle(mask: np.ndarray, total: int, lines: np.ndarray | None = None) -> bool:
    """A closed loop around a clear, empty inside, with all the ink close around it."""
    loop = loop_of(mask, lines)
    if loop is None:
        return False
    if loop.hole < 3.0 * MM2 or loop.hole < 0.85 * loop.holes:
        return False  # no clear inside, or an inside cut up (crossed out)
    if loop.within >= SPECK * MM2:
        return False  # something drawn inside the loop
    if loop.others:
        return False  # a stroke through the loop cuts a piece off its inside
    if loop.on_line > LOOP_ON_LINE:
        return False  # a printed line makes too much of the loop
    if loop.away > 0.08 * loop.total:
        return False  # a stroke through the loop or away from it
    if loop.stray > CIRCLE_STRAY:
        return False  # a stroke running off the ring: grazing it, or struck through
    if loop.hole < LOOP_HOLE * (loop.hole + loop.ring):
        return False  # a blot with a pinhole, not a loop
    return 0.35 <= loop.aspect <= 2.8  # a round loop, not a sliver


@dataclass(frozen=True)
class Strokes:
    """What the cross test measures of a mark: its two strongest straight strokes."""

    thickness: float  # the strokes' mean width, pixels
    unexplained: float  # share of the ink on neither stroke
    stray: float  # the longest piece of ink on neither stroke, in stroke widths
    lengths: tuple[float, float]  # pixels
    coverage: tuple[float, float]  # how much of each stroke's length is inked
    crossing: tuple[float, float]  # where the strokes cross, 0 … 1 along each
    angles: tuple[float, float]  # degrees from the horizontal, y downwards, -90 … 90
    arms: tuple[float, float, float, float]  # how far each stroke's own ink runs from
    # the crossing, both ways, pixels


def strokes_of(mask: np.ndarray) -> Strokes | None:
    """The mark as two straight strokes, or None where it has no two directions at all.

    The strongest straight line through the ink (Hough transform), fitted to the ink along
    it, then the strongest line of a clearly different direction, fitted likewise; each
    stroke's ink is what lies within half the stroke's width and a hand's bend of it.
    """
    mask = mask.astype(np.uint8)
    ys, xs = np.nonzero(mask)
    total = xs.size
    if total < 8:
        return None
    contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    perimeter = sum(cv2.arcLength(c, True) for c in contours)
    thickness = max(2.0 * total / max(perimeter, 1.0), 1.0)
    tolerance = thickness / 2 + CROSS_BEND * SCALE
    found = cv2.HoughLines(mask, 1, np.pi / 180, max(int(1.5 * SCALE), 5))
    if found is None:
        return None
    points = np.stack([xs, ys], axis=1).astype(np.float32)
    lines: list[tuple[np.ndarray, np.ndarray]] = []  # (a point, the unit direction)
    for rho, theta in found[:, 0, :]:
        direction = np.array([-np.sin(theta), np.cos(theta)], np.float32)
        if lines and abs(float(direction @ lines[0][1])) > np.cos(np.radians(35)):
            continue  # much the direction of the first stroke
        origin = np.array([rho * np.cos(theta), rho * np.sin(theta)], np.float32)
        line = _fit(points, origin, direction, tolerance)
        if line is None:
            continue
        lines.append(line)
        if len(lines) == 2:
            break
    if len(lines) < 2:
        return None
    distances = [np.abs(_across(points, *line)) for line in lines]
    on = [d <= tolerance for d in distances]
    off = ~(on[0] | on[1])
    unexplained = float(np.mean(off))
    off_mask = np.zeros_like(mask)
    off_mask[ys[off], xs[off]] = 1
    stray = _stray(off_mask, thickness)
    lengths, coverage, spans = [], [], []
    for line, near in zip(lines, on, strict=True):
        t = _along(points[near], *line)
        low, high = np.percentile(t, [1, 99])
        length = max(float(high - low), 1.0)
        bins = max(int(length / max(thickness, 2.0)), 1)
        filled = np.unique(np.clip(((t - low) / length * bins).astype(int), 0, bins - 1))
        lengths.append(length)
        coverage.append(filled.size / bins)
        spans.append((float(low), length))
    crossing = _crossing(*lines)
    if crossing is None:
        return None
    where = tuple(
        (float(_along(crossing[None, :], *line)[0]) - low) / length
        for line, (low, length) in zip(lines, spans, strict=True)
    )
    arms = []
    for line, near, other in ((lines[0], on[0], on[1]), (lines[1], on[1], on[0])):
        own = _along(points[near & ~other], *line) - float(_along(crossing[None, :], *line)[0])
        arms += [float(-own.min()) if own.size else 0.0, float(own.max()) if own.size else 0.0]
    angles = tuple(float(np.degrees(np.arctan2(d[1], d[0]))) for _o, d in lines)
    angles = tuple(a - 180 if a > 90 else a + 180 if a <= -90 else a for a in angles)
    return Strokes(thickness=thickness, unexplained=unexplained, stray=stray,
                   lengths=(lengths[0], lengths[1]), coverage=(coverage[0], coverage[1]),
                   crossing=(where[0], where[1]), angles=(angles[0], angles[1]),
                   arms=(arms[0], arms[1], arms[2], arms[3]))


def _across(points: np.ndarray, origin: np.ndarray, direction: np.ndarray) -> np.ndarray:
    relative = points - origin
    return relative[:, 0] * direction[1] - relative[:, 1] * direction[0]


def _along(points: np.ndarray, origin: np.ndarray, direction: np.ndarray) -> np.ndarray:
    return (points - origin) @ direction


def _fit(points, origin, direction, tolerance):
    """The line through the ink near (origin, direction), fitted to that ink twice."""
    for _ in range(2):
        near = np.abs(_across(points, origin, direction)) <= tolerance
        if near.sum() < 4:
            return None
        vx, vy, x0, y0 = cv2.fitLine(points[near], cv2.DIST_L2, 0, 0.01, 0.01).ravel()
        origin, direction = np.array([x0, y0], np.float32), np.array([vx, vy], np.float32)
    return origin, direction


def _largest_hole(mask: np.ndarray) -> int:
    """The largest area (pixels) the ink closes around."""
    closed = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_CLOSE, _SQUARE_3)
    closed = cv2.copyMakeBorder(closed, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(1 - closed, connectivity=4)
    outer = labels[0, 0]
    areas = [int(stats[i, cv2.CC_STAT_AREA]) for i in range(1, count) if i != outer]
    return max(areas, default=0)


def _crossing(first, second) -> np.ndarray | None:
    (p, u), (q, v) = first, second
    denominator = u[0] * v[1] - u[1] * v[0]
    if abs(denominator) < 1e-6:
        return None
    t = ((q[0] - p[0]) * v[1] - (q[1] - p[1]) * v[0]) / denominator
    return (p + t * u).astype(np.float32)


def _is_cross(mask: np.ndarray) -> bool:
    """Two straight strokes, one rising and one falling, each crossing the other near its
    middle, and next to no other ink: ×. Not a ✓ or a V (strokes meeting at their ends),
    a + (upright strokes), a scribble or a crossed-out loop (ink on neither stroke)."""
    if _largest_hole(mask) >= CROSS_HOLE * MM2:
        return False  # strokes that close around an inside: a loop drawn over, a scribble
    strokes = strokes_of(mask)
    if strokes is None:
        return False
    if strokes.unexplained > CROSS_UNEXPLAINED:
        return False
    if strokes.stray > CROSS_STRAY:
        return False  # a third stroke: a bar across an arm, a stroke struck through
    short, long = sorted(strokes.lengths)
    if short < 2.0 * SCALE or short < 0.35 * long:
        return False
    if strokes.thickness > min(CROSS_THICKEST * SCALE, 0.3 * short):
        return False  # a blot or a thick smear, not two pen strokes
    if min(strokes.coverage) < 0.8:
        return False
    if not all(0.2 <= where <= 0.8 for where in strokes.crossing):
        return False
    # Four arms from the crossing: each stroke runs on beyond the other on both sides
    # (a U or a V is two strokes meeting, whose lines cross only on paper).
    if min(strokes.arms) < CROSS_ARM * short:
        return False
    # One stroke rising and one falling, neither lying nor standing.
    first, second = strokes.angles
    return all(15 <= abs(a) <= 78 for a in strokes.angles) and first * second < 0


def _looks_blank(image: np.ndarray) -> bool:
    small = cv2.resize(image, (300, 420), interpolation=cv2.INTER_AREA)
    paper = float(np.percentile(small, 90))
    return bool(((small < paper * 0.6).mean()) < 0.004)


# -- registration ---------------------------------------------------------------------------

WORK_SIZE = 1100  # the long side of the image the marks are looked for in
PAGE_ASPECT = (MARK_CENTRES[1][0] - MARK_CENTRES[0][0]) / (MARK_CENTRES[3][1] - MARK_CENTRES[0][1])


def find_corner_marks(image: np.ndarray):
    """The four corner marks' centres (TL, TR, BR, BL) in `image`, or None.

    Returns (centres, image): a page lying on its side is turned upright first, and the
    centres are those of the image returned. Upside down is left to the page code.
    """
    for turns in range(2):
        page = image if turns == 0 else cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)
        found = _corner_marks(page)
        if found is not None:
            return found, page
    return None


def _corner_marks(image: np.ndarray):
    height, width = image.shape
    factor = min(1.0, WORK_SIZE / max(height, width))
    small = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) \
        if factor < 1.0 else image
    dark = cv2.adaptiveThreshold(small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 _odd(max(small.shape) // 12), 25)
    count, _labels, stats, centroids = cv2.connectedComponentsWithStats(dark, connectivity=8)
    long_side = max(small.shape)
    # The page is at least half the picture and at most all of it: the mark's side follows.
    expected = MARK_SIZE / PAGE_HEIGHT * long_side
    low, high = expected * 0.45, expected * 1.5
    candidates = []
    for index in range(1, count):
        _x, _y, w, h, area = stats[index]
        if not (low <= w <= high and low <= h <= high):
            continue
        if not 0.6 <= w / h <= 1.6:
            continue
        if area < 0.72 * w * h:  # a filled square, not a ring or a character
            continue
        candidates.append((centroids[index][0], centroids[index][1], float(area)))
    if len(candidates) < 4:
        return None
    points = np.array(candidates)
    xs, ys = points[:, 0], points[:, 1]
    picks = [int(np.argmin(xs + ys)), int(np.argmax(xs - ys)), int(np.argmax(xs + ys)),
             int(np.argmin(xs - ys))]
    if len(set(picks)) < 4:
        return None
    quad = points[picks, :2]
    areas = points[picks, 2]
    if areas.max() > 2.2 * areas.min():
        return None
    top = np.linalg.norm(quad[1] - quad[0])
    bottom = np.linalg.norm(quad[2] - quad[3])
    left = np.linalg.norm(quad[3] - quad[0])
    right = np.linalg.norm(quad[2] - quad[1])
    if min(top, bottom, left, right) <= 0:
        return None
    aspect = ((top + bottom) / 2) / ((left + right) / 2)
    if not PAGE_ASPECT * 0.82 <= aspect <= PAGE_ASPECT * 1.22:
        return None
    if max(top, bottom) > 1.35 * min(top, bottom) or max(left, right) > 1.35 * min(left, right):
        return None
    side = np.sqrt(areas.mean())
    if not 0.5 * top / (PAGE_WIDTH - 2 * 10) * MARK_SIZE <= side <= 1.8 * top / (
        PAGE_WIDTH - 2 * 10
    ) * MARK_SIZE:
        return None  # squares of the wrong size for a page this big
    return [_refine(image, x / factor, y / factor, side / factor) for x, y in quad]


def _refine(image: np.ndarray, x: float, y: float, side: float) -> tuple[float, float]:
    """The mark's centre measured in the full image: the centroid of its dark pixels."""
    r = int(side * 1.2) + 2
    x0, y0 = max(int(x) - r, 0), max(int(y) - r, 0)
    window = image[y0:int(y) + r, x0:int(x) + r]
    if window.size == 0:
        return (x, y)
    _t, dark = cv2.threshold(window, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, _labels, stats, centroids = cv2.connectedComponentsWithStats(dark, connectivity=8)
    if count <= 1:
        return (x, y)
    cx, cy = x - x0, y - y0
    best = max(
        range(1, count),
        key=lambda i: stats[i, cv2.CC_STAT_AREA]
        - 4 * float(np.hypot(centroids[i][0] - cx, centroids[i][1] - cy)),
    )
    return (x0 + float(centroids[best][0]), y0 + float(centroids[best][1]))


def _odd(value: int) -> int:
    value = max(value, 3)
    return value if value % 2 else value + 1


def same_marks(first: tuple, second: tuple) -> bool:
    """Whether two pages' marks are the same strokes: the same sheet scanned twice.

    Two voters' marks, even for the same candidates, are never drawn stroke on stroke; the
    same sheet read twice is, within the registration's error.
    """
    if not first or len(first) != len(second):
        return False
    covered = total = 0
    kernel = np.ones((3, 3), np.uint8)
    for (index_a, a), (index_b, b) in zip(first, second, strict=True):
        if index_a != index_b or a.shape != b.shape:
            return False
        grown_a = cv2.dilate(a.astype(np.uint8), kernel).astype(bool)
        grown_b = cv2.dilate(b.astype(np.uint8), kernel).astype(bool)
        covered += int((b & grown_a).sum()) + int((a & grown_b).sum())
        total += int(a.sum()) + int(b.sum())
    return total > 0 and covered / total >= 0.85
