"""Speakers lists in templates: durations, clock data, and the request card a delegate's
home page shows for the current item."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from dahui.rules import speaking

register = template.Library()


@register.filter
def duration(seconds: int | None) -> str:
    if seconds is None:
        return ""
    minutes, rest = divmod(int(seconds), 60)
    if not minutes:
        return _("%(seconds)d s") % {"seconds": rest}
    return _("%(minutes)d min %(seconds)02d s") % {"minutes": minutes, "seconds": rest}


@register.filter
def duration_clock(seconds: int | None) -> str:
    minutes, rest = divmod(int(seconds or 0), 60)
    return f"{minutes:02d}:{rest:02d}"


@register.filter
def epoch_ms(moment) -> str:
    return str(int(moment.timestamp() * 1000)) if moment else ""


@register.filter
def warning_from(limit: int | None) -> str:
    return str(speaking.warning_from(limit)) if limit else ""


@register.simple_tag
def now_ms() -> str:
    return str(int(timezone.now().timestamp() * 1000))


@register.inclusion_tag("speakers/_request.html", takes_context=True)
def speakers_request(context, congress, delegate):
    """The current item's speakers card on a delegate's phone: ask, withdraw, or where
    they stand."""
    from dahui.congress.models import AgendaItem
    from dahui.speakers import selectors

    item = (AgendaItem.objects.filter(pk=congress.current_item_id).first()
            if congress.current_item_id else None)
    if item is None or delegate is None:
        return {"item": None}
    current = selectors.board(item)
    mine = selectors.own_speech(item, delegate)
    return {
        "item": item, "congress": congress, "board": current, "mine": mine,
        "place": selectors.place_in_line(current, mine),
        "may_ask": speaking.may_ask_to_speak(status=delegate.status, credential_withdrawn=False),
        "csrf_token": context.get("csrf_token"),
        "next": context["request"].get_full_path() if "request" in context else "",
    }
