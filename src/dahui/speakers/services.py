"""Every write to a speakers list: each function is one change, atomic, audited, and
publishes `SpeakersChanged` on commit. Views, the demo and the CLI call these.

Refusals are `SpeakersError` (a `ServiceError`) with a message fit to show; nothing is
stored when one is raised. Running speeches and duplicate requests are kept out by the
database (see the constraints on `Speech`), state changes are compare-and-set.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dahui.audit.services import record
from dahui.congress.models import WITHDRAWN_CREDENTIALS, AgendaItem, Congress, Delegate
from dahui.congress.person_name import BadPersonName, clean_person_name
from dahui.congress.services import ServiceError
from dahui.live.events import SpeakersChanged, publish_on_commit
from dahui.rules import speaking
from dahui.rules.errors import InvalidSetting
from dahui.speakers.models import (
    ON_LIST,
    SpeakersList,
    SpeakingDefaults,
    Speech,
    SpeechKind,
    SpeechState,
)
from dahui.speakers.selectors import in_order

MAX_AFFILIATION = 200


class SpeakersError(ServiceError):
    """A refused change to a speakers list."""


# ---- helpers -------------------------------------------------------------------------


def _subject(item: AgendaItem | None) -> str:
    return item.title if item is not None else "speakers"


def _changed(speakers_list: SpeakersList) -> None:
    """Inside the change's transaction: bump the revision, publish on commit."""
    SpeakersList.objects.filter(pk=speakers_list.pk).update(revision=F("revision") + 1)
    publish_on_commit(SpeakersChanged(congress_id=speakers_list.congress_id,
                                      list_id=speakers_list.pk,
                                      item_id=speakers_list.agenda_item_id))


def _kind(kind: str) -> str:
    if kind not in SpeechKind.values:
        raise SpeakersError(_("Unknown type of speech “%(value)s”.") % {"value": kind})
    return kind


def _limit(value: object, field: str) -> int:
    try:
        seconds = int(str(value).strip())
    except (TypeError, ValueError):
        raise SpeakersError(_("%(field)s: “%(value)s” is not a whole number of seconds.")
                            % {"field": field, "value": value}) from None
    try:
        return speaking.check_limit(seconds)
    except InvalidSetting:
        raise SpeakersError(
            _("%(field)s: the limit must be between %(low)d and %(high)d seconds.")
            % {"field": field, "low": speaking.LIMIT_MIN, "high": speaking.LIMIT_MAX}
        ) from None


def defaults_of(congress: Congress) -> SpeakingDefaults:
    """The congress's defaults (unsaved with the built-in ones if it never set any)."""
    found = SpeakingDefaults.objects.filter(congress=congress).first()
    return found or SpeakingDefaults(congress=congress)


def _list_for(item: AgendaItem, by) -> SpeakersList:
    """The item's list, made with the congress's defaults on first use (and audited)."""
    found = SpeakersList.objects.filter(agenda_item=item).first()
    if found is not None:
        return found
    defaults = defaults_of(item.congress)
    with transaction.atomic():
        try:
            with transaction.atomic():
                created = SpeakersList.objects.create(
                    congress_id=item.congress_id, agenda_item=item,
                    speech_seconds=defaults.speech_seconds,
                    point_of_order_seconds=defaults.point_of_order_seconds,
                )
        except IntegrityError:  # made by a request beside this one
            return SpeakersList.objects.get(agenda_item=item)
        record(congress=item.congress_id, actor=by, action="speakers.list_opened",
               subject=_subject(item),
               data={"speech_seconds": created.speech_seconds,
                     "point_of_order_seconds": created.point_of_order_seconds})
    return created


def _next_position(speakers_list: SpeakersList) -> int:
    top = Speech.objects.filter(speakers_list=speakers_list).aggregate(m=Max("position"))["m"]
    return (top or 0) + 1


def _locked_list(speakers_list: SpeakersList) -> SpeakersList:
    """The list row locked for the rest of the transaction: position numbers are taken
    one change at a time (a no-op lock on SQLite, whose writers queue anyway)."""
    return SpeakersList.objects.select_for_update().get(pk=speakers_list.pk)


def _describe(speech: Speech) -> dict:
    return {"speech": speech.pk, "name": speech.name, "kind": speech.kind,
            "delegate": speech.delegate.number if speech.delegate_id else None}


# ---- the congress's defaults and a list's settings ------------------------------------


