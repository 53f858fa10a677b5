from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dahui.elections import services as elections
from dahui.elections.models import Method, Poll
from dahui.scans import services
from tests.elections.conftest import staff_election
from tests.elections.people import World, build_world
from tests.scanning.corpus import Mix, Page, generate, image_suffix


@pytest.fixture(autouse=True)
def scans_in_tmp(settings, tmp_path):
    settings.DAHUI_SCANS_DIR = str(tmp_path / "scans")
    settings.DAHUI_SCAN_WORKERS = 1  # in the test process: the tests stay small


@pytest.fixture
def world(db) -> World:
    return build_world()


def paper_poll(world: World, *, returned: int, issued: int = 8) -> Poll:
    election = staff_election(world)
    poll = elections.create_election_poll(
        election=election, session=world.session, method=Method.PAPER, by=world.secretariat
    )
    elections.open_poll(poll=poll, by=world.secretariat)
    elections.record_paper_counts(poll=poll, issued=issued, returned=returned,
                                  by=world.secretariat)
    elections.close_poll(poll=poll, by=world.presidium)
    poll.refresh_from_db()
    return poll


def stack(poll: Poll, count: int, seed: int, **mix) -> list[Page]:
    """`count` marked ballots of `poll` as scans (plus the odd pages `mix` asks for)."""
    defaults = {"blank_pages": 0, "other_election": 0, "duplicates": 0, "phone": 0.0}
    return generate(services._subject(poll), count, seed, dpis=(150,),
                    mix=Mix(**{**defaults, **mix}))


def uploads(pages: list[Page]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(f"{p.name}{image_suffix(p.data)}", p.data) for p in pages]


def upload_and_read(poll: Poll, pages: list[Page], by, **options):
    run = services.upload_scans(poll=poll, files=uploads(pages), by=by, **options)
    services.read_waiting(run.pk)
    run.refresh_from_db()
    return run
