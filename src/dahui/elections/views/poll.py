"""Running a poll: open, close, count, confirm, publish, runoff decision, totals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dahui.congress.selectors import entitled_delegates
from dahui.elections import services
from dahui.elections.access import PollNeed, access_poll, poll_allows
from dahui.elections.forms import InvalidInput, PaperCountsForm, TotalsForm, parse, report
from dahui.elections.models import Method, PollState, RunoffChoice
from dahui.elections.paper import mismatches, unsettled_serials
from dahui.elections.selectors import poll_result, returned_so_far, round_label
from dahui.elections.views.common import REFUSALS, context, refuse

RUN_ACTIONS = {
    "open": services.open_poll,
    "close": services.close_poll,
    "count": services.count_poll,
    "publish": services.publish_poll,
}


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
        round_label=round_label(poll) if poll.election_id else "",
        decision=getattr(poll, "runoff_decision", None),
        paper_pending=(
            unsettled_serials(poll=poll) if poll.method == Method.PAPER else []
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
        elif action == "totals":
            services.enter_totals(poll=poll, **parse(TotalsForm(request.POST)), by=request.user)
        elif action == "paper_counts":
            services.record_paper_counts(
                poll=poll, **parse(PaperCountsForm(request.POST)), by=request.user
            )
        else:
            raise PermissionDenied(f"unknown action {action!r}")
    except InvalidInput as error:
        report(request, error)
        page = poll_page(request, poll.pk)
        page.status_code = 400
        return page
    except REFUSALS as error:
        refuse(request, error)
    return redirect("elections:poll", poll.pk)