def set_default_limits(*, congress: Congress, speech_seconds, point_of_order_seconds,
                       by) -> SpeakingDefaults:
    speech = _limit(speech_seconds, _("Speaking time"))
    order = _limit(point_of_order_seconds, _("Point of order time"))
    with transaction.atomic():
        defaults, _created = SpeakingDefaults.objects.update_or_create(
            congress=congress,
            defaults={"speech_seconds": speech, "point_of_order_seconds": order},
        )
        record(congress=congress, actor=by, action="speakers.defaults_set",
               subject=congress.title,
               data={"speech_seconds": speech, "point_of_order_seconds": order})
    return defaults


def open_list(*, item: AgendaItem, by) -> SpeakersList:
    return _list_for(item, by)


def set_list(*, item: AgendaItem, speech_seconds, point_of_order_seconds,
             open_for_requests: bool, by) -> SpeakersList:
    """The limits of one item's list (a running speech keeps the limit it started with)
    and whether delegates may still ask."""
    speech = _limit(speech_seconds, _("Speaking time"))
    order = _limit(point_of_order_seconds, _("Point of order time"))
    with transaction.atomic():
        speakers_list = _list_for(item, by)
        SpeakersList.objects.filter(pk=speakers_list.pk).update(
            speech_seconds=speech, point_of_order_seconds=order,
            open_for_requests=open_for_requests,
        )
        record(congress=item.congress_id, actor=by, action="speakers.list_set",
               subject=_subject(item),
               data={"speech_seconds": speech, "point_of_order_seconds": order,
                     "open_for_requests": open_for_requests})
        _changed(speakers_list)
    speakers_list.refresh_from_db()
    return speakers_list


# ---- getting on and off the list -----------------------------------------------------


def _affiliation(delegate: Delegate) -> str:
    return delegate.delegation.name if delegate.delegation_id else delegate.work_unit


def _insert(speakers_list: SpeakersList, *, delegate: Delegate | None, name: str,
            affiliation: str, kind: str, by) -> Speech:
    _locked_list(speakers_list)
    try:
        with transaction.atomic():
            return Speech.objects.create(
                speakers_list=speakers_list, delegate=delegate, name=name,
                affiliation=affiliation[:MAX_AFFILIATION], kind=kind,
                position=_next_position(speakers_list), requested_at=timezone.now(),
                requested_by=by if getattr(by, "pk", None) else None,
            )
    except IntegrityError:
        raise SpeakersError(
            _("%(name)s is already on the speakers list of “%(item)s”.")
            % {"name": name, "item": speakers_list.agenda_item}
        ) from None


def request_to_speak(*, item: AgendaItem, delegate: Delegate, kind: str = SpeechKind.SPEECH,
                     by) -> Speech:
    """A delegate asks for the floor on this item (or for a point of order)."""
    kind = _kind(kind)
    if delegate.congress_id != item.congress_id:
        raise SpeakersError(_("This agenda item belongs to another congress."))
    if not speaking.may_ask_to_speak(
        status=delegate.status,
        credential_withdrawn=delegate.credential_status in WITHDRAWN_CREDENTIALS,
    ):
        raise SpeakersError(
            _("%(name)s attends without a vote (列席) and cannot ask to speak; "
              "the secretariat can add a speaker.") % {"name": delegate.name}
        )
    with transaction.atomic():
        speakers_list = _list_for(item, by)
        if not speakers_list.open_for_requests:
            raise SpeakersError(_("The speakers list of “%(item)s” is closed for requests.")
                                % {"item": item.title})
        speech = _insert(speakers_list, delegate=delegate, name=delegate.name,
                         affiliation=_affiliation(delegate), kind=kind, by=by)
        record(congress=item.congress_id, actor=by, action="speakers.requested",
               subject=_subject(item), data=_describe(speech))
        _changed(speakers_list)
    return speech


def withdraw_request(*, item: AgendaItem, delegate: Delegate, by) -> Speech:
    """A delegate takes back their waiting request."""
    with transaction.atomic():
        speech = (Speech.objects.filter(speakers_list__agenda_item=item, delegate=delegate,
                                        state__in=ON_LIST).select_related("speakers_list")
                  .first())
        if speech is None:
            raise SpeakersError(_("%(name)s has not asked to speak on “%(item)s”.")
                                % {"name": delegate.name, "item": item.title})
        if not Speech.objects.filter(pk=speech.pk, state=SpeechState.WAITING).update(
                state=SpeechState.WITHDRAWN):
            raise SpeakersError(_("%(name)s is speaking now; the chair ends the speech.")
                                % {"name": delegate.name})
        speech.state = SpeechState.WITHDRAWN
        record(congress=item.congress_id, actor=by, action="speakers.withdrawn",
               subject=_subject(item), data=_describe(speech))
        _changed(speech.speakers_list)
    return speech


