"""Refuse a request whose form or query fields carry a NUL character.

No text anyone types contains U+0000, and PostgreSQL cannot store it in a text column: a
NUL that reached a service would end in a database error (a 500) rather than a message.
Django's form fields refuse it, but not every page reads its fields through a form, so the
refusal is made once, here, for every page: a 400 naming the field, nothing stored.
"""

from __future__ import annotations

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


def nul_field(request: HttpRequest) -> str | None:
    """The name of the first GET or POST field whose name or value holds a NUL, if any."""
    for data in (request.GET, request.POST):
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return key.replace("\x00", "")
    return None


def _refusal(field: str) -> HttpResponse:
    return HttpResponseBadRequest(
        _("The field “%(field)s” contains a NUL character, which no text may hold.")
        % {"field": field},
        content_type="text/plain; charset=utf-8",
    )


class RefuseNulCharactersMiddleware:
    """Sync and async: keeps async views async (see live/static_middleware.py)."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest):
        if self.is_async:
            return self._acall(request)
        field = nul_field(request)
        return _refusal(field) if field is not None else self.get_response(request)

    async def _acall(self, request: HttpRequest):
        field = nul_field(request)
        return _refusal(field) if field is not None else await self.get_response(request)
