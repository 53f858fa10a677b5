"""The secretariat deletes a rehearsal (彩排) poll with one action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dahui.elections.access import PollNeed, access_poll
from dahui.elections.rehearsal import delete_rehearsal
from dahui.elections.views.common import REFUSALS, refuse


@login_required
@require_POST
def delete(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id, need=PollNeed.SET_UP)
    congress_id, title = poll.congress_id, poll.title
    try:
        delete_rehearsal(poll=poll, by=request.user)
    except REFUSALS as error:
        refuse(request, error)
        return redirect("elections:poll", poll.pk)
    messages.success(request, _("Rehearsal “%(title)s” deleted.") % {"title": title})
    return redirect("elections:votes", congress_id)