def add_speaker(*, item: AgendaItem, delegate: Delegate | None = None, name: str = "",
                affiliation: str = "", kind: str = SpeechKind.SPEECH, by) -> Speech:
    """The secretariat puts someone on the list: a delegate (列席 too) or a named guest."""
    kind = _kind(kind)
    if delegate is not None:
        if delegate.congress_id != item.congress_id:
            raise SpeakersError(_("This delegate belongs to another congress."))
        if delegate.credential_status in WITHDRAWN_CREDENTIALS:
            raise SpeakersError(_("%(name)s's credential is withdrawn.")
                                % {"name": delegate.name})
        name, affiliation = delegate.name, _affiliation(delegate)
    else:
        try:
            name = clean_person_name(name)
        except BadPersonName as error:
            raise SpeakersError(_("Speaker's name: %(reason)s") % {"reason": error}) from None
        affiliation = affiliation.strip()
        if len(affiliation) > MAX_AFFILIATION:
            raise SpeakersError(_("Work unit: at most %(n)d characters.")
                                % {"n": MAX_AFFILIATION})
        if any(ord(c) < 32 for c in affiliation):
            raise SpeakersError(_("Work unit: remove the control characters."))
    with transaction.atomic():
        speakers_list = _list_for(item, by)
        speech = _insert(speakers_list, delegate=delegate, name=name,
                         affiliation=affiliation, kind=kind, by=by)
        record(congress=item.congress_id, actor=by, action="speakers.added",
               subject=_subject(item), data=_describe(speech))
        _changed(speakers_list)
    return speech


def remove_speaker(*, speech: Speech, by) -> Speech:
    with transaction.atomic():
        if not Speech.objects.filter(pk=speech.pk, state=SpeechState.WAITING).update(
                state=SpeechState.REMOVED):
            speech.refresh_from_db()
            if speech.state == SpeechState.SPEAKING:
                raise SpeakersError(_("%(name)s is speaking now; end the speech first.")
                                    % {"name": speech.name})
            raise SpeakersError(_("%(name)s is no longer waiting to speak.")
                                % {"name": speech.name})
        speech.state = SpeechState.REMOVED
        record(congress=speech.speakers_list.congress_id, actor=by, action="speakers.removed",
               subject=_subject(speech.speakers_list.agenda_item), data=_describe(speech))
        _changed(speech.speakers_list)
    return speech


# ---- the order -----------------------------------------------------------------------


def _waiting(speakers_list: SpeakersList) -> list[Speech]:
    return list(Speech.objects.filter(speakers_list=speakers_list, state=SpeechState.WAITING))


def move_speaker(*, speech: Speech, offset: int, by) -> Speech:
    """Move a waiting speech one place up (offset -1) or down (+1) among the waiting
    speeches of its kind: points of order stay ahead of every ordinary speech."""
    if offset not in (-1, 1):
        raise SpeakersError(_("A speaker moves one place up or down."))
    with transaction.atomic():
        speakers_list = _locked_list(speech.speakers_list)
        same_kind = [s for s in in_order(_waiting(speakers_list)) if s.kind == speech.kind]
        index = next((n for n, s in enumerate(same_kind) if s.pk == speech.pk), None)
        if index is None:
            raise SpeakersError(_("%(name)s is no longer waiting to speak.")
                                % {"name": speech.name})
        other_index = index + offset
        if not 0 <= other_index < len(same_kind):
            raise SpeakersError(_("%(name)s is already at the %(end)s of the list.")
                                % {"name": speech.name,
                                   "end": _("top") if offset < 0 else _("bottom")})
        this, other = same_kind[index], same_kind[other_index]
        # Two positions swapped; the order rule then reads them afresh.
        low, high = sorted((this.position, other.position))
        if low == high:
            high = low + 1
        mine, theirs = (low, high) if offset < 0 else (high, low)
        Speech.objects.filter(pk=this.pk).update(position=mine)
        Speech.objects.filter(pk=other.pk).update(position=theirs)
        record(congress=speakers_list.congress_id, actor=by, action="speakers.moved",
               subject=_subject(speakers_list.agenda_item),
               data={**_describe(this), "offset": offset, "past": other.name})
        _changed(speakers_list)
    speech.refresh_from_db()
    return speech


