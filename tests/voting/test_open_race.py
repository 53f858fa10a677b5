"""Opening a poll while the desk checks people in: the electorate and issued agree.

The count of issued ballots and the electorate were two queries; a check-in committed
between them had a ballot that was never counted (more eligible than issued, and a vote
made void). Here desk check-ins run in threads on their own connections while the poll
opens, with the window between the two steps held open, over many trials.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from dahui.congress.models import PlenarySession
from dahui.congress.services import check_in
from dahui.elections import services
from dahui.elections.models import Method
from dahui.voting import services as voting
from dahui.voting.models import Eligibility
from tests.concurrency import fresh_pool_afterwards  # noqa: F401 (autouse)
from tests.elections.people import build_world, make_delegate

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TRIALS = 12
LATE = 24  # delegates checking in while the poll opens, per trial


def test_issued_always_equals_the_electorate_with_check_ins_racing_the_opening(
    postgres, monkeypatch
):
    world = build_world(delegates=10, checked_in=8)
    delegation = world.delegates[0].delegation
    late = [make_delegate(world.congress, delegation, f"迟到{n}") for n in range(LATE * TRIALS)]
    freeze = voting.freeze_electorate

    def slow_freeze(*, poll):
        time.sleep(0.02)  # what a busy server does between the two steps
        return freeze(poll=poll)

    monkeypatch.setattr(voting, "freeze_electorate", slow_freeze)
    outcomes = []
    for trial in range(TRIALS):
        session = PlenarySession.objects.create(
            congress=world.congress, number=trial + 2, title=f"第{trial + 2}次全体会议",
            starts_at=timezone.now())
        for delegate in world.delegates[:8]:
            check_in(delegate=delegate, session=session, by=world.secretariat)
        motion = services.create_motion(congress=world.congress, title=f"决议{trial}",
                                        kind="report", by=world.secretariat)
        poll = services.create_motion_poll(motion=motion, session=session,
                                           method=Method.ELECTRONIC, by=world.secretariat)
        arriving = late[trial * LATE:(trial + 1) * LATE]
        start = threading.Barrier(4)

        def desk(people, session=session, start=start):
            try:
                start.wait()
                for delegate in people:
                    check_in(delegate=delegate, session=session, by=world.secretariat)
                    time.sleep(0.002)
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=3) as desks:
            jobs = [desks.submit(desk, arriving[n::3]) for n in range(3)]
            start.wait()
            time.sleep(0.01 + 0.002 * trial)
            services.open_poll(poll=poll, by=world.secretariat)
            for job in jobs:
                job.result(timeout=60)
        poll.refresh_from_db()
        outcomes.append((poll.issued, Eligibility.objects.filter(poll=poll).count()))
    assert all(issued == eligible for issued, eligible in outcomes), outcomes
    # The check-ins did race the opening: some trials caught only part of the late arrivals.
    assert any(8 < issued < 8 + LATE for issued, _eligible in outcomes), outcomes
