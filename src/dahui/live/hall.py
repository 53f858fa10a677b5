"""What the hall follows: the current agenda item, its session and its own poll.

The hall screen, the live snapshot's attendance and the results panel all read the stage
through `hall_stage`, so that 应到/实到 and the poll under the item's heading always belong
to the item on the agenda, never to the clock or to whichever poll was created last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from dahui.congress import selectors
from dahui.congress.models import AgendaItem, Congress, PlenarySession
from dahui.elections.models import Poll, PollState
from dahui.proposals.selectors import screen_counts


class Stage:
    """Where the item's poll stands, as the hall is told it."""

    OPEN = "open"  # voting: progress shown
    COUNTING = "counting"  # closed, counted or confirmed, not yet published: 计票中
    PUBLISHED = "published"  # the result is shown


def poll_stage(poll: Poll) -> str | None:
    if poll.state == PollState.OPEN:
        return Stage.OPEN
    if poll.state == PollState.PUBLISHED:
        return Stage.PUBLISHED
    if poll.state == PollState.DRAFT:
        return None
    return Stage.COUNTING


@dataclass(frozen=True)
class HallStage:
    item: AgendaItem | None
    session: PlenarySession | None
    poll: Poll | None

    @property
    def poll_stage(self) -> str | None:
        return poll_stage(self.poll) if self.poll is not None else None


def screen_language(congress: Congress) -> str:
    """The language the hall reads: the congress's own. A projector's browser often speaks
    English while the hall reads Chinese, so its Accept-Language is never asked."""
    return congress.language


def _recency(poll: Poll) -> tuple:
    """How recently a poll was acted on, as far as its minute-precise times can tell: an
    open poll first, then the latest step; within one minute a poll still being counted
    goes before a published one (its result is what the hall waits for), then the newer."""
    moments = [moment.replace(second=0, microsecond=0)
               for moment in (poll.opened_at, poll.closed_at, poll.published_at)
               if moment is not None]
    latest = max(moments) if moments else None
    return (poll.state == PollState.OPEN, latest is not None, latest or 0,
            poll.state != PollState.PUBLISHED, poll.pk)


def _unfiled_polls(item: AgendaItem, since: datetime) -> QuerySet[Poll]:
    """Polls whose motion, election or appraisal names no agenda item, opened since the item became
    current (minute-precise, like the opening time), in the item's session if it has one."""
    polls = Poll.objects.filter(
        Q(election__isnull=False, election__agenda_item__isnull=True)
        | Q(motion__isnull=False, motion__agenda_item__isnull=True)
        | Q(appraisal__isnull=False, appraisal__agenda_item__isnull=True),
        congress_id=item.congress_id,
        opened_at__gte=since.replace(second=0, microsecond=0),
    )
    return polls.filter(session_id=item.session_id) if item.session_id else polls


def item_poll(item: AgendaItem, *, current_since: datetime | None = None) -> Poll | None:
    """The poll of this agenda item the hall should see: an open one first, else the one
    acted on last (a runoff round after its first round, the second of two elections held
    under one item). Polls still in draft are nobody's business in the hall.

    An item with no poll of its own takes, given when it became current (`current_since`),
    the polls set up without an agenda item and opened while it was current."""
    own = Poll.objects.filter(Q(election__agenda_item=item) | Q(motion__agenda_item=item)
                              | Q(appraisal__agenda_item=item))
    polls = list(own.exclude(state=PollState.DRAFT)
                 .select_related("election", "motion", "appraisal", "session"))
    if not polls and current_since is not None and not own.exists():
        polls = list(_unfiled_polls(item, current_since).exclude(state=PollState.DRAFT)
                     .select_related("election", "motion", "appraisal", "session"))
    return max(polls, key=_recency) if polls else None


def hall_stage(congress: Congress) -> HallStage:
    """The current item, the session whose check-in the hall counts, and the item's poll
    (see `item_poll`).

    The session is the item's own; an item filed under no session takes its poll's; only
    with no current item at all does the clock decide (before the congress begins)."""
    item = (
        AgendaItem.objects.select_related("session").filter(pk=congress.current_item_id).first()
        if congress.current_item_id else None
    )
    poll = (item_poll(item, current_since=congress.current_item_since)
            if item is not None else None)
    if item is not None and item.session is not None:
        session = item.session
    elif poll is not None:
        session = poll.session
    else:
        session = selectors.current_session(congress)
    return HallStage(item=item, session=session, poll=poll)


def proposal_counts(congress: Congress) -> dict | None:
    """The proposal counts while the hall shows them: the secretariat put them on, or the
    proposals committee's report is the current item (`proposals.selectors.screen_counts`)."""
    return screen_counts(congress)
