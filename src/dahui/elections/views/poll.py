"""Running a poll: open, close, count, confirm, publish, runoff decision, totals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dahui.congress.selectors import entitled_delegates
from dahui.elections import services
from dahui.elections.access import PollNeed, access_poll, may_set_up, poll_allows
from dahui.elections.errors import Refused
from dahui.elections.models import Method, Poll, PollState, RunoffChoice
from dahui.elections.paper import mismatches, unsettled_positions
from dahui.elections.selectors import (
    confirmation_status,
    opening_figures,
    poll_result,
    returned_so_far,
    round_label,
)
from dahui.elections.views.common import REFUSALS, context, refuse

RUN_ACTIONS = {
    "open": services.open_poll,
    "close": services.close_poll,
    "count": services.count_poll,
    "publish": services.publish_poll,
}


def _whole(value: str | None, *, field: str) -> int:
    text = (value or "").strip()
    if not text.isdigit() or len(text) > 9:
        raise Refused(_("%(field)s: give a whole number, not %(value)s.")
                      % {"field": field, "value": text[:20] or "—"})
    return int(text)


@login_required
def poll_page(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id, need=PollNeed.RESULT)
    may_run = poll_allows(request.user, poll, PollNeed.RUN)
    may_count = poll_allows(request.user, poll, PollNeed.COUNT)
    confirmed_by_me = poll.confirmations.filter(user=request.user).exists()
    return render(request, "elections/poll.html", context(
        request, poll.congress, poll=poll, result=poll_result(poll),
        returned=returned_so_far(poll), may_run_poll=may_run, may_count=may_count,
        confirmed_by_me=confirmed_by_me,
        confirmations=poll.confirmations.select_related("user"),
        round_label=round_label(poll) if poll.election_id or poll.round > 1 else "",
        opening=opening_figures(poll) if poll.state == PollState.DRAFT else None,
        confirmation_status=confirmation_status(poll),
        next_round=Poll.objects.filter(
            election_id=poll.election_id, motion_id=poll.motion_id, round=poll.round + 1
        ).first(),
        sessions=poll.congress.sessions.order_by("number"),
        decision=getattr(poll, "runoff_decision", None),
        paper_pending=(
            unsettled_positions(poll=poll) if poll.method == Method.PAPER else []
        ),
        paper_mismatches=mismatches(poll=poll) if poll.method == Method.PAPER else [],
        states=PollState, methods=Method,
        default_ballots=poll.issued or entitled_delegates(poll.congress).count(),
    ))


@login_required
@require_POST
def poll_action(request: HttpRequest, poll_id: int) -> HttpResponse:
    action = request.POST.get("action", "")
    need = PollNeed.COUNT if action == "confirm" else PollNeed.RUN
    poll = access_poll(request.user, poll_id, need=need)
    try:
        if action == "open" and request.POST.get("below_quorum") != "confirmed":
            figures = opening_figures(poll)
            if not figures.quorate:
                # Asked again with the figures: a vote opened below quorum can only end
                # without one, unless delegates check in before it closes.
                raise Refused(
                    _("Below quorum: %(entitled)s entitled, %(present)s present, %(required)s "
                      "needed. Tick “Open it anyway, below quorum” to open the vote all the "
                      "same.") % {"entitled": figures.entitled, "present": figures.present,
                                  "required": figures.required}
                )
        if action == "delete":
            if not may_set_up(request.user, poll.congress):
                raise PermissionDenied("needs set_up")
            services.delete_poll(poll=poll, by=request.user)
            messages.success(request, _("The vote was deleted."))
            if poll.election_id:
                return redirect("elections:election", poll.election_id)
            return redirect("elections:votes", poll.congress_id)
        if action in RUN_ACTIONS:
            RUN_ACTIONS[action](poll=poll, by=request.user)
            if action == "close" and poll.method == Method.ELECTRONIC:
                # Electronic ballots need no counters: the count follows the close at once.
                services.count_poll(poll=poll, by=request.user)
        elif action == "confirm":
            services.confirm_poll(poll=poll, by=request.user)
        elif action in ("runoff_hold", "runoff_leave"):
            choice = RunoffChoice.HOLD if action == "runoff_hold" else RunoffChoice.LEAVE_EMPTY
            decision = services.decide_runoff(poll=poll, choice=choice, by=request.user)
            if decision.next_poll:
                messages.success(request, _("The next round is set up."))
                return redirect("elections:poll", decision.next_poll.pk)
        elif action == "hold_again":
            session = get_object_or_404(
                poll.congress.sessions, pk=_whole(request.POST.get("session"), field="session")
            )
            again = services.hold_again(poll=poll, by=request.user, session=session)
            messages.success(request, _("The new round is set up; open it when the hall is "
                                        "ready."))
            return redirect("elections:poll", again.pk)
        elif action == "totals":
            services.enter_totals(
                poll=poll, votes_for=_whole(request.POST.get("for") or "0", field="for"),
                against=_whole(request.POST.get("against") or "0", field="against"),
                abstain=_whole(request.POST.get("abstain") or "0", field="abstain"),
                by=request.user,
            )
        elif action == "paper_counts":
            services.record_paper_counts(
                poll=poll, issued=_whole(request.POST.get("issued") or "0", field="issued"),
                returned=_whole(request.POST.get("returned") or "0", field="returned"),
                by=request.user,
            )
        else:
            raise PermissionDenied(f"unknown action {action!r}")
    except REFUSALS as error:
        refuse(request, error)
    return redirect("elections:poll", poll.pk)
