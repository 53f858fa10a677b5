"""Speakers pages: the lists of a congress, one item's list (a phone for delegates, the desk
for the secretariat and the chair), the actions on it, and the export of speeches.

Every action parses, passes its gate, calls one service. A refused action shows the item's
page again with the reason and a 4xx status (409 for a state that forbids it, 400 for bad
input, 403 for someone who may not); nothing is stored. A done action redirects back.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dahui.congress.access import ATTENDING, roles_of
from dahui.congress.models import AgendaItem, Delegate
from dahui.congress.views.nav import page_context
from dahui.speakers import selectors, services
from dahui.speakers.access import (
    SpeakersNeed,
    abilities,
    access_item_speakers,
    access_speakers,
    access_speech,
    asking_delegate,
)
from dahui.speakers.export import speeches_xlsx
from dahui.speakers.models import SpeechKind


def _page(request: HttpRequest, item: AgendaItem, *, status: int = 200,
          error: str | None = None) -> HttpResponse:
    congress = item.congress
    current = selectors.board(item)
    delegate = Delegate.objects.filter(user_id=request.user.pk, congress=congress).first()
    mine = selectors.own_speech(item, delegate) if delegate is not None else None
    can_speakers = abilities(request.user, congress)
    if error:
        messages.error(request, error)
    defaults = (current.speakers_list if current.speakers_list
                else services.defaults_of(congress))
    return render(request, "speakers/item.html", page_context(
        request, congress, item=item, board=current, mine=mine,
        place=selectors.place_in_line(current, mine), speakers=can_speakers,
        limits=defaults, kinds=SpeechKind.choices, is_delegate=delegate is not None,
    ), status=status)


def _refused(request: HttpRequest, item: AgendaItem, error: Exception,
             status: int = 409) -> HttpResponse:
    return _page(request, item, status=status, error=str(error))


def _back(request: HttpRequest, item: AgendaItem) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("speakers:item", item.congress_id, item.pk)


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


@login_required
def index(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_speakers(request.user, congress_id, need=SpeakersNeed.READ)
    can_speakers = abilities(request.user, congress)
    status = 200
    if request.method == "POST":
        if not can_speakers[SpeakersNeed.KEEP]:
            raise PermissionDenied("needs speakers keep")
        try:
            services.set_default_limits(
                congress=congress, speech_seconds=request.POST.get("speech_seconds"),
                point_of_order_seconds=request.POST.get("point_of_order_seconds"),
                by=request.user)
        except services.SpeakersError as error:
            messages.error(request, str(error))
            status = 400
        else:
            messages.success(request, _("The default speaking times are saved."))
            return redirect("speakers:index", congress.pk)
    return render(request, "speakers/index.html", page_context(
        request, congress, items=selectors.items_with_lists(congress),
        defaults=services.defaults_of(congress), speakers=can_speakers,
        sessions=congress.sessions.all(),
    ), status=status)


@login_required
def item_page(request: HttpRequest, congress_id: int, item_id: int) -> HttpResponse:
    item = access_item_speakers(request.user, congress_id, item_id, need=SpeakersNeed.READ)
    return _page(request, item)


@login_required
@require_POST
def ask(request: HttpRequest, congress_id: int, item_id: int) -> HttpResponse:
    item = access_item_speakers(request.user, congress_id, item_id, need=SpeakersNeed.READ)
    if not abilities(request.user, item.congress)[SpeakersNeed.ASK]:
        if ATTENDING in roles_of(request.user, item.congress):
            message = _("Attendees without a vote (列席) cannot ask to speak; "
                        "the secretariat can add a speaker.")
        else:
            message = _("Only delegates of this congress ask to speak from their phone; "
                        "the secretariat adds other speakers.")
        return _refused(request, item, message, status=403)
    delegate = asking_delegate(request.user, item)
    try:
        services.request_to_speak(item=item, delegate=delegate,
                                  kind=request.POST.get("kind", SpeechKind.SPEECH),
                                  by=request.user)
    except services.SpeakersError as error:
        return _refused(request, item, error)
    messages.success(request, _("You are on the speakers list."))
    return _back(request, item)


@login_required
@require_POST
def withdraw(request: HttpRequest, congress_id: int, item_id: int) -> HttpResponse:
    item = access_item_speakers(request.user, congress_id, item_id, need=SpeakersNeed.ASK)
    try:
        services.withdraw_request(item=item, delegate=asking_delegate(request.user, item),
                                  by=request.user)
    except services.SpeakersError as error:
        return _refused(request, item, error)
    messages.success(request, _("Your request to speak is withdrawn."))
    return _back(request, item)


@login_required
@require_POST
def add(request: HttpRequest, congress_id: int, item_id: int) -> HttpResponse:
    item = access_item_speakers(request.user, congress_id, item_id, need=SpeakersNeed.KEEP)
    number = request.POST.get("number", "").strip()
    delegate = None
    if number:
        delegate = Delegate.objects.select_related("delegation").filter(
            congress_id=congress_id, number=number).first()
        if delegate is None:
            return _refused(request, item, _("Credential number: no delegate “%(number)s” in "
                                             "this congress.") % {"number": number}, 400)
    elif not request.POST.get("name", "").strip():
        return _refused(request, item, _("Give a credential number or a speaker's name."), 400)
    try:
        services.add_speaker(item=item, delegate=delegate, name=request.POST.get("name", ""),
                             affiliation=request.POST.get("affiliation", ""),
                             kind=request.POST.get("kind", SpeechKind.SPEECH),
                             by=request.user)
    except services.SpeakersError as error:
        return _refused(request, item, error, 400 if delegate is None else 409)
    return _back(request, item)


@login_required
@require_POST
def list_settings(request: HttpRequest, congress_id: int, item_id: int) -> HttpResponse:
    item = access_item_speakers(request.user, congress_id, item_id, need=SpeakersNeed.KEEP)
    try:
        services.set_list(item=item, speech_seconds=request.POST.get("speech_seconds"),
                          point_of_order_seconds=request.POST.get("point_of_order_seconds"),
                          open_for_requests=bool(request.POST.get("open_for_requests")),
                          by=request.user)
    except services.SpeakersError as error:
        return _refused(request, item, error, 400)
    messages.success(request, _("The speakers list's settings are saved."))
    return _back(request, item)


@login_required
@require_POST
def draw(request: HttpRequest, congress_id: int, item_id: int) -> HttpResponse:
    item = access_item_speakers(request.user, congress_id, item_id, need=SpeakersNeed.KEEP)
    try:
        drawn = services.draw_lots(item=item, by=request.user)
    except services.SpeakersError as error:
        return _refused(request, item, error)
    messages.success(request, _("Order drawn by lot: %(names)s.")
                     % {"names": "、".join(s.name for s in drawn)})
    return _back(request, item)


def _move(offset: int):
    return lambda *, speech, by: services.move_speaker(speech=speech, offset=offset, by=by)


# action in the URL → (who may, the service)
ACTIONS = {
    "start": (SpeakersNeed.FLOOR, services.start_speech),
    "stop": (SpeakersNeed.FLOOR, services.stop_speech),
    "remove": (SpeakersNeed.KEEP, services.remove_speaker),
    "up": (SpeakersNeed.KEEP, _move(-1)),
    "down": (SpeakersNeed.KEEP, _move(1)),
}


@login_required
@require_POST
def speech_action(request: HttpRequest, congress_id: int, speech_id: int,
                  action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404(f"no speech action {action}")
    need, act = ACTIONS[action]
    speech = access_speech(request.user, congress_id, speech_id, need=need)
    item = speech.speakers_list.agenda_item
    try:
        act(speech=speech, by=request.user)
    except services.SpeakersError as error:
        return _refused(request, item, error)
    return _back(request, item)


@login_required
def export(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_speakers(request.user, congress_id, need=SpeakersNeed.RECORD)
    session = item = None
    if request.GET.get("session"):
        session = congress.sessions.filter(pk=_int(request.GET["session"])).first()
        if session is None:
            return HttpResponse(_("session: no such session in this congress."), status=400,
                                content_type="text/plain; charset=utf-8")
    if request.GET.get("item"):
        item = congress.agenda_items.filter(pk=_int(request.GET["item"])).first()
        if item is None:
            return HttpResponse(_("item: no such agenda item in this congress."), status=400,
                                content_type="text/plain; charset=utf-8")
    speeches = list(selectors.speeches_done(congress=congress, session=session, item=item))
    heading = congress.title + "大会发言记录"
    if session is not None:
        heading += f"（{session.title}）"
    elif item is not None:
        heading += f"（{item.title}）"
    response = HttpResponse(
        speeches_xlsx(title=heading, speeches=speeches),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    suffix = f"-session-{session.number}" if session else (f"-item-{item.pk}" if item else "")
    response["Content-Disposition"] = f'attachment; filename="speeches{suffix}.xlsx"'
    return response
