"""Paper ballots: two counters enter each ballot; mismatches wait for a scrutineer."""

from __future__ import annotations

import pytest

from dahui.elections import services
from dahui.elections.errors import CountIncomplete, NotAllowed, Refused
from dahui.elections.models import Method, PaperBallot
from dahui.elections.paper import (
    enter_paper_ballot,
    mismatches,
    paper_content,
    settle_mismatch,
    unsettled_serials,
)


@pytest.fixture
def paper_poll(world, election):
    poll = services.create_election_poll(
        election=election, session=world.session, method=Method.PAPER, by=world.secretariat
    )
    services.open_poll(poll=poll, by=world.secretariat)
    services.record_paper_counts(poll=poll, issued=8, returned=3, by=world.secretariat)
    services.close_poll(poll=poll, by=world.presidium)
    return poll


def ids(poll):
    return [c.rules_id for c in poll.candidates.order_by("order")]


def test_two_matching_entries_settle_a_ballot(world, paper_poll):
    a, b = world.counters
    content = paper_content(marks={ids(paper_poll)[0]: "for"}, write_ins=[])
    enter_paper_ballot(poll=paper_poll, serial="0001", content=content, by=a)
    assert unsettled_serials(poll=paper_poll) == ["0001"]
    enter_paper_ballot(poll=paper_poll, serial="0001", content=content, by=b)
    assert PaperBallot.objects.get(serial="0001").content == content
    assert unsettled_serials(poll=paper_poll) == []


def test_the_same_counter_cannot_enter_a_ballot_twice(world, paper_poll):
    content = paper_content(marks={}, write_ins=[])
    enter_paper_ballot(poll=paper_poll, serial="0001", content=content, by=world.counters[0])
    with pytest.raises(Refused, match="另一名计票人"):
        enter_paper_ballot(poll=paper_poll, serial="0001", content=content,
                           by=world.counters[0])


def test_someone_without_a_counting_role_cannot_enter(world, paper_poll):
    with pytest.raises(NotAllowed):
        enter_paper_ballot(poll=paper_poll, serial="0001",
                           content=paper_content(marks={}, write_ins=[]), by=world.presidium)


def test_a_mismatch_is_listed_until_a_scrutineer_settles_it_then_the_count_runs(
    world, paper_poll
):
    a, b = world.counters
    first, second, *_ = ids(paper_poll)
    reads = [
        ("0001", {first: "for"}, {first: "for"}),
        ("0002", {first: "for"}, {second: "for"}),  # the counters disagree
    ]
    for serial, one, two in reads:
        enter_paper_ballot(poll=paper_poll, serial=serial,
                           content=paper_content(marks=one, write_ins=[]), by=a)
        enter_paper_ballot(poll=paper_poll, serial=serial,
                           content=paper_content(marks=two, write_ins=[]), by=b)
    spoiled = paper_content(marks={}, write_ins=[], invalid_reason="字迹无法辨认")
    enter_paper_ballot(poll=paper_poll, serial="0003", content=spoiled, by=a)
    enter_paper_ballot(poll=paper_poll, serial="0003", content=spoiled, by=b)
    assert [m.serial for m in mismatches(poll=paper_poll)] == ["0002"]
    with pytest.raises(CountIncomplete, match="0002"):
        services.count_poll(poll=paper_poll, by=world.presidium)
    with pytest.raises(NotAllowed):
        settle_mismatch(poll=paper_poll, serial="0002",
                        content=paper_content(marks={first: "for"}, write_ins=[]), by=a)
    settle_mismatch(poll=paper_poll, serial="0002",
                    content=paper_content(marks={first: "for"}, write_ins=[]),
                    by=world.scrutineer)
    services.count_poll(poll=paper_poll, by=world.presidium)
    paper_poll.refresh_from_db()
    assert (paper_poll.result["valid"], paper_poll.result["invalid"]) == (2, 1)
    top = paper_poll.result["results"][0]
    assert (top["id"], top["for"]) == (first, 2)


def test_the_count_waits_until_every_returned_ballot_is_entered(world, paper_poll):
    content = paper_content(marks={}, write_ins=[])
    for counter in world.counters:
        enter_paper_ballot(poll=paper_poll, serial="0001", content=content, by=counter)
    with pytest.raises(CountIncomplete, match="收回 3 张"):
        services.count_poll(poll=paper_poll, by=world.presidium)
