"""A client that missed events catches up: events applied to an old snapshot give exactly
the fresh snapshot, or the reducer asks for a fresh one. The reducer is the page's own
JavaScript, run under node on snapshots built by the server."""

from __future__ import annotations

import random

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from dahui.congress.models import Attendance, Congress
from dahui.live.events import AgendaMoved, AttendanceChanged, congress_group, publish_on_commit
from dahui.live.snapshot import build_snapshot
from tests.live.reducer import reduce_all

pytestmark = pytest.mark.django_db(transaction=True)


class Listener:
    """Collects what the congress group receives, as the consumer would forward it."""

    def __init__(self, congress_id: int) -> None:
        self.layer = get_channel_layer()
        self.channel = async_to_sync(self.layer.new_channel)()
        async_to_sync(self.layer.group_add)(congress_group(congress_id), self.channel)

    def next(self) -> dict:
        message = async_to_sync(self.layer.receive)(self.channel)
        return {"type": "event", "epoch": message["epoch"], "seq": message["seq"],
                "event": message["event"]}


def _point_at(congress: Congress, item_id: int) -> None:
    # What `congress.services.set_current_item` does, reduced to the write and its event.
    with transaction.atomic():
        Congress.objects.filter(pk=congress.pk).update(current_item_id=item_id)
        publish_on_commit(AgendaMoved(congress_id=congress.pk, item_id=item_id))


def _snapshot(hall) -> dict:
    return build_snapshot(hall.congress, with_attendance=True)


def test_moves_applied_to_any_older_snapshot_equal_the_fresh_snapshot(hall):
    listener = Listener(hall.congress.pk)
    rng = random.Random(5)
    snapshots, messages = [_snapshot(hall)], []
    for _ in range(12):
        _point_at(hall.congress, rng.choice(hall.items).pk)
        messages.append(listener.next())
        snapshots.append(_snapshot(hall))
    fresh = snapshots[-1]
    assert fresh["seq"] == snapshots[0]["seq"] + 12
    # Every older snapshot, given every message (those it already holds included), in
    # stream order and shuffled as two workers may deliver them.
    shuffled = messages[:]
    rng.shuffle(shuffled)
    cases = [(old, messages) for old in snapshots] + [(old, shuffled) for old in snapshots]
    assert reduce_all(cases) == [fresh] * len(cases)


def test_a_message_already_in_the_snapshot_changes_nothing(hall):
    listener = Listener(hall.congress.pk)
    _point_at(hall.congress, hall.items[2].pk)
    message = listener.next()
    fresh = _snapshot(hall)
    assert reduce_all([(fresh, [message])]) == [fresh]


def test_attendance_change_asks_for_a_fresh_snapshot_which_shows_it(hall):
    listener = Listener(hall.congress.pk)
    old = _snapshot(hall)
    with transaction.atomic():
        Attendance.objects.create(session=hall.session, delegate=hall.delegate,
                                  checked_in_at=hall.session.starts_at, method="desk")
        publish_on_commit(AttendanceChanged(congress_id=hall.congress.pk,
                                            session_id=hall.session.pk))
    message = listener.next()
    assert reduce_all([(old, [message])]) == [None]
    assert _snapshot(hall)["attendance"]["present"] == old["attendance"]["present"] + 1


def test_a_gap_or_another_epoch_asks_for_a_fresh_snapshot(hall):
    listener = Listener(hall.congress.pk)
    old = _snapshot(hall)
    _point_at(hall.congress, hall.items[0].pk)
    _point_at(hall.congress, hall.items[1].pk)
    first, second = listener.next(), listener.next()
    restarted = dict(first, epoch="another-epoch")
    assert reduce_all([(old, [second]), (old, [restarted])]) == [None, None]


def test_a_snapshot_taken_while_the_layer_was_down_refetches_on_any_event(hall):
    listener = Listener(hall.congress.pk)
    blind = dict(_snapshot(hall), epoch=None, seq=None)
    _point_at(hall.congress, hall.items[0].pk)
    assert reduce_all([(blind, [listener.next()])]) == [None]
