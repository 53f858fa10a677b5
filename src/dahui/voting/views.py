"""The delegate's phone: the open polls, the ballot (paper layout), review, cast, receipt."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dahui.congress.access import Need, access_congress
from dahui.congress.models import Delegate
from dahui.elections import counting
from dahui.elections.access import PollNeed, access_poll
from dahui.elections.models import Method, Poll, PollState
from dahui.elections.refusals import refusal_message
from dahui.elections.selectors import (
    has_voted,
    no_ballot_reason,
    open_polls_for,
    published_polls,
)
from dahui.elections.views.common import REFUSALS, context, refuse
from dahui.voting import board, cast_credential
from dahui.voting.choices import choices_from
from dahui.voting.publication import set_ballot_publication
from dahui.voting.services import cast_ballot


def _delegate(request: HttpRequest, congress_id: int) -> Delegate:
    delegate = Delegate.objects.filter(user_id=request.user.pk, congress_id=congress_id).first()
    if delegate is None:
        raise PermissionDenied("not a delegate of this congress")
    return delegate


@login_required
def current(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.VIEW)
    delegate = _delegate(request, congress.pk)
    polls = list(open_polls_for(delegate))
    return render(request, "voting/current.html", context(
        request, congress, polls=polls, delegate=delegate,
        published=list(published_polls(congress)),
    ))


def _poll_for(request: HttpRequest, poll_id: int) -> tuple[Poll, Delegate]:
    """The poll and the delegate asking. Anyone who is no delegate of the poll's congress
    (staff, outsiders) is refused; a delegate without a ballot is told why on the page."""
    poll = (Poll.objects.select_related("congress", "election", "motion", "appraisal",
                                        "session")
            .filter(pk=poll_id).first())
    if poll is None:
        raise Http404(f"no poll {poll_id}")
    if not request.user.is_active:
        raise PermissionDenied("inactive account")
    delegate = _delegate(request, poll.congress_id)
    return poll, delegate


def _rows(candidates, chosen: dict) -> list[tuple]:
    """(candidate, mark, write-in) per row of the ballot, as last chosen (after 修改 or a
    refused ballot the marks come back)."""
    return [
        (c, chosen.get(f"mark-{c.rules_id}", ""), chosen.get(f"write_in-{c.rules_id}", ""))
        for c in candidates
    ]


@login_required
def ballot(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll, delegate = _poll_for(request, poll_id)
    # The ballot lists candidates as the paper does: surname stroke order (rule 10).
    candidates = counting.ballot_candidates(poll) if poll.election_id else []
    # An appraisal lists its subjects the same way.
    subjects = counting.ballot_subjects(poll) if poll.appraisal_id else []
    page = {"poll": poll, "candidates": candidates, "subjects": subjects,
            "delegate": delegate}
    reason = no_ballot_reason(poll, delegate)
    if reason is not None:
        return render(request, "voting/no_ballot.html", context(
            request, poll.congress, reason=reason, **page,
        ), status=403)
    if poll.state != PollState.OPEN or poll.method != Method.ELECTRONIC:
        return render(request, "voting/not_open.html", context(request, poll.congress, **page))
    if request.method == "GET":
        if has_voted(poll, delegate):
            return render(request, "voting/already.html", context(request, poll.congress, **page))
        return render(request, "voting/ballot.html", context(
            request, poll.congress, key=uuid.uuid4(), chosen={}, rows=_rows(candidates, {}),
            grade_rows=_grade_rows(subjects, {}), **page
        ))
    key = request.POST.get("key", "")
    chosen = {k: v for k, v in request.POST.items()
              if k.startswith(("mark-", "write_in-", "grade-"))}
    chosen["vote"] = request.POST.get("vote", "")
    if request.POST.get("step") == "edit":
        # 修改 on the review page: the same ballot (same key) with its marks, to change.
        return render(request, "voting/ballot.html", context(
            request, poll.congress, key=key or uuid.uuid4(), chosen=chosen,
            rows=_rows(candidates, chosen), grade_rows=_grade_rows(subjects, chosen), **page,
        ))
    try:
        choices = choices_from(request.POST, poll)
        content = counting.normalised_cast(poll, choices)
        if request.POST.get("step") != "cast":
            # The review page posts to the lean cast endpoint, which knows the voter by
            # this credential rather than by the session (see `voting.cast_credential`).
            return render(request, "voting/review.html", context(
                request, poll.congress, key=key, chosen=chosen,
                review=_review(poll, content, candidates, subjects),
                cast_credential=cast_credential.issue(poll_id=poll.pk,
                                                      delegate_id=delegate.pk),
                **page,
            ))
        receipt = cast_ballot(
            poll=poll, voter=delegate, choices=choices, idempotency_key=key
        )
    except REFUSALS as error:
        return render(request, "voting/ballot.html", context(
            request, poll.congress, key=key, chosen=chosen, rows=_rows(candidates, chosen),
            grade_rows=_grade_rows(subjects, chosen), error=refusal_message(error), **page,
        ), status=409 if request.POST.get("step") == "cast" else 422)
    # The receipt is shown once, here, and kept nowhere tied to the voter (no session).
    return render(request, "voting/receipt.html", context(
        request, poll.congress, tracker=receipt.tracker, repeated=receipt.repeated,
        tracker_grouped=board.grouped(receipt.tracker),
        tracker_short=board.short_form(receipt.tracker),
        **page
    ))


def _grade_rows(subjects, chosen: dict) -> list[tuple]:
    """(subject, grade) per row of an appraisal ballot, as last chosen."""
    return [(s, chosen.get(f"grade-{s.rules_id}", "")) for s in subjects]


def _review(poll, content: dict, candidates, subjects=()) -> dict:
    if poll.appraisal_id:
        grades = content.get("grades", {})
        return {"grades": [(s.name, grades.get(s.rules_id, "")) for s in subjects]}
    if poll.motion_id:
        return {"vote": content["vote"]}
    marks = content.get("marks", {})
    return {
        "rows": [(c.name, marks.get(c.rules_id, "abstain")) for c in candidates],
        "write_ins": content.get("write_ins", []),
    }


@login_required
@require_POST
def ballot_publication(request: HttpRequest, poll_id: int) -> HttpResponse:
    """The secretariat sets, before the vote opens, whether every ballot is published."""
    poll = access_poll(request.user, poll_id, need=PollNeed.SET_UP)
    choice = request.POST.get("publication", "")
    if choice not in ("counts", "every_ballot"):
        return HttpResponse("publication: give counts or every_ballot", status=400)
    try:
        set_ballot_publication(poll=poll, every_ballot=choice == "every_ballot",
                               by=request.user)
    except REFUSALS as error:
        refuse(request, error)
    return redirect("elections:poll", poll.pk)
