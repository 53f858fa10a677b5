"""Words for the rules core's codes, as the pages show them (never the raw code)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

register = template.Library()

STATUS_LABELS = {
    "elected": _("all seats filled"),
    "runoff": _("runoff needed"),
    "no_quorum": _("no quorum"),
    "void": _("void: to be held again"),
    "passed": pgettext_lazy("motion", "passed"),
    "rejected": pgettext_lazy("motion", "rejected"),
}


@register.filter
def status_label(status: str | None) -> str:
    """A result status (RULES.md exchange format) in words; an unknown one stays visible."""
    if not status:
        return ""
    return str(STATUS_LABELS.get(status, status))
