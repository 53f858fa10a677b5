"""The hall screen: a projector page opened by its token, polling a JSON snapshot."""

from __future__ import annotations

from dataclasses import asdict

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache

from dahui.congress import selectors
from dahui.congress.access import access_screen


def snapshot(congress) -> dict:
    session = selectors.current_session(congress)
    item = congress.current_item
    return {
        "title": congress.title,
        "item": (
            {"id": item.pk, "title": item.title, "kind": item.get_kind_display(),
             "presenter": item.presenter}
            if item else None
        ),
        "session": {"id": session.pk, "title": session.title} if session else None,
        "figures": asdict(selectors.attendance_figures(session)) if session else None,
    }


def _language(request: HttpRequest) -> str:
    # A projector's browser often speaks English while the hall reads Chinese: the screen
    # follows the congress's language unless its link asks for another (?lang=en).
    wanted = request.GET.get("lang", "")
    return wanted if wanted in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@never_cache
def screen(request: HttpRequest, congress_id: int, token: str) -> HttpResponse:
    congress = access_screen(congress_id, token)
    with translation.override(_language(request)):
        return render(request, "congress/screen.html",
                      {"screen": snapshot(congress), "congress": congress, "token": token,
                       "lang": _language(request)})


@never_cache
def screen_snapshot(request: HttpRequest, congress_id: int, token: str) -> JsonResponse:
    congress = access_screen(congress_id, token)
    with translation.override(_language(request)):
        return JsonResponse(snapshot(congress))
