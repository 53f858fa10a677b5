"""The counters' double entry of paper ballots and the scrutineers' settling of mismatches."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dahui.elections import counting
from dahui.elections.access import PollNeed, access_poll
from dahui.elections.paper import (
    enter_paper_ballot,
    mismatches,
    paper_content,
    settle_mismatch,
    unsettled_serials,
)
from dahui.elections.views.common import REFUSALS, context, refuse


def _content_from(request: HttpRequest, candidates) -> dict:
    return paper_content(
        marks={c.rules_id: request.POST.get(f"mark-{c.rules_id}", "") for c in candidates},
        write_ins=request.POST.getlist("write_in"),
        invalid_reason=request.POST.get("invalid_reason", ""),
    )


@login_required
def paper_count(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id, need=PollNeed.COUNT)
    candidates = counting.poll_candidates(poll)
    if request.method == "POST":
        serial = request.POST.get("serial", "")
        try:
            content = _content_from(request, candidates)
            if request.POST.get("action") == "settle":
                settle_mismatch(poll=poll, serial=serial, content=content, by=request.user)
                messages.success(request, _("Ballot %(serial)s settled.") % {"serial": serial})
            else:
                enter_paper_ballot(poll=poll, serial=serial, content=content, by=request.user)
                messages.success(request, _("Ballot %(serial)s entered.") % {"serial": serial})
        except REFUSALS as error:
            refuse(request, error)
        return redirect("elections:paper", poll.pk)
    names = {c.rules_id: c.name for c in candidates}
    return render(request, "elections/paper.html", context(
        request, poll.congress, poll=poll, candidates=candidates,
        unsettled=unsettled_serials(poll=poll), mismatches=mismatches(poll=poll),
        names=names, settled=poll.paper_ballots.count(),
        write_in_slots=range(poll.seats) if poll.election.write_ins else range(0),
    ))
