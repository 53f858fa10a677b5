"""Typed live events. Services publish them on commit; consumers only forward them.

Every event belongs to one congress and is sent to that congress's group, where the hall
screen, the secretariat's dashboard and the delegates' phones listen. Events carry ids, not
data: a receiver fetches what it shows through the same selectors (and access gates) as a
page load, so an event can never leak what its receiver may not see.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any, ClassVar

from django.db import transaction

log = logging.getLogger(__name__)


def congress_group(congress_id: int) -> str:
    return f"congress.{congress_id}"


def progress_group(congress_id: int) -> str:
    """Voting progress goes only to those who show it (hall screen, staff), not to every
    phone: at 3,000 phones and a few counts a second it would be most of a worker's work."""
    return f"congress.{congress_id}.progress"


@dataclass(frozen=True, kw_only=True)
class Event:
    type: ClassVar[str]
    congress_id: int

    def payload(self) -> dict[str, Any]:
        return {"type": self.type, **asdict(self)}


@dataclass(frozen=True, kw_only=True)
class AttendanceChanged(Event):
    type: ClassVar[str] = "attendance.changed"
    session_id: int


@dataclass(frozen=True, kw_only=True)
class AgendaMoved(Event):
    type: ClassVar[str] = "agenda.moved"
    item_id: int | None


@dataclass(frozen=True, kw_only=True)
class RosterChanged(Event):
    type: ClassVar[str] = "roster.changed"


@dataclass(frozen=True, kw_only=True)
class PollOpened(Event):
    type: ClassVar[str] = "poll.opened"
    poll_id: int


@dataclass(frozen=True, kw_only=True)
class PollClosed(Event):
    type: ClassVar[str] = "poll.closed"
    poll_id: int


@dataclass(frozen=True, kw_only=True)
class VotingProgress(Event):
    type: ClassVar[str] = "poll.progress"
    poll_id: int
    returned: int
    issued: int


@dataclass(frozen=True, kw_only=True)
class ResultPublished(Event):
    type: ClassVar[str] = "result.published"
    poll_id: int


@dataclass(frozen=True, kw_only=True)
class DiscussionSummaryChanged(Event):
    """A group's discussion summary (讨论情况) of an item was saved, submitted or reopened."""

    type: ClassVar[str] = "discussion.summary"
    group_id: int
    item_id: int


@dataclass(frozen=True, kw_only=True)
class SpeakersChanged(Event):
    """A speakers list changed: a request, the order, a speech started or stopped."""

    type: ClassVar[str] = "speakers.changed"
    list_id: int
    item_id: int | None


@dataclass(frozen=True, kw_only=True)
class ProposalChanged(Event):
    """A delegate's proposal moved (handed in, reviewed, answered …), or the proposal
    counts were put on or taken off the hall screen (`proposal_id` None)."""

    type: ClassVar[str] = "proposal.changed"
    proposal_id: int | None


EVENT_TYPES: dict[str, type[Event]] = {
    cls.type: cls
    for cls in (
        AttendanceChanged,
        AgendaMoved,
        RosterChanged,
        PollOpened,
        PollClosed,
        VotingProgress,
        ResultPublished,
        DiscussionSummaryChanged,
        SpeakersChanged,
        ProposalChanged,
    )
}


def publish(event: Event) -> bool:
    """Send now (voting progress: soon, coalesced; see `live.progress`). A channel layer
    that is down must not undo or fail the change itself: receivers catch up from a fresh
    snapshot when they reconnect or poll."""
    if isinstance(event, VotingProgress) and shared_layer():
        return _progress().offer(event)
    return send_now(event)


def shared_layer() -> bool:
    """Whether the layer is Redis (safe to use from the coalescing thread's own loop)."""
    from channels.layers import get_channel_layer

    return hasattr(get_channel_layer(), "connection")


def send_now(event: Event) -> bool:
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        async_to_sync(_numbered_send)(layer, event)
    except Exception:  # any layer failure is logged, never raised
        log.warning("live event %s not delivered", event.type, exc_info=True)
        return False
    return True


async def _numbered_send(layer: Any, event: Event) -> None:
    """Number the event in its congress's stream, then send it: receivers apply events in
    that order and fetch a fresh snapshot when a number is missing (see `live.sequence`)."""
    from dahui.live import sequence

    if isinstance(event, VotingProgress):
        # Unnumbered: a count only grows and the next one follows shortly, so a receiver
        # applies it where it can and never refetches a snapshot over a missed one.
        await layer.group_send(
            progress_group(event.congress_id),
            {"type": "live.event", "event": event.payload(), "epoch": None, "seq": None},
        )
        return
    position = await sequence.advance(layer, event.congress_id)
    await layer.group_send(
        congress_group(event.congress_id),
        {"type": "live.event", "event": event.payload(), **position.as_dict()},
    )


def _send_on_loop(event: Event, loop: Any) -> bool:
    from channels.layers import get_channel_layer

    try:
        loop.run_until_complete(_numbered_send(get_channel_layer(), event))
    except Exception:  # any layer failure is logged, never raised
        log.warning("live event %s not delivered", event.type, exc_info=True)
        return False
    return True


_coalescer = None


def _progress():
    global _coalescer
    if _coalescer is None:
        from dahui.live.progress import ProgressCoalescer, participations

        _coalescer = ProgressCoalescer(send=_send_on_loop, recount=participations)
    return _coalescer


def publish_on_commit(event: Event) -> None:
    """Publish once the surrounding transaction commits (never for a rolled-back change)."""
    transaction.on_commit(partial(publish, event))
