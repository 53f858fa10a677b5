"""Paper ballots: two counters enter each ballot by its number in the stack; mismatches
wait for a scrutineer; a scrutineer can discard an entry."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dahui.audit.models import AuditEntry
from dahui.elections import services
from dahui.elections.errors import CountIncomplete, NotAllowed, Refused
from dahui.elections.models import Method, PaperBallot, PaperEntry
from dahui.elections.paper import (
    discard_entry,
    enter_paper_ballot,
    mismatches,
    paper_content,
    positions,
    reading_rows,
    settle_mismatch,
    settled_contents,
    unsettled_positions,
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
    enter_paper_ballot(poll=paper_poll, position=1, content=content, by=a)
    assert unsettled_positions(poll=paper_poll) == [1]
    enter_paper_ballot(poll=paper_poll, position=1, content=content, by=b)
    assert settled_contents(poll=paper_poll) == [content]
    assert unsettled_positions(poll=paper_poll) == []


def test_the_same_counter_cannot_enter_a_ballot_twice(world, paper_poll):
    content = paper_content(marks={}, write_ins=[])
    enter_paper_ballot(poll=paper_poll, position=1, content=content, by=world.counters[0])
    with pytest.raises(Refused, match="另一名计票人"):
        enter_paper_ballot(poll=paper_poll, position=1, content=content,
                           by=world.counters[0])


def test_a_third_entry_of_a_position_is_refused(world, paper_poll):
    content = paper_content(marks={}, write_ins=[])
    for counter in world.counters:
        enter_paper_ballot(poll=paper_poll, position=2, content=content, by=counter)
    with pytest.raises(Refused, match="已录入两次"):
        enter_paper_ballot(poll=paper_poll, position=2, content=content, by=world.scrutineer)
    assert PaperEntry.objects.filter(poll=paper_poll, position=2).count() == 2


@pytest.mark.parametrize("position", ["0", "-1", "abc", "", "4", "1.5", "9999999"])
def test_a_position_outside_the_returned_stack_is_refused_and_nothing_stored(
    world, paper_poll, position
):
    with pytest.raises(Refused, match="序号"):
        enter_paper_ballot(poll=paper_poll, position=position,
                           content=paper_content(marks={}, write_ins=[]), by=world.counters[0])
    assert not PaperEntry.objects.exists()


def test_someone_without_a_counting_role_cannot_enter(world, paper_poll):
    with pytest.raises(NotAllowed):
        enter_paper_ballot(poll=paper_poll, position=1,
                           content=paper_content(marks={}, write_ins=[]), by=world.presidium)


def test_a_mismatch_is_listed_until_a_scrutineer_settles_it_then_the_count_runs(
    world, paper_poll
):
    a, b = world.counters
    first, second, *_ = ids(paper_poll)
    reads = [
        (1, {first: "for"}, {first: "for"}),
        (2, {first: "for"}, {second: "for"}),  # the counters disagree
    ]
    for position, one, two in reads:
        enter_paper_ballot(poll=paper_poll, position=position,
                           content=paper_content(marks=one, write_ins=[]), by=a)
        enter_paper_ballot(poll=paper_poll, position=position,
                           content=paper_content(marks=two, write_ins=[]), by=b)
    spoiled = paper_content(marks={}, write_ins=[], invalid_reason="字迹无法辨认")
    enter_paper_ballot(poll=paper_poll, position=3, content=spoiled, by=a)
    enter_paper_ballot(poll=paper_poll, position=3, content=spoiled, by=b)
    assert [m.number for m in mismatches(poll=paper_poll)] == [2]
    with pytest.raises(CountIncomplete, match="2"):
        services.count_poll(poll=paper_poll, by=world.presidium)
    with pytest.raises(NotAllowed):
        settle_mismatch(poll=paper_poll, position=2,
                        content=paper_content(marks={first: "for"}, write_ins=[]), by=a)
    settle_mismatch(poll=paper_poll, position=2,
                    content=paper_content(marks={first: "for"}, write_ins=[]),
                    by=world.scrutineer)
    services.count_poll(poll=paper_poll, by=world.presidium)
    paper_poll.refresh_from_db()
    assert (paper_poll.result["valid"], paper_poll.result["invalid"]) == (2, 1)
    top = paper_poll.result["results"][0]
    assert (top["id"], top["for"]) == (first, 2)


def test_a_mismatch_reads_side_by_side_with_names_not_ids(world, paper_poll):
    a, b = world.counters
    first, _second, *_ = ids(paper_poll)
    enter_paper_ballot(poll=paper_poll, position=1,
                       content=paper_content(marks={first: "for"}, write_ins=[]), by=a)
    enter_paper_ballot(poll=paper_poll, position=1,
                       content=paper_content(marks={first: "against"}, write_ins=["赵磊"]),
                       by=b)
    (mismatch,) = mismatches(poll=paper_poll)
    rows = reading_rows(paper_poll, mismatch.entries)
    as_text = repr(rows)
    assert first not in as_text
    assert "marks" not in as_text
    by_label = {row.label: row for row in rows}
    assert by_label["王敏"].readings == ("赞成 ○", "不赞成 ×")
    assert by_label["王敏"].differs
    assert by_label["李强"].readings == ("弃权", "弃权")
    assert not by_label["李强"].differs
    assert by_label["另选他人"].readings == ("", "赵磊")
    # the ballot's order: surname stroke order (王 4 strokes, 刘 6, 李 7, 张 7)
    assert [row.label for row in rows][:4] == ["王敏", "刘洋", "李强", "张伟"]


def test_a_scrutineer_discards_an_entry_with_a_reason_and_the_position_is_entered_again(
    world, paper_poll
):
    a, b = world.counters
    first, second, *_ = ids(paper_poll)
    enter_paper_ballot(poll=paper_poll, position=1,
                       content=paper_content(marks={first: "for"}, write_ins=[]), by=a)
    wrong = enter_paper_ballot(poll=paper_poll, position=1,
                               content=paper_content(marks={second: "for"}, write_ins=[]),
                               by=b)
    with pytest.raises(NotAllowed):
        discard_entry(poll=paper_poll, entry_id=wrong.pk, reason="看错行", by=a)
    with pytest.raises(Refused, match="原因"):
        discard_entry(poll=paper_poll, entry_id=wrong.pk, reason=" ", by=world.scrutineer)
    discard_entry(poll=paper_poll, entry_id=wrong.pk, reason="看错行", by=world.scrutineer)
    entry = AuditEntry.objects.filter(action="paper.entry_discarded").get()
    assert entry.data["reason"] == "看错行"
    assert entry.data["position"] == 1
    enter_paper_ballot(poll=paper_poll, position=1,
                       content=paper_content(marks={first: "for"}, write_ins=[]), by=b)
    assert settled_contents(poll=paper_poll) == [{"marks": {first: "for"}}]
    assert not PaperBallot.objects.exists()


def test_the_count_waits_until_every_returned_ballot_is_entered(world, paper_poll):
    content = paper_content(marks={}, write_ins=[])
    for counter in world.counters:
        enter_paper_ballot(poll=paper_poll, position=1, content=content, by=counter)
    with pytest.raises(CountIncomplete, match="收回 3 张"):
        services.count_poll(poll=paper_poll, by=world.presidium)


class _Rollback(Exception):
    """Undo one hypothesis example's entries (they share the test's transaction)."""


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(["enter", "discard"]), st.integers(0, 3),
                                st.integers(1, 3), st.sampled_from(["for", "against", ""])),
                      max_size=25))
def test_whatever_is_entered_or_discarded_a_position_holds_two_entries_by_two_counters_at_most(
    world, paper_poll, steps
):
    from django.db import transaction

    people = [*world.counters, world.chief, world.scrutineer]
    first = ids(paper_poll)[0]
    try:
        with transaction.atomic():
            for action, who, position, mark in steps:
                try:
                    if action == "enter":
                        enter_paper_ballot(
                            poll=paper_poll, position=position, by=people[who],
                            content=paper_content(marks={first: mark}, write_ins=[]))
                    else:
                        entry = PaperEntry.objects.filter(poll=paper_poll,
                                                          position=position).first()
                        if entry is not None:
                            discard_entry(poll=paper_poll, entry_id=entry.pk, reason="重录",
                                          by=world.scrutineer)
                except Refused:
                    pass
                for p in positions(poll=paper_poll):
                    assert len(p.entries) <= 2
                    assert len({e.counter_id for e in p.entries}) == len(p.entries)
                    # settled exactly when two entries agree (no scrutineer decided here)
                    assert (p.settled is not None) == p.agreed
                    assert p.mismatch == (len(p.entries) == 2 and not p.agreed)
            raise _Rollback
    except _Rollback:
        pass


def test_written_names_are_entered_in_the_rules_core_form_and_an_invisible_one_is_void():
    content = paper_content(marks={}, write_ins=["王\u200b敏", " 赵　磊 ", "\u200b\u2060", "ＡＢ"])
    assert content["write_ins"] == ["王敏", "赵磊", "AB"]


def test_a_name_written_where_the_rules_forbid_write_ins_is_entered_and_ignored_by_the_count(
    world
):
    from tests.elections.conftest import staff_election

    election = staff_election(world, write_ins=False)
    poll = services.create_election_poll(
        election=election, session=world.session, method=Method.PAPER, by=world.secretariat
    )
    services.open_poll(poll=poll, by=world.secretariat)
    services.record_paper_counts(poll=poll, issued=8, returned=1, by=world.secretariat)
    services.close_poll(poll=poll, by=world.presidium)
    first, *_ = ids(poll)
    stray = paper_content(marks={first: "against"}, write_ins=["赵磊"])
    for counter in world.counters:
        enter_paper_ballot(poll=poll, position=1, content=stray, by=counter)
    services.count_poll(poll=poll, by=world.presidium)
    poll.refresh_from_db()
    assert (poll.result["returned"], poll.result["valid"]) == (1, 1)
    assert not any(row["write_in"] for row in poll.result["results"])
