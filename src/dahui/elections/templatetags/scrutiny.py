"""The scrutineer's "awaiting your confirmation" box, for any page that has a congress."""

from __future__ import annotations

from django import template

from dahui.elections.selectors import awaiting_confirmation as awaiting

register = template.Library()


@register.inclusion_tag("elections/_awaiting_confirmation.html", takes_context=True)
def awaiting_confirmation(context) -> dict:
    request = context.get("request")
    congress = context.get("congress")
    if request is None or congress is None:
        return {"polls": []}
    return {"polls": list(awaiting(request.user, congress))}
