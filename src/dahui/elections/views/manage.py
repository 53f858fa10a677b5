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
from dahui.congress.models import DEFAULT_MIN_EXCESS, DEFAULT_QUORUM, Delegate
from dahui.elections import counting, services
from dahui.elections.access import PollNeed, access_election, may_set_up
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


def _int(value: str | None, *, field: str) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise ValueError(f"{field}: {value!r} is not a whole number") from None


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
        session = get_object_or_404(congress.sessions, pk=_int(request.POST.get("session"),
                                                               field="session"))
        motion = services.create_motion(
            congress=congress, title=request.POST.get("title", ""),
            kind=request.POST.get("kind") or MotionKind.REPORT,
            threshold_base=request.POST.get("threshold_base") or ThresholdBase.ENTITLED,
            by=request.user,
        )
        services.create_motion_poll(
            motion=motion, session=session, method=request.POST.get("method", ""),
            by=request.user,
        )
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
        election = services.create_election(
            congress=congress, title=request.POST.get("title", ""),
            body=request.POST.get("body") or Body.COMMITTEE,
            seats=_int(request.POST.get("seats"), field="seats"),
            quorum=request.POST.get("quorum") or DEFAULT_QUORUM,
            min_excess=request.POST.get("min_excess") or DEFAULT_MIN_EXCESS,
            threshold_base=request.POST.get("threshold_base") or ThresholdBase.ENTITLED,
            write_ins=request.POST.get("write_ins") == "on",
            by=request.user,
        )
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
        except REFUSALS as error:
            refuse(request, error)
        return redirect("elections:election", election.pk)
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
    ))


def _election_action(request: HttpRequest, election) -> None:
    action = request.POST.get("action")
    by = request.user
    if action == "add_candidate":
        who = request.POST.get("who", "").strip()
        delegate = Delegate.objects.filter(
            Q(number=who) | Q(name=who), congress=election.congress
        ).first()
        candidate = services.add_candidate(
            election=election, name=delegate.name if delegate else who, delegate=delegate,
            bio=request.POST.get("bio", ""), by=by,
        )
        if delegate is None:
            # Not refused: a congress may nominate someone from outside its delegates.
            messages.warning(request, _(
                "%(name)s is not a delegate of this congress (no delegate has this name or "
                "number). Check the spelling; keep the nomination only if it is meant to be "
                "someone from outside the congress.") % {"name": candidate.name})
    elif action == "remove_candidate":
        candidate = get_object_or_404(
            Candidate, pk=_int(request.POST.get("candidate"), field="candidate"),
            election=election,
        )
        services.remove_candidate(candidate=candidate, by=by)
    elif action == "assign_scrutineer":
        held = election.congress.roles.filter(
            user_id=_int(request.POST.get("user"), field="user"), role__in=SCRUTINEERS
        ).select_related("user").first()
        if held is None:
            raise ValueError("user: not a scrutineer or counter of this congress")
        services.assign_scrutineer(
            election=election, user=held.user, role=request.POST.get("role", ""), by=by
        )
    elif action == "create_round":
        session = get_object_or_404(
            election.congress.sessions, pk=_int(request.POST.get("session"), field="session")
        )
        services.create_election_poll(
            election=election, session=session, method=request.POST.get("method", ""), by=by
        )
    else:
        raise ValueError(f"action: unknown {action!r}")
