"""`dahui ballots` and `dahui scan` over real files: formats, review list, exit codes."""

from __future__ import annotations

import json
import random

import cv2
import pypdfium2
import pytest
from PIL import Image

from dahui.cli import main
from dahui.rules import election_to_json
from tests.scanning.corpus import Mix, an_election, generate, image_suffix


@pytest.fixture
def election_file(tmp_path):
    election = an_election(random.Random(7), 6)
    path = tmp_path / "election.json"
    path.write_text(json.dumps(election_to_json(election), ensure_ascii=False), "utf-8")
    return election, path


def scan(capsys, *args) -> tuple[int, str, str]:
    status = main(["scan", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def test_printed_ballots_scanned_back_are_blank_ballots(tmp_path, election_file, capsys):
    _election, path = election_file
    pdf = tmp_path / "ballots.pdf"
    assert main(["ballots", str(path), "--count", "3", "-o", str(pdf)]) == 0
    status, out, _err = scan(capsys, path, pdf, "-o", tmp_path / "ballots.jsonl", "--json",
                             "--workers", "1")
    assert status == 0
    summary = json.loads(out)
    assert summary["pages"] == 3
    assert summary["read"] == 3
    assert summary["review"] == []
    assert isinstance(summary["seconds"], float)
    lines = (tmp_path / "ballots.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [{"marks": {}}] * 3
    # The lines are what `dahui tally` reads.
    assert main(["tally", str(path), str(tmp_path / "ballots.jsonl"), "--json"]) == 0


def test_a_marked_stack_writes_lines_and_a_review_list(tmp_path, election_file, capsys):
    election, path = election_file
    pages = generate(election, 6, 11, dpis=(150,),
                     mix=Mix(doubtful=0.4, write_in=0.3, blank_pages=1, other_election=1,
                             duplicates=1))
    files = []
    for page in pages:
        f = tmp_path / f"{page.name}{image_suffix(page.data)}"
        f.write_bytes(page.data)
        files.append(f)
    review = tmp_path / "review"
    status, out, err = scan(capsys, path, *files, "-o", tmp_path / "out.jsonl",
                            "--review", review, "--json", "--workers", "2")
    # A file holding only another election's ballot is input of the wrong election (exit
    # 2, named); every other page was read or put on the list.
    others = [f for p, f in zip(pages, files, strict=True) if p.truth.kind == "other_election"]
    assert status == 2
    assert err.splitlines() == [f"{f}: 不是本选举的选票（页面码属于另一场选举）" for f in others]
    summary = json.loads(out)
    entries = json.loads((review / "review.json").read_text("utf-8"))
    assert entries == summary["review"]
    for entry in entries:
        assert set(entry) == {"file", "page", "candidate", "why", "crop"}
        assert entry["page"] == 1
        assert (review / entry["crop"]).exists()
    reviewed = {entry["file"] for entry in entries}
    read = [p for p, f in zip(pages, files, strict=True) if str(f) not in reviewed]
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert len(lines) == summary["read"] == len(read)
    for page, line in zip(read, lines, strict=True):
        assert page.truth.kind == "ballot"
        assert line == page.truth.line(False)
    whys = {e["why"] for e in entries}
    assert {"blank_page", "other_election", "duplicate_page"} <= whys
    assert summary["pages"] == len(pages)


def test_multi_page_pdf_and_tiff_are_read_page_by_page(tmp_path, election_file, capsys):
    election, path = election_file
    pages = generate(election, 3, 5, dpis=(150,),
                     mix=Mix(doubtful=0, write_in=0, blank=0, overvote=0, phone=0,
                             upside_down=0, blank_pages=0, other_election=0, duplicates=0))
    images = [Image.fromarray(cv2.cvtColor(cv2.imdecode(
        __import__("numpy").frombuffer(p.data, "uint8"), cv2.IMREAD_COLOR),
        cv2.COLOR_BGR2RGB)) for p in pages]
    tiff = tmp_path / "stack.tif"
    images[0].save(tiff, save_all=True, append_images=images[1:], compression="tiff_lzw")
    pdf = pypdfium2.PdfDocument.new()
    for image in images:
        page = pdf.new_page(image.width * 72 / 150, image.height * 72 / 150)
        obj = pypdfium2.PdfImage.new(pdf)
        obj.set_bitmap(pypdfium2.PdfBitmap.from_pil(image))
        obj.set_matrix(pypdfium2.PdfMatrix().scale(page.get_width(), page.get_height()))
        page.insert_obj(obj)
        page.gen_content()
    pdf.save(tmp_path / "stack.pdf")
    for stack in (tiff, tmp_path / "stack.pdf"):
        status, out, _err = scan(capsys, path, stack, "--json", "--workers", "1")
        assert status == 0
        summary = json.loads(out)
        assert summary["pages"] == 3
        pages_on_review = {e["page"] for e in summary["review"]}
        assert summary["read"] + len(pages_on_review) == 3
        assert pages_on_review <= {1, 2, 3}


def test_input_that_cannot_be_opened_exits_2_naming_the_file(tmp_path, election_file,
                                                             capsys):
    _election, path = election_file
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    text = tmp_path / "notes.png"
    text.write_text("not an image", "utf-8")
    status, _out, err = scan(capsys, path, empty, text, "--json")
    assert status == 2
    assert f"{empty}: " in err
    assert f"{text}: " in err


def test_a_file_of_another_election_exits_2(tmp_path, election_file, capsys):
    _election, path = election_file
    other = tmp_path / "other.json"
    other.write_text(json.dumps(election_to_json(an_election(random.Random(8), 6)),
                                ensure_ascii=False), "utf-8")
    pdf = tmp_path / "other.pdf"
    assert main(["ballots", str(other), "--count", "2", "-o", str(pdf)]) == 0
    status, out, err = scan(capsys, path, pdf, "--json", "--workers", "1")
    assert status == 2
    assert f"{pdf}: " in err
    assert {e["why"] for e in json.loads(out)["review"]} == {"other_election"}


def test_a_bad_election_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "election.json"
    bad.write_text('{"kind": "election"}', "utf-8")
    status, _out, err = scan(capsys, bad, tmp_path / "x.png")
    assert status == 2
    assert str(bad) in err


def test_ballots_refuses_a_bad_count_and_prints_motions(tmp_path, capsys):
    motion = tmp_path / "motion.json"
    motion.write_text('{"kind": "motion", "title": "决议", "entitled": 10, "issued": 9}',
                      "utf-8")
    assert main(["ballots", str(motion), "--count", "0", "-o", str(tmp_path / "m.pdf")]) == 2
    assert main(["ballots", str(motion), "--count", "2", "-o", str(tmp_path / "m.pdf")]) == 0
    assert len(pypdfium2.PdfDocument(tmp_path / "m.pdf")) == 2
