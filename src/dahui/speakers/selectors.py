"""Reading speakers lists: the board a page shows, what the hall screen shows, the speeches
that go into the minutes and the export. Who may read what is the access gates' business
(`speakers.access`); everything here is for a caller that already passed one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from dahui.congress.models import AgendaItem, Congress, Delegate, PlenarySession
from dahui.documents.minutes import SpeechRecord
from dahui.rules import speaking
from dahui.speakers.models import ON_LIST, SpeakersList, Speech, SpeechKind, SpeechState

NEXT_ON_SCREEN = 3


@dataclass
class Board:
    item: AgendaItem
    speakers_list: SpeakersList | None
    running: Speech | None = None
    waiting: list[Speech] = field(default_factory=list)  # in the order they are called
    done: list[Speech] = field(default_factory=list)  # in the order they spoke

    @property
    def speech_seconds(self) -> int | None:
        return self.speakers_list.speech_seconds if self.speakers_list else None


def in_order(speeches: list[Speech]) -> list[Speech]:
    """Waiting speeches in the order the chair calls them (`rules.speaking`)."""
    by_id = {speech.pk: speech for speech in speeches}
    return [by_id[pk] for pk in speaking.speaking_order([
        speaking.Waiting(id=s.pk, point_of_order=s.point_of_order, position=s.position)
        for s in speeches])]


def board(item: AgendaItem) -> Board:
    speakers_list = SpeakersList.objects.filter(agenda_item=item).first()
    if speakers_list is None:
        return Board(item=item, speakers_list=None)
    speeches = list(speakers_list.speeches.filter(
        state__in=(*ON_LIST, SpeechState.DONE)).select_related("delegate"))
    return Board(
        item=item, speakers_list=speakers_list,
        running=next((s for s in speeches if s.state == SpeechState.SPEAKING), None),
        waiting=in_order([s for s in speeches if s.state == SpeechState.WAITING]),
        done=sorted((s for s in speeches if s.state == SpeechState.DONE),
                    key=lambda s: (s.started_at, s.pk)),
    )


def own_speech(item: AgendaItem, delegate: Delegate) -> Speech | None:
    """The delegate's request on this item while it is waiting or running."""
    return Speech.objects.filter(speakers_list__agenda_item=item, delegate=delegate,
                                 state__in=ON_LIST).first()


def place_in_line(current: Board, speech: Speech | None) -> int | None:
    """1 for the next to be called, … (None when not waiting)."""
    if speech is None or speech.state != SpeechState.WAITING:
        return None
    ids = [s.pk for s in current.waiting]
    return ids.index(speech.pk) + 1 if speech.pk in ids else None


def items_with_lists(congress: Congress) -> list[tuple[AgendaItem, SpeakersList | None]]:
    lists = {sl.agenda_item_id: sl for sl in SpeakersList.objects.filter(congress=congress)
             .annotate(waiting_count=Count("speeches", filter=Q(
                           speeches__state=SpeechState.WAITING)),
                       done_count=Count("speeches", filter=Q(
                           speeches__state=SpeechState.DONE)))}
    return [(item, lists.get(item.pk))
            for item in congress.agenda_items.select_related("session").order_by("order", "id")]


def _millis(moment) -> int:
    return int(moment.timestamp() * 1000)


def _person(speech: Speech) -> dict[str, Any]:
    return {"id": speech.pk, "name": speech.name, "affiliation": speech.affiliation,
            "point_of_order": speech.point_of_order,
            "kind": str(SpeechKind(speech.kind).label)}


def hall_speakers(item: AgendaItem | None) -> dict[str, Any] | None:
    """The speaker and countdown for the hall screen, or None when the item has no one on
    its list. The countdown runs in the browser from `started_at` and `limit` (epoch
    milliseconds and seconds) against `now`, the server's clock when this was read; the
    amber and red points come from the rules (`warning_from`, `limit`)."""
    if item is None:
        return None
    current = board(item)
    if current.speakers_list is None or (current.running is None and not current.waiting):
        return None
    running = None
    if current.running is not None:
        limit = current.running.limit_seconds
        running = {**_person(current.running), "started_at": _millis(current.running.started_at),
                   "limit": limit, "warning_from": speaking.warning_from(limit)}
    return {
        "list_id": current.speakers_list.pk,
        "revision": current.speakers_list.revision,
        "now": _millis(timezone.now()),
        "current": running,
        "next": [_person(s) for s in current.waiting[:NEXT_ON_SCREEN]],
        "waiting": len(current.waiting),
    }


def live_state(congress: Congress) -> dict[str, Any] | None:
    """What a live page compares to know that the current item's list changed."""
    if not congress.current_item_id:
        return None
    found = (SpeakersList.objects.filter(agenda_item_id=congress.current_item_id)
             .values("pk", "revision").first())
    return {"list_id": found["pk"], "revision": found["revision"]} if found else None


def speeches_done(*, congress: Congress, session: PlenarySession | None = None,
                  item: AgendaItem | None = None):
    """Finished speeches in the order the agenda took them and they were given."""
    speeches = Speech.objects.filter(speakers_list__congress=congress, state=SpeechState.DONE)
    if session is not None:
        speeches = speeches.filter(speakers_list__agenda_item__session=session)
    if item is not None:
        speeches = speeches.filter(speakers_list__agenda_item=item)
    return speeches.select_related("speakers_list__agenda_item__session", "delegate").order_by(
        "speakers_list__agenda_item__order", "speakers_list__agenda_item_id", "started_at", "id")


def speech_records(session: PlenarySession) -> list[SpeechRecord]:
    """The session's speeches as the minutes list them."""
    return [
        SpeechRecord(item=s.speakers_list.agenda_item.title, name=s.name,
                     affiliation=s.affiliation, point_of_order=s.point_of_order,
                     seconds=s.seconds)
        for s in speeches_done(congress=session.congress, session=session)
    ]
