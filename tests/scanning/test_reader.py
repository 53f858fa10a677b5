"""The reader on generated stacks (new random seed each run) and on chosen pages.

Held: no sure read is ever wrong, every doubtful row and every write-in is on the review
list, blank pages, other elections and duplicates are recognised.
"""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from dahui.documents.ballot_papers import ballot_papers_pdf
from dahui.scanning.layout import CODE_BOX, layout_for
from dahui.scanning.reader import classify_mark
from dahui.scanning.stack import make_reader
from tests.scanning.conftest import read_pages
from tests.scanning.corpus import (
    Mix,
    Pen,
    _rendered,
    a_motion,
    an_election,
    degrade,
    draw_circle,
    draw_cross,
    generate,
    mark_ballot,
    score,
)


def assert_never_wrong(s, seed):
    where = f"seed {seed}: " + "; ".join(s.problems[:8])
    assert s.wrong_sure_reads == 0, where
    assert s.doubtful_rows_missed == 0, where
    assert s.write_ins_missed == 0, where
    assert s.special_pages_missed == 0, where


def test_a_committee_stack_is_read_without_a_wrong_sure_read(tmp_path, seed):
    election = an_election(random.Random(seed), 23)
    pages = generate(election, 10, seed, dpis=(150, 200),
                     mix=Mix(doubtful=0.3, write_in=0.15, overvote=0.1))
    s = score(pages, read_pages(election, pages, tmp_path), motion=False)
    assert_never_wrong(s, seed)
    assert s.read > 0, f"seed {seed}: nothing read"


def test_sixty_candidates_in_two_blocks_are_read(tmp_path, seed):
    election = an_election(random.Random(seed), 60)
    pages = generate(election, 4, seed, dpis=(200,),
                     mix=Mix(blank_pages=0, other_election=0, duplicates=1))
    s = score(pages, read_pages(election, pages, tmp_path), motion=False)
    assert_never_wrong(s, seed)


def test_a_motion_stack_is_read(tmp_path, seed):
    motion = a_motion()
    pages = generate(motion, 8, seed, dpis=(150, 200), mix=Mix(doubtful=0.3))
    s = score(pages, read_pages(motion, pages, tmp_path), motion=True)
    assert_never_wrong(s, seed)


def test_a_stack_read_on_two_processes_equals_one_read_in_this_one(tmp_path, seed):
    election = an_election(random.Random(seed), 5)
    pages = generate(election, 4, seed, dpis=(150,), mix=Mix(blank_pages=0, duplicates=0))
    one = read_pages(election, pages, tmp_path)
    two = read_pages(election, pages, tmp_path, workers=2)
    assert [(r.ballot, r.doubts) for r in one] == [(r.ballot, r.doubts) for r in two]


def _marked(election, dpi, seed, **kwargs):
    rng = random.Random(seed)
    pdf = ballot_papers_pdf(congress_name="", election=election, count=1)
    image, truth = mark_ballot(_rendered(pdf, dpi), layout_for(election), dpi, rng,
                               category="clean")
    return image, truth, rng


def _read_one(election, data: bytes, tmp_path, name="page.png"):
    (tmp_path / name).write_bytes(data)
    from dahui.scanning.images import page_refs
    from dahui.scanning.stack import read_page

    reader = make_reader(election, ballot_papers_pdf(congress_name="", election=election,
                                                     count=1))
    return read_page(reader, page_refs(tmp_path / name)[0], images=True)


def test_an_upside_down_page_is_turned_and_read(tmp_path, seed):
    election = an_election(random.Random(seed), 8)
    image, truth, rng = _marked(election, 200, seed)
    data = degrade(image, rng, truth, upside_down=True)
    result = _read_one(election, data, tmp_path)
    assert result.ballot is not None or result.doubts, f"seed {seed}"
    if result.ballot is not None:
        assert result.ballot == truth.line(False), f"seed {seed}"


