"""Voting progress, coalesced: at most a few events per poll per second, however many cast.

Every cast reports progress. Sent one by one, 3,000 casts in a second would each reach
3,000 phones: nine million messages, and four Redis round trips inside every cast request.
Instead a cast only leaves a note here (no I/O), and one background thread per process
sends the poll's progress at most every INTERVAL seconds, counting the participations
afresh when it sends. The thread keeps its own event loop, so it talks to Redis through one
connection pool; the in-memory layer (one process, the demo) is not thread-safe and gets
its progress sent at once instead (see `events.publish`).

Counting afresh matters: a count taken inside a cast's transaction misses casts committing
beside it, whereas the last send of each process comes after that
process's last commit, so the last send overall carries the final number.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

INTERVAL = 0.25


class ProgressCoalescer:
    def __init__(self, *, send: Callable[[object, asyncio.AbstractEventLoop], object],
                 recount: Callable[[int], int],
                 interval: float = INTERVAL) -> None:
        self._send = send
        self._recount = recount
        self._interval = interval
        self._due: dict[int, object] = {}
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def offer(self, event) -> bool:
        with self._wake:
            self._due[event.poll_id] = event
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="dahui-live-progress", daemon=True
                )
                self._thread.start()
            self._wake.notify()
        return True

    def _run(self) -> None:
        from django.db import connection

        loop = asyncio.new_event_loop()
        while True:
            with self._wake:
                while not self._due:
                    self._wake.wait()
                due, self._due = self._due, {}
            for event in due.values():
                self._send_fresh(event, loop)
            # Closed each round: an idle connection held by a background thread would
            # block dropping a test database and outlive a restarted PostgreSQL.
            connection.close()
            time.sleep(self._interval)

    def _send_fresh(self, event, loop: asyncio.AbstractEventLoop) -> None:
        from dataclasses import replace

        try:
            event = replace(event, returned=self._recount(event.poll_id))
        except Exception:  # the database is away: the count inside the cast will do
            log.warning("could not recount poll %s", event.poll_id, exc_info=True)
        self._send(event, loop)


def publish_progress_on_commit(*, congress_id: int, poll_id: int, issued: int) -> None:
    """After a cast commits: note the poll's progress. No count is taken inside the cast.

    With Redis the coalescing thread counts when it sends. The in-memory layer (one process,
    the embedded demo) sends at once, counting after the commit, outside the cast.
    """
    from functools import partial

    from django.db import transaction

    transaction.on_commit(partial(_progress_after_cast, congress_id, poll_id, issued))


def _progress_after_cast(congress_id: int, poll_id: int, issued: int) -> None:
    from dahui.live import events

    # Recounted by the coalescer before it is sent, so 0 is only a placeholder there.
    returned = 0 if events.shared_layer() else participations(poll_id)
    events.publish(events.VotingProgress(
        congress_id=congress_id, poll_id=poll_id, returned=returned, issued=issued,
    ))


def participations(poll_id: int) -> int:
    from dahui.voting.models import Participation

    return Participation.objects.filter(poll_id=poll_id).count()
