from __future__ import annotations

import os
import random

import pytest

from dahui.documents.ballot_papers import ballot_papers_pdf
from dahui.scanning.stack import list_pages, make_reader, read_stack
from tests.scanning.corpus import Page, image_suffix


@pytest.fixture
def seed() -> int:
    """A new seed each run (DAHUI_SCAN_SEED replays one); failures print it."""
    return int(os.environ.get("DAHUI_SCAN_SEED") or random.randrange(1, 10**9))


def read_pages(election, pages: list[Page], folder, *, workers: int = 1):
    paths = []
    for page in pages:
        path = folder / f"{page.name}{image_suffix(page.data)}"
        path.write_bytes(page.data)
        paths.append(str(path))
    reader = make_reader(election, ballot_papers_pdf(congress_name="", election=election,
                                                     count=1))
    refs, problems = list_pages(paths)
    assert not problems
    return read_stack(reader, refs, workers=workers)
