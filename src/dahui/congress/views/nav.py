"""What every congress page shows around its content: the congress and what the user may do."""

from __future__ import annotations

from django.http import HttpRequest

from dahui.congress.access import NEEDS, Need, roles_of
from dahui.congress.models import Congress
from dahui.congress.selectors import current_session


def page_context(request: HttpRequest, congress: Congress, **extra) -> dict:
    roles = roles_of(request.user, congress)
    can = {need.value: bool(roles & NEEDS[need]) for need in Need}
    return {
        "congress": congress,
        "roles": roles,
        "can": can,
        "session": extra.pop("session", None) or current_session(congress),
        **extra,
    }
