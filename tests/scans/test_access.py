"""Every scans page and action, for every role: counters upload, scrutineers decide, the
secretariat (and the presidium) see, the scans are in the record once counted."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from dahui.elections import services as elections
from dahui.scans import storage
from dahui.scans.models import PageKind, PageState, ScanFile, ScanPage, ScanRun
from tests.elections.people import make_user
from tests.scans.conftest import paper_poll

ROLES = ["delegate", "scrutineer", "chief", "counter", "secretariat", "presidium", "observer",
         "outsider"]
SEE = {"scrutineer", "chief", "counter", "secretariat", "presidium"}
UPLOAD = {"scrutineer", "chief", "counter"}
DECIDE = {"scrutineer", "chief"}


def person(world, role):
    if role == "observer":
        return make_user(f"observer-{world.congress.pk}", congress=world.congress,
                         role="observer")
    if role == "outsider":
        return make_user(f"outsider-{world.congress.pk}")
    return {"delegate": world.delegate("王敏").user, "scrutineer": world.scrutineer,
            "chief": world.chief, "counter": world.counters[0],
            "secretariat": world.secretariat, "presidium": world.presidium}[role]


@pytest.fixture
def scanned(world):
    """A closed paper poll with one read run: one page read, one waiting for review."""
    poll = paper_poll(world, returned=1)
    run = ScanRun.objects.create(poll=poll, number=1, uploaded_by=world.counters[0],
                                 complete=True, read_at=timezone.now())
    folder = storage.run_folder(poll.pk, 1)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    scan = ScanFile.objects.create(run=run, order=1, name="a.png", sha256="0" * 64, size=24,
                                   pages=1, stored=storage.write(f"{folder}/0001.png", png))
    page = ScanPage.objects.create(
        run=run, file=scan, page=1, order=1, state=PageState.REVIEW, kind=PageKind.BALLOT,
        image=storage.write(f"{folder}/pages/00001.png", png),
        doubts=[{"candidate": None, "why": "page_code_unreadable",
                 "crop": storage.write(f"{folder}/pages/00001-01.png", png)}],
    )
    return poll, run, page


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_looking_at_the_scans_is_for_the_counting_staff_and_the_secretariat(
        world, scanned, role):
    poll, _run, page = scanned
    client = client_for(person(world, role))
    urls = [f"/polls/{poll.pk}/scans/", f"/polls/{poll.pk}/scans/status.json",
            f"/polls/{poll.pk}/scans/review/", f"/polls/{poll.pk}/scans/pages/{page.pk}/page.png",
            f"/polls/{poll.pk}/scans/pages/{page.pk}/crop-0.png"]
    for url in urls:
        assert client.get(url).status_code == (200 if role in SEE else 403), url


@pytest.mark.parametrize("role", ROLES)
def test_uploading_is_for_counters_and_scrutineers(world, scanned, role):
    poll, _run, _page = scanned
    response = client_for(person(world, role)).post(
        f"/polls/{poll.pk}/scans/upload/",
        {"scans": SimpleUploadedFile("notes.txt", b"not a scan")},
        HTTP_ACCEPT="application/json",
    )
    if role in UPLOAD:
        assert response.status_code == 400
        assert "不是扫描件" in response.json()["error"]
    else:
        assert response.status_code == 403
    assert ScanRun.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_deciding_and_discarding_are_for_scrutineers(world, scanned, role):
    poll, run, page = scanned
    client = client_for(person(world, role))
    response = client.post(f"/polls/{poll.pk}/scans/pages/{page.pk}/decide/",
                           {"action": "set_aside"})
    page.refresh_from_db()
    if role in DECIDE:
        assert response.status_code == 302
        assert page.state == PageState.SET_ASIDE
        assert page.decided_by == person(world, role)
    else:
        assert response.status_code == 403
        assert page.decision is None
    response = client.post(f"/polls/{poll.pk}/scans/runs/{run.pk}/discard/",
                           {"reason": "重扫"})
    run.refresh_from_db()
    assert response.status_code == (302 if role in DECIDE else 403)
    assert (run.discarded_at is not None) == (role in DECIDE)


def test_a_decision_with_a_row_left_open_is_refused_with_the_name(world, scanned):
    poll, _run, page = scanned
    response = client_for(world.scrutineer).post(
        f"/polls/{poll.pk}/scans/pages/{page.pk}/decide/", {"action": "decide"})
    assert response.status_code == 400
    assert "一行：请按选票选择" in response.content.decode()
    page.refresh_from_db()
    assert page.decision is None


@pytest.mark.parametrize("role", ROLES)
def test_the_scans_are_in_the_record_once_counted(world, scanned, role):
    poll, _run, page = scanned
    client = client_for(person(world, role))
    url = f"/polls/{poll.pk}/record/scans.zip"
    before = client.get(url).status_code
    assert before in (403, 404)
    from dahui.scans import services

    services.decide_page(page=page, content={"marks": {}}, by=world.scrutineer)
    elections.count_poll(poll=poll, by=world.secretariat)
    response = client.get(url)
    allowed = role in SEE | {"observer"}
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        import io
        import zipfile

        archive = zipfile.ZipFile(io.BytesIO(response.content))
        assert set(archive.namelist()) == {"pages.jsonl", "run-1/0001-a.png"}
        assert b'"counted_as": {"marks": {}}' in archive.read("pages.jsonl")
