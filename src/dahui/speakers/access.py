"""Who may do what with speakers lists, in the terms of `congress.access`: roles in, a
Need table, gates that load the object and refuse with PermissionDenied (Http404 when it
does not exist).

- every participant reads an item's list (delegates and 列席 on their phones);
- a delegate (正式/特邀) asks for the floor and withdraws; 列席 do not;
- the secretariat keeps the list (adds, reorders, removes, draws, sets the limits);
- the presidium and the secretariat give and end the floor;
- staff read the record of speeches and export it.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404

from dahui.congress.access import ALL_ROLES, DELEGATE, STAFF_ROLES, roles_of
from dahui.congress.models import AgendaItem, Congress, Delegate, Role
from dahui.speakers.models import Speech


class SpeakersNeed(StrEnum):
    READ = "read"
    ASK = "ask"
    KEEP = "keep"
    FLOOR = "floor"
    RECORD = "record"


NEEDS: dict[SpeakersNeed, frozenset[str]] = {
    SpeakersNeed.READ: ALL_ROLES,
    SpeakersNeed.ASK: frozenset({DELEGATE}),
    SpeakersNeed.KEEP: frozenset({Role.SECRETARIAT}),
    SpeakersNeed.FLOOR: frozenset({Role.SECRETARIAT, Role.PRESIDIUM}),
    SpeakersNeed.RECORD: STAFF_ROLES,
}


def abilities(user, congress: Congress) -> dict[str, bool]:
    roles = roles_of(user, congress)
    return {need.value: bool(roles & allowed) for need, allowed in NEEDS.items()}


def _require(user, congress: Congress, need: SpeakersNeed) -> None:
    if not roles_of(user, congress) & NEEDS[need]:
        raise PermissionDenied(f"needs speakers {need.value} in congress {congress.pk}")


def access_speakers(user, congress_id: int, *, need: SpeakersNeed) -> Congress:
    try:
        congress = Congress.objects.get(pk=congress_id)
    except Congress.DoesNotExist:
        raise Http404(f"no congress {congress_id}") from None
    _require(user, congress, need)
    return congress


def access_item_speakers(user, congress_id: int, item_id: int, *,
                         need: SpeakersNeed) -> AgendaItem:
    item = AgendaItem.objects.select_related("congress", "session").filter(
        pk=item_id, congress_id=congress_id).first()
    if item is None:
        raise Http404(f"no agenda item {item_id} in congress {congress_id}")
    _require(user, item.congress, need)
    return item


def access_speech(user, congress_id: int, speech_id: int, *, need: SpeakersNeed) -> Speech:
    speech = Speech.objects.select_related(
        "speakers_list__congress", "speakers_list__agenda_item", "delegate").filter(
        pk=speech_id, speakers_list__congress_id=congress_id).first()
    if speech is None:
        raise Http404(f"no speech {speech_id} in congress {congress_id}")
    _require(user, speech.speakers_list.congress, need)
    return speech


def asking_delegate(user, item: AgendaItem) -> Delegate:
    """The delegate behind a user who passed ASK on this item's congress."""
    delegate = Delegate.objects.select_related("delegation").filter(
        user_id=user.pk, congress_id=item.congress_id).first()
    if delegate is None:
        raise PermissionDenied("not a delegate of this congress")
    return delegate
