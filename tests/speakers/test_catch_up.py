"""A screen that hears a speakers change refetches: the page's reducer (run under node)
asks for a fresh snapshot, and the fresh one carries the list's new revision, which is what
the hall screen compares before rereading its speakers panel."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from dahui.congress import services as congress_services
from dahui.live.events import congress_group
from dahui.live.snapshot import build_snapshot
from dahui.speakers import services
from tests.live.reducer import reduce_all

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_speakers_change_asks_for_a_fresh_snapshot_which_shows_it(
        item, delegate_record, a_delegate, the_admin, the_chair):
    congress = item.congress
    congress_services.set_current_item(congress=congress, item=item, by=the_admin)
    speech = services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(congress_group(congress.pk), channel)
    old = build_snapshot(congress, with_attendance=True)

    services.start_speech(speech=speech, by=the_chair)
    message = async_to_sync(layer.receive)(channel)
    assert message["event"] == {"type": "speakers.changed", "congress_id": congress.pk,
                                "list_id": old["speakers"]["list_id"], "item_id": item.pk}
    forwarded = {"type": "event", "epoch": message["epoch"], "seq": message["seq"],
                 "event": message["event"]}
    assert reduce_all([(old, [forwarded])]) == [None]
    fresh = build_snapshot(congress, with_attendance=True)
    assert fresh["speakers"]["revision"] == old["speakers"]["revision"] + 1
