"""Counting a paper poll by scans: upload, reading, review, second readings, the count."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from dahui.audit.models import AuditEntry
from dahui.elections import counting
from dahui.elections import services as elections
from dahui.elections.errors import CountIncomplete, NotAllowed, Refused
from dahui.elections.paper import enter_paper_ballot, paper_content
from dahui.scans import selectors, services, storage
from dahui.scans.models import PageKind, PageState, ScanFile, ScanPage, ScanRun
from tests.scanning.corpus import Mix, an_election, generate
from tests.scans.conftest import paper_poll, stack, upload_and_read, uploads

CLEAN = {"blank": 0.0, "overvote": 0.0, "write_in": 0.0, "doubtful": 0.0,
         "upside_down": 0.0}


def truth_content(page) -> dict:
    """What a scrutineer decides from the page: the marks read, doubtful rows left out
    (abstain), the names written typed in."""
    content = {"marks": dict(page.truth.marks)}
    if page.truth.write_ins:
        content["write_ins"] = list(page.truth.write_ins.values())
    return content


def decide_all(poll, pages, by) -> None:
    truth = {p.name: p for p in pages}
    for page in selectors.review_queue(poll):
        generated = truth[page.file.name.rsplit(".", 1)[0]]
        services.decide_page(page=page, content=paper_content(
            marks=generated.truth.marks,
            write_ins=list(generated.truth.write_ins.values())), by=by)


def test_a_clean_stack_is_read_and_counted_as_the_truth(world):
    poll = paper_poll(world, returned=3)
    pages = stack(poll, 3, 101, **CLEAN)
    run = upload_and_read(poll, pages, world.counters[0])
    assert run.read_at is not None
    read = list(ScanPage.objects.filter(run=run).order_by("order"))
    assert [p.state for p in read] == [PageState.READ] * 3
    assert [p.reading for p in read] == [p.truth.line(False) for p in pages]
    assert selectors.blockers(poll) == []
    elections.count_poll(poll=poll, by=world.secretariat)
    poll.refresh_from_db()
    assert poll.result == counting.tally(poll, [truth_content(p) for p in pages])
    # The scans are kept under the data folder, not anywhere else.
    stored = ScanFile.objects.filter(run=run).values_list("stored", flat=True)
    assert all(storage.absolute(s).is_file() for s in stored)


def test_doubtful_cells_and_write_ins_go_to_review_and_the_decisions_are_counted(world):
    poll = paper_poll(world, returned=4)
    pages = stack(poll, 4, 202, blank=0.0, overvote=0.0, write_in=0.5, doubtful=0.5,
                  upside_down=0.0)
    assert any(p.truth.write_ins or p.truth.doubtful for p in pages)
    upload_and_read(poll, pages, world.counters[0])
    queue = selectors.review_queue(poll)
    assert queue
    for page in queue:
        assert page.doubts
        assert page.image
        whys = {d["why"] for d in page.doubts}
        generated = next(p for p in pages if page.file.name.startswith(p.name))
        if generated.truth.write_ins:
            assert "write_in" in whys  # written names always come to people as crops
        assert any(d["crop"] for d in page.doubts)
    with pytest.raises(CountIncomplete, match="监票人"):
        elections.count_poll(poll=poll, by=world.secretariat)
    with pytest.raises(NotAllowed):
        services.decide_page(page=queue[0], content={"marks": {}}, by=world.counters[0])
    decide_all(poll, pages, world.scrutineer)
    decided = AuditEntry.objects.filter(action="scans.decided")
    assert decided.count() == len(queue)
    assert all(e.actor == world.scrutineer.get_username() for e in decided)
    page = ScanPage.objects.filter(state=PageState.DECIDED).first()
    assert page.decided_by == world.scrutineer
    assert page.decided_at is not None
    elections.count_poll(poll=poll, by=world.secretariat)
    poll.refresh_from_db()
    assert poll.result == counting.tally(poll, [truth_content(p) for p in pages])


def _pdf(images: list[bytes]) -> bytes:
    frames = [Image.open(io.BytesIO(data)).convert("RGB") for data in images]
    out = io.BytesIO()
    frames[0].save(out, "PDF", save_all=True, append_images=frames[1:], resolution=150)
    return out.getvalue()


def test_blank_other_election_duplicate_and_upside_down_pages_are_handled(world):
    poll = paper_poll(world, returned=3)
    pages = stack(poll, 3, 303, **{**CLEAN, "upside_down": 0.0})
    turned = stack(poll, 1, 304, **{**CLEAN, "upside_down": 1.0})
    odd = generate(services._subject(poll), 1, 305, dpis=(150,),
                   mix=Mix(blank=0, overvote=0, write_in=0, doubtful=0, upside_down=0,
                           blank_pages=1, other_election=1, duplicates=0))
    blank = next(p for p in odd if p.truth.kind == "blank_page")
    other = next(p for p in odd if p.truth.kind == "other_election")
    # One PDF as a scanner gives it: ballots, a blank sheet, another election's ballot,
    # the same ballot twice, a ballot upside down.
    pdf = _pdf([pages[0].data, blank.data, pages[1].data, other.data, pages[1].data,
                turned[0].data])
    run = services.upload_scans(
        poll=poll, files=[SimpleUploadedFile("stack.pdf", pdf)], by=world.counters[0])
    services.read_waiting(run.pk)
    got = list(ScanPage.objects.filter(run=run).order_by("order"))
    assert [p.kind for p in got] == [
        PageKind.BALLOT, PageKind.BLANK, PageKind.BALLOT, PageKind.OTHER, PageKind.DUPLICATE,
        PageKind.BALLOT]
    assert [p.state for p in got] == [
        PageState.READ, PageState.SET_ASIDE, PageState.READ, PageState.SET_ASIDE,
        PageState.SET_ASIDE, PageState.READ]
    assert got[5].upside_down
    assert got[5].reading == turned[0].truth.line(False)
    assert len(selectors.contents(poll)) == 3
    assert {p.order for p in selectors.set_aside_pages(poll)} == {2, 4, 5}


def test_bad_uploads_are_refused_in_chinese_and_nothing_is_stored(world, monkeypatch):
    poll = paper_poll(world, returned=1)
    good = stack(poll, 1, 404, **CLEAN)
    other_election = generate(an_election(__import__("random").Random(9), 4,
                                          title="经费审查委员会委员"), 1, 405, dpis=(150,),
                              mix=Mix(**CLEAN, blank_pages=0, other_election=0, duplicates=0))
    cases = [
        ([SimpleUploadedFile("notes.txt", b"just some text")], "不是扫描件"),
        ([SimpleUploadedFile("empty.png", b"")], "是空的"),
        ([SimpleUploadedFile("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)],
         "无法打开"),
        (uploads(other_election), "另一场选举"),
        ([*uploads(good), SimpleUploadedFile("other.pdf", _pdf([other_election[0].data] * 2))],
         "另一场选举"),
    ]
    for files, words in cases:
        with pytest.raises(Refused, match=words):
            services.upload_scans(poll=poll, files=files, by=world.counters[0])
    monkeypatch.setattr(services, "MAX_FILE_BYTES", 1000)
    with pytest.raises(Refused, match="太大"):
        services.upload_scans(poll=poll, files=uploads(good), by=world.counters[0])
    assert not ScanRun.objects.exists()
    assert not ScanPage.objects.exists()
    kept = [p for p in storage.scans_root().rglob("*") if p.is_file()]
    assert kept == []


def test_a_stray_sheet_of_another_election_among_the_images_is_set_aside(world):
    poll = paper_poll(world, returned=1)
    good = stack(poll, 1, 410, **CLEAN)
    stray = generate(an_election(__import__("random").Random(11), 4, title="经费审查委员会委员"),
                     1, 411, dpis=(150,),
                     mix=Mix(**CLEAN, blank_pages=0, other_election=0, duplicates=0))
    run = upload_and_read(poll, [*good, *stray], world.counters[0])
    kinds = list(ScanPage.objects.filter(run=run).order_by("order").values_list("kind", "state"))
    assert kinds == [(PageKind.BALLOT, PageState.READ), (PageKind.OTHER, PageState.SET_ASIDE)]


def test_someone_who_does_not_count_cannot_upload(world):
    poll = paper_poll(world, returned=1)
    for person in (world.secretariat, world.delegate("王敏").user):
        with pytest.raises(NotAllowed):
            services.upload_scans(poll=poll, files=uploads(stack(poll, 1, 5, **CLEAN)),
                                  by=person)


def test_a_second_run_must_agree_and_a_difference_blocks_the_count(world):
    poll = paper_poll(world, returned=2)
    pages = stack(poll, 2, 505, **CLEAN)
    upload_and_read(poll, pages, world.counters[0])
    second = upload_and_read(poll, pages, world.counters[1])
    assert selectors.differences(poll) == []
    page = ScanPage.objects.get(run=second, order=2)
    services.decide_page(page=page, content=paper_content(marks={}), by=world.chief)
    found = selectors.differences(poll)
    assert [(d.position, d.second_page.pk) for d in found] == [(2, page.pk)]
    with pytest.raises(CountIncomplete, match="不一致"):
        elections.count_poll(poll=poll, by=world.secretariat)
    services.discard_run(run=second, reason="第二次扫描漏了一页", by=world.chief)
    assert selectors.differences(poll) == []
    elections.count_poll(poll=poll, by=world.secretariat)
    assert AuditEntry.objects.filter(action="scans.run_discarded").count() == 1


def test_a_double_entry_sample_that_differs_blocks_the_count(world):
    poll = paper_poll(world, returned=2)
    pages = stack(poll, 2, 606, **CLEAN)
    upload_and_read(poll, pages, world.counters[0])
    other = paper_content(marks={}) if pages[0].truth.marks else paper_content(
        marks={poll.candidates.first().rules_id: "for"})
    for counter in world.counters:
        enter_paper_ballot(poll=poll, position=1, content=other, by=counter)
    found = selectors.differences(poll)
    assert [d.position for d in found] == [1]
    with pytest.raises(CountIncomplete):
        elections.count_poll(poll=poll, by=world.secretariat)


def test_more_ballots_than_issued_voids_the_vote_by_rule_6(world):
    poll = paper_poll(world, returned=8, issued=7)  # quorum met; one ballot too many
    upload_and_read(poll, stack(poll, 8, 707, **CLEAN), world.counters[0])
    elections.count_poll(poll=poll, by=world.secretariat)
    poll.refresh_from_db()
    assert poll.result["status"] == "void"


def test_pages_must_equal_the_ballots_returned(world):
    poll = paper_poll(world, returned=3)
    upload_and_read(poll, stack(poll, 2, 808, **CLEAN), world.counters[0])
    with pytest.raises(CountIncomplete, match="3"):
        elections.count_poll(poll=poll, by=world.secretariat)


def test_pages_left_waiting_by_a_stopped_reader_are_read_again(world, monkeypatch):
    poll = paper_poll(world, returned=2)
    pdf = _pdf([p.data for p in stack(poll, 2, 909, **CLEAN)])
    run = services.upload_scans(poll=poll, files=[SimpleUploadedFile("s.pdf", pdf)],
                                by=world.counters[0])
    assert ScanPage.objects.filter(run=run, state=PageState.QUEUED).count() == 1
    started = []
    monkeypatch.setattr(services, "start_reading", started.append)
    assert services.resume(poll=poll) == []  # its reader is still fresh
    ScanRun.objects.filter(pk=run.pk).update(heartbeat=None)
    assert services.resume(poll=poll) == [run.pk]
    assert started == [run.pk]
    services.read_waiting(run.pk)
    assert not ScanPage.objects.filter(run=run, state=PageState.QUEUED).exists()


def test_a_paper_motion_is_counted_by_scans_with_its_doubtful_ballot_decided(world):
    motion = elections.create_motion(congress=world.congress, title="关于工会工作报告的决议",
                                     kind="report", by=world.secretariat)
    poll = elections.create_motion_poll(motion=motion, session=world.session,
                                        method="paper", by=world.secretariat)
    elections.open_poll(poll=poll, by=world.secretariat)
    elections.record_paper_counts(poll=poll, issued=8, returned=3, by=world.secretariat)
    elections.close_poll(poll=poll, by=world.presidium)
    pages = generate(services._subject(poll), 3, 1001, dpis=(150,),
                     mix=Mix(blank=0, overvote=0, write_in=0, doubtful=0.4, upside_down=0,
                             phone=0, blank_pages=0, other_election=0, duplicates=0))
    upload_and_read(poll, pages, world.counters[0])
    for page in selectors.review_queue(poll):
        services.decide_page(page=page, content=paper_content(vote="abstain"),
                             by=world.scrutineer)
    elections.count_poll(poll=poll, by=world.secretariat)
    poll.refresh_from_db()
    expected = [{"vote": p.truth.vote} if p.truth.vote and not p.truth.doubtful
                else {"vote": "abstain"} for p in pages]
    assert poll.result == counting.tally(poll, expected)
