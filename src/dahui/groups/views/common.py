"""What the group pages share: the page context and parsing posted values."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _

from dahui.congress.models import Congress, Delegate
from dahui.congress.views.nav import page_context
from dahui.groups import access, selectors
from dahui.groups.services import GroupError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def context(request: HttpRequest, congress: Congress, **extra) -> dict:
    data = page_context(request, congress, **extra)
    data["groups_can"] = {need.value: access.may(request.user, congress, need)
                          for need in access.Need}
    return data


def parse_local_datetime(value: str, field: str) -> dt.datetime:
    """A datetime-local field ("2026-12-18T14:30") in the congress's time zone."""
    value = value.strip()
    if not value:
        raise GroupError(_("Fill in %(field)s.") % {"field": field})
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise GroupError(_("%(field)s “%(value)s” is not a date and time (such as "
                           "2026-12-18T14:30).") % {"field": field, "value": value[:40]}
                         ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=selectors.local_zone())
    return moment


def parse_count(value: str, field: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 5:
        raise GroupError(_("%(field)s “%(value)s” is not a whole number.")
                         % {"field": field, "value": value[:20]})
    return int(value)


def delegates_by_number(congress: Congress, text: str) -> list[Delegate]:
    """Delegates named by their credential numbers (代表证号), separated by spaces, commas
    or 、; an unknown number is refused by name."""
    numbers = [n for n in text.replace("，", " ").replace(",", " ").replace("、", " ").split()
               if n]
    if not numbers:
        raise GroupError(_("Give the credential numbers of the delegates."))
    found = {d.number: d for d in Delegate.objects.filter(congress=congress,
                                                          number__in=numbers)}
    for number in numbers:
        if number not in found:
            raise GroupError(_("No delegate of this congress has credential number “%(number)s”.")
                             % {"number": number[:20]})
    return [found[n] for n in dict.fromkeys(numbers)]
