"""The counters' double entry of paper ballots and the scrutineers' settling of mismatches."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dahui.elections import counting
from dahui.elections.access import PollNeed, access_poll, counting_role
from dahui.elections.errors import Refused
from dahui.elections.models import ScrutineerRole
from dahui.elections.paper import (
    discard_entry,
    enter_paper_ballot,
    mismatches,
    paper_content,
    positions,
    reading_rows,
    settle_mismatch,
)
from dahui.elections.views.common import REFUSALS, context, refuse

# What a counter can copy from one paper ballot: a name written beside 另选他人 (a longer
# scribble is void by the rules but still entered as written) and a spoiled ballot's reason.
MAX_WRITTEN = 100
MAX_REASON = 200


def _content_from(request: HttpRequest, poll, candidates) -> dict:
    reason = request.POST.get("invalid_reason", "")
    if len(reason) > MAX_REASON:
        raise Refused(_("Reason the ballot is invalid: at most %(limit)d characters.")
                      % {"limit": MAX_REASON})
    if any(len(name) > MAX_WRITTEN for name in request.POST.getlist("write_in")):
        raise Refused(_("Write-in: at most %(limit)d characters as written on the ballot.")
                      % {"limit": MAX_WRITTEN})
    if poll.motion_id:
        return paper_content(vote=request.POST.get("vote", ""), invalid_reason=reason)
    if poll.appraisal_id:
        return paper_content(
            grades={s.rules_id: request.POST.getlist(f"grade-{s.rules_id}")
                    for s in counting.ballot_subjects(poll)},
            invalid_reason=reason,
        )
    return paper_content(
        marks={c.rules_id: request.POST.get(f"mark-{c.rules_id}", "") for c in candidates},
        write_ins=request.POST.getlist("write_in"), invalid_reason=reason,
    )


@login_required
def paper_count(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id, need=PollNeed.COUNT)
    candidates = counting.ballot_candidates(poll) if poll.election_id else []
    if request.method == "POST":
        action = request.POST.get("action")
        position = request.POST.get("position", "")
        try:
            if action == "discard":
                discard_entry(poll=poll, entry_id=_entry_id(request.POST.get("entry")),
                              reason=request.POST.get("reason", ""), by=request.user)
                messages.success(request, _("The entry was discarded."))
            elif action == "settle":
                settle_mismatch(poll=poll, position=position,
                                content=_content_from(request, poll, candidates),
                                by=request.user)
                messages.success(request, _("Ballot %(position)s settled.")
                                 % {"position": position})
            else:
                entry = enter_paper_ballot(poll=poll, position=position,
                                           content=_content_from(request, poll, candidates),
                                           by=request.user)
                messages.success(request, _("Ballot %(position)s entered.")
                                 % {"position": entry.position})
        except REFUSALS as error:
            refuse(request, error)
        return redirect("elections:paper", poll.pk)
    stack = positions(poll=poll)
    role = counting_role(request.user, poll)
    mine = {p.number for p in stack if any(e.counter_id == request.user.pk for e in p.entries)}
    return render(request, "elections/paper.html", context(
        request, poll.congress, poll=poll, candidates=candidates,
        subjects=counting.ballot_subjects(poll) if poll.appraisal_id else [],
        unsettled=[p for p in stack if p.settled is None],
        mismatches=[(m, reading_rows(poll, m.entries)) for m in mismatches(poll=poll)],
        settled=sum(1 for p in stack if p.settled is not None),
        next_position=next((n for n in range(1, (poll.returned or len(stack)) + 2)
                            if n not in mine), 1),
        may_settle=role in (ScrutineerRole.CHIEF, ScrutineerRole.SCRUTINEER),
        write_in_slots=(range(poll.seats) if poll.election_id and poll.election.write_ins
                        else range(0)),
    ))


def _entry_id(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise ValueError(_("entry: no such entry")) from None
