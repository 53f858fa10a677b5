"""Voting progress reaches the hall coalesced, and its last word is the true count."""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
import time
import uuid
from dataclasses import dataclass

import pytest
from channels.layers import get_channel_layer

from dahui.congress.models import Attendance, DelegateStatus, Delegation
from dahui.elections import services as elections
from dahui.elections.models import Method
from dahui.live.events import congress_group, progress_group
from dahui.live.progress import ProgressCoalescer
from dahui.live.snapshot import build_snapshot
from dahui.voting.services import cast_ballot
from tests.live.conftest import _delegate
from tests.live.reducer import reduce_all


@dataclass(frozen=True)
class Progress:
    poll_id: int
    returned: int
    issued: int = 10


def test_a_burst_of_casts_becomes_a_few_sends_carrying_the_recounted_total():
    sent: list[Progress] = []
    done = threading.Event()
    counted = {"n": 0}

    def send(event, loop) -> bool:
        sent.append(event)
        if event.returned == 500:
            done.set()
        return True

    coalescer = ProgressCoalescer(send=send, recount=lambda poll_id: counted["n"], interval=0.05)
    for n in range(1, 501):
        counted["n"] = n
        coalescer.offer(Progress(poll_id=1, returned=n - 3))  # a count that missed neighbours
        if n % 100 == 0:
            time.sleep(0.02)
    assert done.wait(5)
    assert len(sent) < 60
    assert sent[-1] == Progress(poll_id=1, returned=500)


class RedisListener:
    """Listens to a congress group on its own thread and event loop (a Redis layer must
    receive on one loop), as a consumer on another worker would."""

    def __init__(self, congress_id: int) -> None:
        self.messages: queue.Queue = queue.Queue()
        ready = threading.Event()

        async def listen() -> None:
            self._loop, self._task = asyncio.get_running_loop(), asyncio.current_task()
            layer = get_channel_layer()
            channel = await layer.new_channel()
            await layer.group_add(congress_group(congress_id), channel)
            await layer.group_add(progress_group(congress_id), channel)  # as the screen does
            ready.set()
            while True:
                message = await layer.receive(channel)
                self.messages.put({"type": "event", "epoch": message["epoch"],
                                   "seq": message["seq"], "event": message["event"]})

        def run() -> None:
            with contextlib.suppress(asyncio.CancelledError):
                asyncio.run(listen())

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        assert ready.wait(5)

    def close(self) -> None:
        """Stop listening before the test's layer and database go away."""
        self._loop.call_soon_threadsafe(self._task.cancel)
        self._thread.join(5)

    def take(self, count: int) -> list[dict]:
        return [self.messages.get(timeout=5) for _ in range(count)]

    def until(self, last) -> list[dict]:
        taken = [self.messages.get(timeout=5)]
        while not last(taken[-1]):
            taken.append(self.messages.get(timeout=5))
        return taken


@pytest.fixture
def redis_layer(settings, redis_server_url):
    """The production layer: progress is coalesced only where workers share Redis."""
    settings.CHANNEL_LAYERS = {"default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": [redis_server_url], "prefix": f"dahui-test-{uuid.uuid4().hex[:8]}"},
    }}


@pytest.mark.django_db(transaction=True)
def test_progress_applied_to_the_snapshot_taken_at_opening_equals_a_fresh_one(hall, redis_layer):
    delegation = Delegation.objects.get(congress=hall.congress)
    voters = [hall.delegate] + [
        _delegate(hall.congress, delegation, f"01{n:02d}", f"代表{n}", DelegateStatus.FORMAL)
        for n in range(5)
    ]
    for voter in voters:
        Attendance.objects.create(session=hall.session, delegate=voter,
                                  checked_in_at=hall.session.starts_at, method="desk")
    motion = elections.create_motion(congress=hall.congress, title="关于工作报告的决议",
                                     kind="report", by=hall.secretary)
    poll = elections.create_motion_poll(motion=motion, session=hall.session,
                                        method=Method.ELECTRONIC, by=hall.secretary)
    listener = RedisListener(hall.congress.pk)
    elections.open_poll(poll=poll, by=hall.secretary)
    assert listener.take(1)[0]["event"]["type"] == "poll.opened"
    at_opening = build_snapshot(hall.congress, with_attendance=False)
    assert at_opening["polls"][0]["returned"] == 0
    for voter in voters:
        cast_ballot(poll=poll, voter=voter, choices={"vote": "for"},
                    idempotency_key=str(uuid.uuid4()))
    messages = listener.until(lambda m: m["event"].get("returned") == len(voters))
    assert [m["event"]["type"] for m in messages] == ["poll.progress"] * len(messages), messages
    assert len(messages) < len(voters)  # coalesced
    fresh = build_snapshot(hall.congress, with_attendance=False)
    assert fresh["polls"][0] == {"id": poll.pk, "title": "关于工作报告的决议", "state": "open",
                                 "method": "electronic", "issued": 6, "returned": 6}
    listener.close()
    assert reduce_all([(at_opening, messages)]) == [fresh]