def draw_lots(*, item: AgendaItem, by, seed: int | None = None) -> list[Speech]:
    """Draw the order of the waiting ordinary speeches by lot (points of order keep their
    place ahead). The seed goes into the audit log with the order it gave, so the draw can
    be repeated by anyone: `rules.speaking.draw_order(ids in the order before, seed)`."""
    seed = secrets.randbits(64) if seed is None else seed
    with transaction.atomic():
        speakers_list = _locked_list(_list_for(item, by))
        ordinary = [s for s in in_order(_waiting(speakers_list)) if not s.point_of_order]
        if len(ordinary) < 2:
            raise SpeakersError(_("A draw needs at least two waiting speakers on “%(item)s”.")
                                % {"item": item.title})
        before = [s.pk for s in ordinary]
        drawn = speaking.draw_order(before, seed)
        # The drawn order takes the places the speeches held; equal positions would let the
        # order rule fall back to ids, so they are spread apart first.
        positions: list[int] = []
        for position in sorted(s.position for s in ordinary):
            positions.append(max(position, positions[-1] + 1) if positions else position)
        by_id = {s.pk: s for s in ordinary}
        for position, pk in zip(positions, drawn, strict=True):
            Speech.objects.filter(pk=pk).update(position=position)
            by_id[pk].position = position
        SpeakersList.objects.filter(pk=speakers_list.pk).update(
            drawn_seed=str(seed), drawn_at=timezone.now())
        record(congress=item.congress_id, actor=by, action="speakers.drawn",
               subject=_subject(item),
               data={"seed": str(seed), "before": before, "order": drawn,
                     "names": [by_id[pk].name for pk in drawn]})
        _changed(speakers_list)
    return [by_id[pk] for pk in drawn]


# ---- the floor -----------------------------------------------------------------------


def _moment(at: dt.datetime | None) -> dt.datetime:
    """Now, or a moment already past (a speech the desk records after the fact)."""
    now = timezone.now()
    if at is None:
        return now
    if at > now:
        raise SpeakersError(_("A speech cannot start or end in the future."))
    return at


def start_speech(*, speech: Speech, by, at: dt.datetime | None = None) -> Speech:
    """The chair gives the floor: the speech runs from now (or `at`, when the desk records
    it afterwards) against its kind's limit."""
    speakers_list = speech.speakers_list
    limit = (speakers_list.point_of_order_seconds if speech.point_of_order
             else speakers_list.speech_seconds)
    now = _moment(at)
    with transaction.atomic():
        try:
            with transaction.atomic():
                started = Speech.objects.filter(pk=speech.pk, state=SpeechState.WAITING).update(
                    state=SpeechState.SPEAKING, started_at=now, limit_seconds=limit)
        except IntegrityError:
            running = Speech.objects.filter(speakers_list=speakers_list,
                                            state=SpeechState.SPEAKING).first()
            raise SpeakersError(
                _("%(name)s is speaking now; end that speech before giving the floor to "
                  "another.") % {"name": running.name if running else "?"}
            ) from None
        if not started:
            speech.refresh_from_db()
            raise SpeakersError(_("%(name)s is not waiting to speak (%(state)s).")
                                % {"name": speech.name, "state": speech.get_state_display()})
        speech.refresh_from_db()
        record(congress=speakers_list.congress_id, actor=by, action="speakers.started",
               subject=_subject(speakers_list.agenda_item),
               data={**_describe(speech), "limit_seconds": limit})
        _changed(speakers_list)
    return speech


def stop_speech(*, speech: Speech, by, at: dt.datetime | None = None) -> Speech:
    """The chair ends the speech (now, or `at`); its length in whole seconds goes to the
    record."""
    with transaction.atomic():
        current = Speech.objects.select_for_update().get(pk=speech.pk)
        if current.state != SpeechState.SPEAKING:
            if current.state == SpeechState.DONE:
                message = _("%(name)s's speech has already ended.")
            else:
                message = _("%(name)s's speech has not started.")
            raise SpeakersError(message % {"name": current.name})
        now = _moment(at)
        if now < current.started_at:
            raise SpeakersError(_("%(name)s's speech cannot end before it started.")
                                % {"name": current.name})
        seconds = int((now - current.started_at).total_seconds())
        if not Speech.objects.filter(pk=speech.pk, state=SpeechState.SPEAKING).update(
                state=SpeechState.DONE, ended_at=now, seconds=seconds):
            raise SpeakersError(_("%(name)s's speech has already ended.")
                                % {"name": current.name})
        speech.refresh_from_db()
        speakers_list = speech.speakers_list
        record(congress=speakers_list.congress_id, actor=by, action="speakers.stopped",
               subject=_subject(speakers_list.agenda_item),
               data={**_describe(speech), "seconds": seconds,
                     "limit_seconds": speech.limit_seconds})
        _changed(speakers_list)
    return speech
