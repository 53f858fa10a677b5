"""Reading a stack of scans: every page of every file, in input order, on several cores.

Each page is read by `BallotReader`; then the stack is looked at as a whole: a page that is
the very same image as an earlier one, or the same sheet scanned again (its marks lie
stroke on stroke on an earlier page's), is a duplicate and is never counted twice. What
goes to people carries the images they need: the registered page and a crop per doubt.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from dahui.rules import Election, Motion
from dahui.scanning.images import PageRef, UnreadableScan, load_page, page_refs, render_pdf_page
from dahui.scanning.layout import Layout, layout_for
from dahui.scanning.page_code import page_code
from dahui.scanning.reader import (
    CANVAS,
    SCALE,
    WHY_DUPLICATE,
    WHY_OTHER_ELECTION,
    BallotReader,
    Doubt,
    PageReading,
    same_marks,
)

PAGE_IMAGE_SIDE = 1600  # pixels: the long side of a page image shown to people


@dataclass
class PageResult:
    """One page of the stack: its ballot line, or what people must decide, with images."""

    file: str
    page: int
    ballot: dict | None = None
    doubts: list[Doubt] = field(default_factory=list)
    error: str | None = None  # the page could not be opened at all
    page_png: bytes | None = None
    crops: list[bytes | None] = field(default_factory=list)  # one per doubt
    this_election: bool = False
    other_election: bool = False
    signature: tuple = ()
    ink_print: tuple = ()
    pixels_digest: str = ""

    @property
    def needs_review(self) -> bool:
        return self.error is None and self.ballot is None


@dataclass
class StackProblem:
    """Input that cannot be opened at all: `file[:page]: message`."""

    file: str
    page: int | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.page is None else f"{self.file}:{self.page}"
        return f"{where}: {self.message}"


def make_reader(election: Election | Motion, blank_pdf: bytes) -> BallotReader:
    """The reader of `election`'s ballots; `blank_pdf` is one blank ballot as printed."""
    layout = layout_for(election)
    return BallotReader(
        layout=layout,
        code=page_code(election, layout_version=layout.version),
        blank=render_pdf_page(blank_pdf, page=1, size=CANVAS),
    )


# -- one page (in a worker process) ------------------------------------------------------------

_READER: BallotReader | None = None
_IMAGES = False


def _start_worker(layout: Layout, code, blank: np.ndarray, images: bool) -> None:
    global _READER, _IMAGES
    cv2.setNumThreads(1)  # one page per process: the processes share the cores
    _READER = BallotReader(layout=layout, code=code, blank=blank)
    _IMAGES = images


def _png(image: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 3])
    return data.tobytes() if ok else b""


def _page_image(image: np.ndarray) -> np.ndarray:
    factor = PAGE_IMAGE_SIDE / max(image.shape)
    if factor >= 1:
        return image
    return cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)


def _crop(page: np.ndarray, doubt: Doubt) -> bytes | None:
    if doubt.box is None:
        return None
    x0, y0 = max(int(doubt.box.x * SCALE), 0), max(int(doubt.box.y * SCALE), 0)
    x1 = min(int((doubt.box.x + doubt.box.width) * SCALE), page.shape[1])
    y1 = min(int((doubt.box.y + doubt.box.height) * SCALE), page.shape[0])
    return _png(page[y0:y1, x0:x1])


def read_page(reader: BallotReader, ref: PageRef, *, images: bool) -> PageResult:
    result = PageResult(file=ref.path, page=ref.page)
    try:
        image = load_page(ref)
    except UnreadableScan as error:
        result.error = str(error)
        return result
    reading: PageReading = reader.read(image)
    result.ballot = reading.ballot
    result.doubts = list(reading.doubts)
    result.this_election = reading.is_ballot_of_this_election
    result.other_election = any(d.why == WHY_OTHER_ELECTION for d in reading.doubts)
    result.signature = reading.marks_signature
    result.ink_print = reading.ink_print
    result.pixels_digest = reading.pixels_digest
    if images and result.doubts:
        attach_images(result, reading, image)
    return result


