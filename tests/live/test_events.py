"""Live events are sent on commit, never for a rolled-back change, and never break it."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from dahui.live.events import (
    EVENT_TYPES,
    AttendanceChanged,
    PollOpened,
    congress_group,
    publish,
    publish_on_commit,
)


def _listen(congress_id: int) -> tuple[object, str]:
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(congress_group(congress_id), channel)
    return layer, channel


def _receive(layer, channel) -> dict:
    return async_to_sync(layer.receive)(channel)


def test_every_event_type_is_registered_once_and_serialises():
    assert set(EVENT_TYPES) == {cls.type for cls in EVENT_TYPES.values()}
    payload = PollOpened(congress_id=1, poll_id=9).payload()
    assert payload == {"type": "poll.opened", "congress_id": 1, "poll_id": 9}


@pytest.mark.django_db(transaction=True)
def test_event_reaches_the_congress_group_after_commit():
    layer, channel = _listen(4)
    with transaction.atomic():
        publish_on_commit(AttendanceChanged(congress_id=4, session_id=2))
    message = _receive(layer, channel)
    assert message["event"] == {"type": "attendance.changed", "congress_id": 4, "session_id": 2}


@pytest.mark.django_db(transaction=True)
def test_rolled_back_change_publishes_nothing():
    layer, channel = _listen(5)

    def failing_change() -> None:
        with transaction.atomic():
            publish_on_commit(PollOpened(congress_id=5, poll_id=1))
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    publish(PollOpened(congress_id=5, poll_id=2))
    assert _receive(layer, channel)["event"]["poll_id"] == 2


def test_a_broken_layer_is_logged_not_raised(monkeypatch, caplog):
    class Broken:
        async def group_send(self, group, message):
            raise ConnectionError("redis is down")

    monkeypatch.setattr("channels.layers.get_channel_layer", lambda: Broken())
    assert publish(PollOpened(congress_id=1, poll_id=1)) is False
    assert "not delivered" in caplog.text


def test_events_cross_processes_through_redis(redis_server_url):
    from channels_redis.core import RedisChannelLayer

    sender = RedisChannelLayer(hosts=[redis_server_url], prefix="dahui-test")
    receiver = RedisChannelLayer(hosts=[redis_server_url], prefix="dahui-test")

    async def roundtrip() -> dict:
        channel = await receiver.new_channel()
        await receiver.group_add(congress_group(77), channel)
        await sender.group_send(
            congress_group(77),
            {"type": "live.event", "event": PollOpened(congress_id=77, poll_id=3).payload()},
        )
        message = await receiver.receive(channel)
        await receiver.group_discard(congress_group(77), channel)
        await sender.flush()
        return message

    assert async_to_sync(roundtrip)()["event"]["poll_id"] == 3
