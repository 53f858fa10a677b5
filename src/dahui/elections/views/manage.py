"""Setting up votes: motions and elections, candidates, scrutineers, rounds (secretariat)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dahui.congress.access import SCRUTINEERS, Need, access_congress
from dahui.congress.models import Delegate
from dahui.elections import counting, services
from dahui.elections.access import PollNeed, access_election, may_set_up
from dahui.elections.forms import (
    CandidateChoiceForm,
    CandidateForm,
    ElectionForm,
    InvalidInput,
    MotionForm,
    RoundForm,
    ScrutineerForm,
    candidate_name,
    parse,
    report,
)
from dahui.elections.models import (
    Body,
    Candidate,
    Method,
    MotionKind,
    Poll,
    PollState,
    ScrutineerRole,
    ThresholdBase,
)
from dahui.elections.selectors import poll_result, round_label, rounds
from dahui.elections.views.common import REFUSALS, context, refuse
from dahui.rules.names import normalise_name


@login_required
def votes(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.DESK)
    polls = Poll.objects.filter(congress=congress).select_related("motion", "election")
    return render(request, "elections/votes.html", context(
        request, congress,
        # A motion voted again shows its latest vote.
        motions=[(m, max((p for p in polls if p.motion_id == m.pk), default=None,
                         key=lambda p: p.round))
                 for m in congress.motions.order_by("order")],
        elections=[(e, [p for p in polls if p.election_id == e.pk])
                   for e in congress.elections.order_by("order")],
        sessions=congress.sessions.order_by("number"),
        bodies=Body.choices, kinds=MotionKind.choices, methods=Method.choices,
        bases=ThresholdBase.choices,
    ))


@login_required
@require_POST
def new_motion(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.DESK)
    if not may_set_up(request.user, congress):
        raise PermissionDenied
    try:
        data = parse(MotionForm(request.POST, congress=congress))
        motion = services.create_motion(
            congress=congress, title=data["title"], kind=data["kind"],
            threshold_base=data["threshold_base"], by=request.user,
        )
        services.create_motion_poll(
            motion=motion, session=data["session"], method=data["method"], by=request.user,
            rehearsal=data["rehearsal"],
        )
    except InvalidInput as error:
        return _bad_input(request, error, votes(request, congress.pk))
    except REFUSALS as error:
        refuse(request, error)
    return redirect("elections:votes", congress.pk)


@login_required
@require_POST
def new_election(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.DESK)
    if not may_set_up(request.user, congress):
        raise PermissionDenied
    try:
        data = parse(ElectionForm(request.POST))
        election = services.create_election(
            congress=congress, title=data["title"], body=data["body"], seats=data["seats"],
            quorum=data["quorum"], min_excess=data["min_excess"],
            threshold_base=data["threshold_base"], write_ins=data["write_ins"],
            by=request.user,
        )
    except InvalidInput as error:
        return _bad_input(request, error, votes(request, congress.pk))
    except REFUSALS as error:
        refuse(request, error)
        return redirect("elections:votes", congress.pk)
    return redirect("elections:election", election.pk)


@login_required
def election_page(request: HttpRequest, election_id: int) -> HttpResponse:
    election = access_election(request.user, election_id, need=PollNeed.RESULT)
    congress = election.congress
    if request.method == "POST":
        access_election(request.user, election_id, need=PollNeed.SET_UP)
        try:
            _election_action(request, election)
        except InvalidInput as error:
            report(request, error)
            status = 400
        except REFUSALS as error:
            refuse(request, error)
            return redirect("elections:election", election.pk)
        else:
            return redirect("elections:election", election.pk)
    else:
        status = 200
    candidates = list(election.candidates.select_related("delegate__delegation"))
    try:
        counting.check_list(election, candidates=len(candidates))
        contest_problem = None
    except REFUSALS as error:
        from dahui.elections.refusals import refusal_message

        contest_problem = refusal_message(error)
    staff = congress.roles.filter(role__in=SCRUTINEERS).select_related("user")
    return render(request, "elections/election.html", context(
        request, congress, election=election, candidates=candidates,
        contest_problem=contest_problem,
        scrutineers=election.scrutineers.select_related("user").order_by("role"),
        scrutineer_choices=sorted({r.user for r in staff}, key=lambda u: u.get_username()),
        roles=ScrutineerRole.choices,
        rounds=[(poll, round_label(poll), poll_result(poll)) for poll in rounds(election)],
        list_open=not election.polls.exclude(state=PollState.DRAFT).exists(),
        outsiders=[c for c in candidates if c.delegate_id is None],
        sessions=congress.sessions.order_by("number"), methods=Method.choices[:2],
    ), status=status)


def _bad_input(request: HttpRequest, error: InvalidInput, page: HttpResponse) -> HttpResponse:
    """The page again with what was wrong: bad input is a 400, never stored."""
    report(request, error)
    page.status_code = 400
    return page


def _election_action(request: HttpRequest, election) -> None:
    action = request.POST.get("action")
    by = request.user
    if action == "add_candidate":
        data = parse(CandidateForm(request.POST))
        who = data["who"].strip()
        delegate = Delegate.objects.filter(
            Q(number=who) | Q(name=who) | Q(name=normalise_name(who)),
            congress=election.congress,
        ).first()
        candidate = services.add_candidate(
            election=election, name=candidate_name(delegate.name if delegate else who),
            delegate=delegate, bio=data["bio"], by=by,
        )
        if delegate is None:
            # Not refused: a congress may nominate someone from outside its delegates.
            messages.warning(request, _(
                "%(name)s is not a delegate of this congress (no delegate has this name or "
                "number). Check the spelling; keep the nomination only if it is meant to be "
                "someone from outside the congress.") % {"name": candidate.name})
    elif action == "remove_candidate":
        data = parse(CandidateChoiceForm(request.POST))
        candidate = get_object_or_404(Candidate, pk=data["candidate"], election=election)
        services.remove_candidate(candidate=candidate, by=by)
    elif action == "assign_scrutineer":
        data = parse(ScrutineerForm(request.POST))
        held = election.congress.roles.filter(
            user_id=data["user"], role__in=SCRUTINEERS
        ).select_related("user").first()
        if held is None:
            raise InvalidInput(_("Person: not a scrutineer or counter of this congress."))
        services.assign_scrutineer(election=election, user=held.user, role=data["role"], by=by)
    elif action == "create_round":
        data = parse(RoundForm(request.POST, congress=election.congress))
        services.create_election_poll(
            election=election, session=data["session"], method=data["method"], by=by,
            rehearsal=data["rehearsal"],
        )
    else:
        raise InvalidInput(_("Unknown action."))
