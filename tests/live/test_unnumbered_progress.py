"""Voting progress travels unnumbered: applied where it can be, never a reason to refetch."""

from __future__ import annotations

from tests.live.reducer import reduce_all

OPEN = {"congress_id": 1, "epoch": "e1", "seq": 7, "current_item_id": None, "agenda": [],
        "attendance": None,
        "polls": [{"id": 5, "title": "决议", "state": "open", "method": "electronic",
                   "issued": 300, "returned": 10}]}


def progress(poll_id: int, returned: int) -> dict:
    return {"type": "event", "epoch": None, "seq": None,
            "event": {"type": "poll.progress", "congress_id": 1, "poll_id": poll_id,
                      "returned": returned, "issued": 300}}


def test_a_count_is_applied_without_moving_the_stream_position():
    [after] = reduce_all([(OPEN, [progress(5, 42)])])
    assert after["seq"] == 7
    assert after["polls"][0]["returned"] == 42


def test_an_older_count_arriving_late_does_not_lower_the_figure():
    [after] = reduce_all([(OPEN, [progress(5, 42), progress(5, 40)])])
    assert after["polls"][0]["returned"] == 42


def test_a_count_for_a_poll_the_page_does_not_know_changes_nothing_and_asks_for_nothing():
    assert reduce_all([(OPEN, [progress(9, 3)])]) == [OPEN]


def test_numbered_events_around_counts_still_apply_in_order():
    moved = {"type": "event", "epoch": "e1", "seq": 8,
             "event": {"type": "agenda.moved", "congress_id": 1, "item_id": None}}
    assert reduce_all([(OPEN, [progress(5, 20), moved])]) == [None]  # the move needs a fetch
