"""The hall screen: a projector page opened by its token, following the live stream.

What it shows under the item's heading comes from `live.hall.hall_stage`: the current
agenda item, the session whose check-in gives 应到/实到, and that item's own poll.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache

from dahui.congress import selectors
from dahui.congress.access import access_screen
from dahui.congress.models import Congress
from dahui.elections.models import Method
from dahui.live.hall import HallStage, Stage, hall_stage, proposal_counts, screen_language
from dahui.live.progress import participations
from dahui.speakers.selectors import hall_speakers


def _poll(stage: HallStage) -> dict[str, Any] | None:
    poll = stage.poll
    if poll is None:
        return None
    returned = poll.returned
    if stage.poll_stage == Stage.OPEN and poll.method == Method.ELECTRONIC and returned is None:
        returned = participations(poll.pk)
    return {
        "id": poll.pk, "title": poll.title, "state": poll.state, "stage": stage.poll_stage,
        "method": poll.method, "issued": poll.issued, "returned": returned,
        "session_id": poll.session_id, "rehearsal": poll.rehearsal,
    }


def snapshot(congress: Congress) -> dict[str, Any]:
    stage = hall_stage(congress)
    item, session = stage.item, stage.session
    return {
        "title": congress.title,
        "language": screen_language(congress),
        "item": (
            {"id": item.pk, "title": item.title, "kind": item.get_kind_display(),
             "presenter": item.presenter}
            if item else None
        ),
        "session": {"id": session.pk, "title": session.title} if session else None,
        "figures": asdict(selectors.attendance_figures(session)) if session else None,
        "poll": _poll(stage),
        "speakers": hall_speakers(item),
        "proposals": proposal_counts(congress),
    }


@never_cache
def screen(request: HttpRequest, congress_id: int, token: str) -> HttpResponse:
    congress = access_screen(congress_id, token)
    with translation.override(screen_language(congress)):
        return render(request, "congress/screen.html",
                      {"screen": snapshot(congress), "congress": congress, "token": token})


@never_cache
def screen_snapshot(request: HttpRequest, congress_id: int, token: str) -> JsonResponse:
    congress = access_screen(congress_id, token)
    with translation.override(screen_language(congress)):
        return JsonResponse(snapshot(congress), json_dumps_params={"ensure_ascii": False})
