"""The printed ballot: stroke order, identical sheets with no serial, motions, one sheet."""

from __future__ import annotations

import re

import cv2
import numpy as np
import pypdfium2
import pytest

from dahui.documents.ballot_papers import ballot_papers_pdf
from dahui.rules import Candidate, Election, ElectionRules, Motion, announcement_order
from dahui.scanning.layout import LayoutError, layout_for
from dahui.scanning.page_code import election_digest, parse_page_code

NAMES = ["王敏", "李强", "张伟", "刘洋", "丁一", "马兰", "司马光", "欧阳修"]


def an_election(names=NAMES, *, write_ins=True, seats=3) -> Election:
    return Election(
        title="第三届委员会委员", seats=seats, entitled=100, issued=90,
        candidates=tuple(Candidate(f"c{n}", name) for n, name in enumerate(names, 1)),
        rules=ElectionRules(write_ins=write_ins),
    )


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def pages(pdf: bytes, dpi: int = 150) -> list[np.ndarray]:
    document = pypdfium2.PdfDocument(pdf)
    return [
        np.asarray(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
        for page in document
    ]


def test_candidates_stand_in_surname_stroke_order():
    layout = layout_for(an_election())
    ordered, _missing = announcement_order(NAMES)
    assert [row.label for row in layout.rows] == ordered


def test_every_ballot_is_the_same_sheet_without_a_serial():
    pdf = ballot_papers_pdf(congress_name="大会", election=an_election(), count=3)
    assert page_count(pdf) == 3
    first, *others = pages(pdf, dpi=72)
    for other in others:
        assert np.array_equal(first, other)
    assert b"No. 0001" not in pdf
    assert b"FontFile2" in pdf  # the TrueType CJK font is embedded, not referenced


def test_the_page_code_names_the_election_and_the_layout_only():
    election = an_election()
    pdf = ballot_papers_pdf(congress_name="大会", election=election, count=1)
    image = pages(pdf, dpi=200)[0]
    text, _points, _ = cv2.QRCodeDetector().detectAndDecode(image)
    code = parse_page_code(text)
    assert code is not None
    assert code.digest == election_digest(election)
    assert code.layout_version == layout_for(election).version


def test_the_digest_ignores_the_counts_but_not_the_list():
    election = an_election()
    recounted = Election(title=election.title, seats=3, entitled=120, issued=7,
                         candidates=election.candidates, rules=election.rules)
    assert election_digest(recounted) == election_digest(election)
    assert election_digest(an_election(NAMES[:-1])) != election_digest(election)
    assert election_digest(an_election(write_ins=False)) != election_digest(election)


def test_a_motion_prints_three_boxes():
    motion = Motion(title="关于工作报告的决议", entitled=10, issued=9)
    layout = layout_for(motion)
    assert [cell.column for cell in layout.cells] == ["for", "against", "abstain"]
    pdf = ballot_papers_pdf(congress_name="大会", election=motion, count=2)
    assert page_count(pdf) == 2


@pytest.mark.parametrize("count", [23, 24, 25, 45, 60])
def test_up_to_sixty_candidates_fit_one_sheet_inside_the_marks(count):
    names = [f"候选人{n:02d}" for n in range(count)]
    layout = layout_for(an_election(names, seats=max(1, count - 5)))
    assert len(layout.rows) == count
    for cell in layout.cells:
        box = cell.box
        assert box.x >= 12
        assert box.x + box.width <= 198
        assert box.y >= 70
        assert box.y + box.height <= 275
        assert min(box.height, box.width) >= 6


def test_more_than_sixty_candidates_are_refused():
    names = [f"候选人{n:02d}" for n in range(61)]
    with pytest.raises(LayoutError, match="61"):
        layout_for(an_election(names, seats=50))


def test_a_count_outside_the_range_is_refused():
    with pytest.raises(ValueError, match="1 to 5000"):
        ballot_papers_pdf(congress_name="x", election=an_election(), count=0)