def attach_images(result: PageResult, reading: PageReading, image: np.ndarray) -> None:
    page = reading.registered if reading.registered is not None else image
    result.page_png = _png(_page_image(page))
    result.crops = [
        _crop(reading.registered, d) if reading.registered is not None else None
        for d in result.doubts
    ]


def _read_in_worker(ref: PageRef) -> PageResult:
    assert _READER is not None
    return read_page(_READER, ref, images=_IMAGES)


# -- the stack ----------------------------------------------------------------------------------


def list_pages(paths: Sequence[str]) -> tuple[list[PageRef], list[StackProblem]]:
    refs: list[PageRef] = []
    problems: list[StackProblem] = []
    for path in paths:
        try:
            refs.extend(page_refs(path))
        except UnreadableScan as error:
            problems.append(StackProblem(str(path), None, str(error)))
    return refs, problems


def read_stack(
    reader: BallotReader, refs: Sequence[PageRef], *, images: bool = False, workers: int = 0
) -> list[PageResult]:
    """Every page in `refs`, in order, duplicates found. `workers` 0: the machine's cores
    (at most 8); 1: in this process."""
    if workers <= 0:
        workers = min(os.cpu_count() or 1, 8)
    workers = min(workers, max(len(refs), 1))
    if workers == 1:
        results = [read_page(reader, ref, images=images) for ref in refs]
    else:
        # Spawned, not forked: a fork copies OpenCV's and PDFium's threads' locks mid-use.
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(reader.layout, reader.code, reader.blank, images),
        ) as pool:
            results = list(pool.map(_read_in_worker, refs, chunksize=4))
    mark_duplicates(reader, refs, results, images=images)
    return results


def mark_duplicates(reader: BallotReader, refs: Sequence[PageRef],
                    results: list[PageResult], *, images: bool) -> None:
    """A marked page already seen (the same image, or the same sheet scanned again) goes
    to people as a duplicate instead of being counted a second time. Unmarked pages are
    left alone: every blank ballot is the same sheet."""
    seen_files: dict[str, int] = {}
    seen_pixels: dict[str, int] = {}
    by_signature: dict[tuple, list[int]] = {}
    for index, result in enumerate(results):
        if not result.this_election:
            continue
        earlier = None
        if refs[index].pages == 1:
            # The same one-page file twice (byte for byte): no scanner gives that twice.
            digest = hashlib.sha256(Path(refs[index].path).read_bytes()).hexdigest()
            earlier = seen_files.setdefault(digest, index)
            earlier = None if earlier == index else earlier
        # Otherwise a page without a mark cannot be told from another unmarked ballot (the
        # sheets are identical by design): only marked pages can be found twice.
        if earlier is None and not result.ink_print:
            continue
        if earlier is None:
            earlier = seen_pixels.get(result.pixels_digest)
        if earlier is None:
            for other in by_signature.get(result.signature, []):
                if same_marks(results[other].ink_print, result.ink_print):
                    earlier = other
                    break
        if earlier is None:
            seen_pixels[result.pixels_digest] = index
            by_signature.setdefault(result.signature, []).append(index)
            continue
        result.ballot = None
        result.doubts = [Doubt(None, WHY_DUPLICATE)]
        if images:
            image = load_page(refs[index])
            attach_images(result, reader.read(image), image)
            result.crops = [None]


def whole_file_problems(results: Sequence[PageResult]) -> list[StackProblem]:
    """Files that are not this election's ballots at all: every page names another one."""
    by_file: dict[str, list[PageResult]] = {}
    for result in results:
        by_file.setdefault(result.file, []).append(result)
    problems = []
    for file, pages in by_file.items():
        for result in pages:
            if result.error is not None:
                problems.append(StackProblem(file, result.page if len(pages) > 1 else None,
                                             result.error))
        if pages and all(p.other_election for p in pages):
            problems.append(StackProblem(file, None, "不是本选举的选票（页面码属于另一场选举）"))
    return problems
