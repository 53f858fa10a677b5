"""The state a live page starts from: what the hall screen, dashboard and phones show.

A snapshot is read through the congress selectors, after the position of the event stream:
every event numbered up to `seq` is already in it, and later ones are applied on top by the
client's reducer (`static/dahui/live/reducer.js`). Reading the position first errs on the
safe side: an event numbered after it may already be in the data, and applying it again
changes nothing, because events set values rather than add to them.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db.models import Count

from dahui.congress import selectors
from dahui.congress.models import Congress, Delegate
from dahui.elections.models import Method, Poll, PollState
from dahui.elections.selectors import open_polls_for
from dahui.live import sequence
from dahui.live.hall import hall_stage
from dahui.speakers.selectors import live_state


def stream_position(congress_id: int) -> dict[str, Any]:
    """The stream's position, or nulls when the layer is unreachable: the client then
    cannot detect gaps and refetches on every event it cannot apply by itself."""
    layer = get_channel_layer()
    if layer is None:
        return {"epoch": None, "seq": None}
    try:
        return async_to_sync(sequence.current)(layer, congress_id).as_dict()
    except Exception:  # Redis down: pages go on by polling
        return {"epoch": None, "seq": None}


def _attendance(congress: Congress) -> dict[str, Any] | None:
    # The session of the current agenda item, as the hall screen counts it.
    session = hall_stage(congress).session
    if session is None:
        return None
    figures = selectors.attendance_figures(session)
    return {
        "session_id": figures.session_id,
        "entitled": figures.entitled,
        "present": figures.present,
        "on_leave": figures.on_leave,
        "absent": figures.absent,
        "quorum_required": figures.quorum_required,
        "has_quorum": figures.has_quorum,
    }


def _polls(congress: Congress) -> list[dict[str, Any]]:
    """Every poll past its draft: what it is, where it stands, how many have voted."""
    polls = (
        Poll.objects.filter(congress=congress)
        .exclude(state=PollState.DRAFT)
        .select_related("election", "motion")
        .annotate(cast=Count("participations"))
        .order_by("id")
    )
    return [
        {
            "id": poll.pk, "title": poll.title, "state": poll.state, "method": poll.method,
            "issued": poll.issued,
            # While an electronic poll is open, returned is what has been cast so far.
            "returned": poll.cast if poll.method == Method.ELECTRONIC and poll.returned is None
            else poll.returned,
        }
        for poll in polls
    ]


def _ballots(delegate: Delegate) -> list[dict[str, Any]]:
    """The open polls in which this delegate holds a ballot, and whether they have cast it:
    what their vote list shows, so a poll opening puts its link on the phone."""
    return [{"id": poll.pk, "title": poll.title, "voted": poll.voted}
            for poll in open_polls_for(delegate)]


def build_snapshot(congress: Congress, *, with_attendance: bool,
                   delegate: Delegate | None = None) -> dict[str, Any]:
    """The congress as a live page shows it. Attendance figures go only to the staff and
    the hall screen (`with_attendance`), as on the pages themselves; a delegate also gets
    their own ballots (`ballots`, None for anyone else)."""
    position = stream_position(congress.pk)
    congress.refresh_from_db(fields=["current_item", "current_item_since"])
    return {
        "congress_id": congress.pk,
        **position,
        "current_item_id": congress.current_item_id,
        "agenda": [
            {"id": item.pk, "order": item.order, "kind": item.kind, "title": item.title,
             "presenter": item.presenter}
            for item in selectors.agenda(congress).prefetch_related(None)
        ],
        "attendance": _attendance(congress) if with_attendance else None,
        "polls": _polls(congress),
        "ballots": _ballots(delegate) if delegate is not None else None,
        "speakers": live_state(congress),
    }
