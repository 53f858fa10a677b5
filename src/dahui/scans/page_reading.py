"""Reading pages in worker processes for the web app (no Django here: workers only import
the scanning module).

`scanning.stack` reads a stack for the command line; the web app also needs, for a page
that goes to people, the marks the reader was sure of (so the scrutineer only decides the
doubtful cells), and a compact fingerprint of each page to find the same sheet twice across
uploads and restarts. Everything else is the scanning module's own code.
"""

from __future__ import annotations

import base64
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import cv2
import numpy as np

from dahui.scanning.images import PageRef, UnreadableScan, load_page
from dahui.scanning.reader import BallotReader
from dahui.scanning.stack import PageResult, attach_images


@dataclass
class PageOutcome:
    """One page as read, ready to store."""

    ref: PageRef
    result: PageResult
    upside_down: bool = False
    marks_read: dict = field(default_factory=dict)

    @property
    def fingerprint(self) -> dict:
        return fingerprint_of(self.result)


def read_one(reader: BallotReader, ref: PageRef) -> PageOutcome:
    result = PageResult(file=ref.path, page=ref.page)
    outcome = PageOutcome(ref=ref, result=result)
    try:
        image = load_page(ref)
    except UnreadableScan as error:
        result.error = str(error)
        return outcome
    try:
        reading = reader.read(image)
    except Exception as error:  # one odd page must not stop the stack
        result.error = f"无法识别此页（{type(error).__name__}）"
        return outcome
    result.ballot = reading.ballot
    result.doubts = list(reading.doubts)
    result.this_election = reading.is_ballot_of_this_election
    result.other_election = any(d.why == "other_election" for d in reading.doubts)
    result.signature = reading.marks_signature
    result.ink_print = reading.ink_print
    result.pixels_digest = reading.pixels_digest
    outcome.upside_down = reading.upside_down
    doubtful_rows = {d.candidate for d in reading.doubts}
    for cell in reading.cells:
        if cell.key in doubtful_rows or cell.state not in ("circle", "cross"):
            continue
        if reader.layout.kind == "motion":
            outcome.marks_read["vote"] = cell.key
        elif (cell.column, cell.state) in (("for", "circle"), ("against", "cross")):
            outcome.marks_read[cell.key] = cell.column
    if result.doubts:
        attach_images(result, reading, image)
    return outcome


def fingerprint_of(result: PageResult) -> dict:
    return {
        "this_election": result.this_election,
        "signature": list(result.signature),
        "pixels": result.pixels_digest,
        "ink": [[int(index), list(mask.shape),
                 base64.b64encode(np.packbits(mask.astype(bool)).tobytes()).decode()]
                for index, mask in result.ink_print],
    }


def result_from_fingerprint(path: str, page: int, fingerprint: dict) -> PageResult:
    """A stored page as `stack.mark_duplicates` looks at it."""
    ink = []
    for index, shape, packed in fingerprint.get("ink", []):
        bits = np.unpackbits(np.frombuffer(base64.b64decode(packed), np.uint8))
        ink.append((index, bits[: shape[0] * shape[1]].reshape(shape).astype(bool)))
    return PageResult(
        file=path, page=page, this_election=bool(fingerprint.get("this_election")),
        signature=tuple(fingerprint.get("signature", ())), ink_print=tuple(ink),
        pixels_digest=fingerprint.get("pixels", ""),
    )


# -- the pool ---------------------------------------------------------------------------------

_WORKER_READER: BallotReader | None = None


def _start_worker(layout, code, blank) -> None:
    global _WORKER_READER
    cv2.setNumThreads(1)
    _WORKER_READER = BallotReader(layout=layout, code=code, blank=blank)


def _read_in_worker(ref: PageRef) -> PageOutcome:
    assert _WORKER_READER is not None
    return read_one(_WORKER_READER, ref)


class Pool:
    """Processes reading one election's pages; kept while that election's scans come in
    (starting a process costs a second or two)."""

    def __init__(self, key: str, reader: BallotReader, workers: int) -> None:
        self.key, self.reader, self.workers = key, reader, workers
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()  # one reader object is not for two threads at once

    def read(self, refs: list[PageRef]) -> list[PageOutcome]:
        if self.workers <= 1 or len(refs) <= 1:
            with self._lock:
                return [read_one(self.reader, ref) for ref in refs]
        with self._lock:
            executor = self._start()
        return list(executor.map(_read_in_worker, refs, chunksize=2))

    def _start(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # Spawned, not forked: a fork copies OpenCV's and PDFium's threads' locks mid-use.
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.reader.layout, self.reader.code, self.reader.blank),
            )
        return self._executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False)  # pages under way still finish
            self._executor = None


_pools: dict[str, Pool] = {}
_pools_lock = threading.Lock()


def pool_for(key: str, make_reader, workers: int) -> Pool:
    """The pool of election `key`. One is kept at a time (a hall counts one poll at a
    time); an older one is shut down once its pages under way are read."""
    if workers <= 0:
        workers = min(os.cpu_count() or 1, 8)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            for other in _pools.values():
                other.close()
            _pools.clear()
            pool = _pools[key] = Pool(key, make_reader(), workers)
        return pool


def png(image: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 3])
    return data.tobytes() if ok else b""


def page_picture(ref: PageRef, side: int = 1600) -> bytes:
    """The page as scanned, for people to look at (a page the reader kept no image of)."""
    image = load_page(ref)
    factor = side / max(image.shape)
    if factor < 1:
        image = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    return png(image)