def test_a_page_whose_code_is_covered_goes_to_people(tmp_path):
    election = an_election(random.Random(1), 6)
    image, _truth, _rng = _marked(election, 200, 1)
    scale = 200 / 25.4
    x, y, w, h = CODE_BOX
    cv2.rectangle(image, (int((x - 2) * scale), int((y - 2) * scale)),
                  (int((x + w + 2) * scale), int((y + h + 2) * scale)), (255, 255, 255), -1)
    _ok, data = cv2.imencode(".png", image)
    result = _read_one(election, data.tobytes(), tmp_path)
    assert result.ballot is None
    assert [d.why for d in result.doubts] == ["page_code_unreadable"]
    assert result.page_png


def test_a_ballot_of_another_election_is_not_read(tmp_path):
    ours, theirs = an_election(random.Random(1), 6), an_election(random.Random(2), 6)
    image, _truth, _rng = _marked(theirs, 150, 3)
    _ok, data = cv2.imencode(".png", image)
    result = _read_one(ours, data.tobytes(), tmp_path)
    assert result.ballot is None
    assert [d.why for d in result.doubts] == ["other_election"]


def test_a_white_sheet_is_a_blank_page(tmp_path):
    _ok, data = cv2.imencode(".png", np.full((1754, 1240), 250, np.uint8))
    result = _read_one(an_election(random.Random(1), 4), data.tobytes(), tmp_path)
    assert [d.why for d in result.doubts] == ["blank_page"]


def test_the_same_sheet_twice_is_a_duplicate_but_two_alike_ballots_are_not(tmp_path, seed):
    election = an_election(random.Random(seed), 6)
    first, truth, rng = _marked(election, 200, seed)
    # A second voter marking the very same choices, with their own hand.
    second = _rendered(ballot_papers_pdf(congress_name="", election=election, count=1),
                       200).copy()
    pen = Pen(second, 200, rng, (30, 30, 30), 0.45)
    layout = layout_for(election)
    for row in layout.rows:
        by = {c.column: c.box for c in row.cells}
        if truth.marks.get(row.key) == "for":
            draw_circle(pen, by["for"])
        elif truth.marks.get(row.key) == "against":
            draw_cross(pen, by["against"])
    scan = degrade(first, rng, truth)
    rescan = degrade(first, rng, truth)  # the same sheet through the scanner again
    other = degrade(second, rng, truth)
    from tests.scanning.corpus import Page

    pages = [Page("a", scan, truth), Page("b", other, truth), Page("c", rescan, truth),
             Page("d", scan, truth)]
    results = read_pages(election, pages, tmp_path)
    whys = [[d.why for d in r.doubts] for r in results]
    if not truth.marks or any(r.doubts for r in results[:2]):
        pytest.skip(f"seed {seed}: no marks or a doubtful mark drawn")
    assert whys[:2] == [[], []], f"seed {seed}: {whys}"
    assert whys[2] == ["duplicate_page"], f"seed {seed}: {whys}"
    assert whys[3] == ["duplicate_page"], f"seed {seed}: {whys}"


def _canvas(draw) -> np.ndarray:
    image = np.zeros((60, 100), np.uint8)
    draw(image)
    return image > 0


@pytest.mark.parametrize(("name", "draw", "expected"), [
    ("circle", lambda m: cv2.ellipse(m, (50, 30), (18, 14), 0, 0, 360, 255, 3), "circle"),
    ("cross", lambda m: (cv2.line(m, (32, 14), (68, 46), 255, 3),
                         cv2.line(m, (68, 14), (32, 46), 255, 3)), "cross"),
    ("tick", lambda m: (cv2.line(m, (30, 30), (42, 46), 255, 3),
                        cv2.line(m, (42, 46), (70, 10), 255, 3)), None),
    ("blot", lambda m: cv2.circle(m, (50, 30), 15, 255, -1), None),
    ("crossed-out circle", lambda m: (cv2.ellipse(m, (50, 30), (18, 14), 0, 0, 360, 255, 3),
                                      cv2.line(m, (28, 10), (72, 50), 255, 3),
                                      cv2.line(m, (72, 10), (28, 50), 255, 3)), None),
    ("dash", lambda m: cv2.line(m, (30, 30), (70, 31), 255, 3), None),
    ("slash", lambda m: cv2.line(m, (30, 50), (70, 10), 255, 3), None),
])
def test_shapes(name, draw, expected):
    assert classify_mark(_canvas(draw)) == expected, name
