"""Results: the page, the hall screen's partial and JSON, the bulletin board, the record."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache

from dahui.congress.access import access_screen, roles_of
from dahui.elections.access import PollNeed, access_poll
from dahui.elections.models import Method, Poll, PollState
from dahui.elections.records import (
    audit_head_record,
    ballots_jsonl,
    election_json,
    publication_head,
)
from dahui.elections.selectors import (
    COUNTED_STATES,
    latest_results,
    poll_result,
    round_label,
)
from dahui.elections.views.common import context
from dahui.live.hall import hall_stage, screen_language
from dahui.voting import board
from dahui.voting.publication import may_download_ballots


@login_required
def result_page(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id, need=PollNeed.RESULT)
    result = poll_result(poll)
    if result is None:
        raise Http404("not counted yet")
    return render(request, "elections/result.html", context(
        request, poll.congress, poll=poll, result=result,
        round_label=round_label(poll) if poll.election_id else "",
    ))


def _result_json(result) -> dict:
    poll = result.poll
    return {
        "poll_id": poll.pk, "title": poll.title, "kind": "election" if poll.election_id
        else "appraisal" if poll.appraisal_id else "motion", "state": poll.state,
        "result": result.data,
        "elected_names": list(result.elected_names), "runoff_names": list(result.runoff_names),
    }


def _screen_poll(congress, request: HttpRequest, *, otherwise: str) -> Poll | None:
    """The published poll of this congress a results view shows: the one its link names
    (?poll=N, from the poll page), else the most recent publication (`otherwise` "latest",
    or ?latest=1) or the current agenda item's own poll (`otherwise` "item")."""
    wanted = request.GET.get("poll", "")
    if wanted:
        if not wanted.isdigit():
            return None
        return (Poll.objects.filter(congress=congress, pk=int(wanted), state=PollState.PUBLISHED)
                .select_related("election", "motion").first())
    if otherwise == "latest" or request.GET.get("latest"):
        latest = latest_results(congress)
        return latest[0].poll if latest else None
    poll = hall_stage(congress).poll
    return poll if poll is not None and poll.state == PollState.PUBLISHED else None


def _screen_result_context(congress, poll: Poll | None) -> dict:
    result = poll_result(poll) if poll is not None else None
    return {
        "congress": congress, "result": result,
        "round_label": round_label(poll) if result and poll.election_id else "",
        "audit_head": publication_head(poll) if result else None,
    }


@never_cache
def screen_results(request: HttpRequest, congress_id: int, token: str) -> HttpResponse:
    """A result full screen for the projector, live: the poll the link names, else the
    most recently published one."""
    congress = access_screen(congress_id, token)
    poll = _screen_poll(congress, request, otherwise="latest")
    with translation.override(screen_language(congress)):
        return render(request, "elections/screen_results.html", {
            **_screen_result_context(congress, poll), "token": token,
            "poll_param": request.GET.get("poll", ""),
        })


@never_cache
def screen_results_partial(request: HttpRequest, congress_id: int, token: str) -> HttpResponse:
    """The result as an HTML fragment, for the hall screen and the results page to load:
    the poll named by ?poll=N (when published), the latest published one with ?latest=1,
    else the current item's own poll once published."""
    congress = access_screen(congress_id, token)
    poll = _screen_poll(congress, request, otherwise="item")
    with translation.override(screen_language(congress)):
        return render(request, "elections/_screen_result.html",
                      _screen_result_context(congress, poll))


def screen_results_json(request: HttpRequest, congress_id: int, token: str) -> JsonResponse:
    congress = access_screen(congress_id, token)
    return JsonResponse(
        {"results": [_result_json(r) for r in latest_results(congress)]},
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
def bulletin_board_page(request: HttpRequest, poll_id: int) -> HttpResponse:
    """The trackers of a closed electronic poll, for voters to find their receipt: for
    people with a role in the congress only; the list and its length (the turnout) only
    once the result is published (`voting.board`, docs/threat-model.md)."""
    try:
        poll = Poll.objects.select_related("congress", "election", "motion").get(pk=poll_id)
    except Poll.DoesNotExist:
        raise Http404("no such poll") from None
    if poll.method != Method.ELECTRONIC:
        raise Http404("only an electronic poll has a bulletin board")
    if not roles_of(request.user, poll.congress):
        raise PermissionDenied("the bulletin board is for the congress's own people")
    answer = board.look_up(poll, request.GET.get("tracker", ""))
    return render(request, "elections/board.html", context(
        request, poll.congress, poll=poll, answer=answer,
        trackers=[(t, board.grouped(t), board.short_form(t)) for t in board.trackers(poll)],
        closed=board.closed(poll), listed=board.lists_trackers(poll),
    ))


def _record_poll(request: HttpRequest, poll_id: int) -> Poll:
    poll = access_poll(request.user, poll_id, need=PollNeed.RESULT)
    if poll.state not in COUNTED_STATES:
        raise Http404("the record exists once the poll is counted")
    return poll


@login_required
def record_election(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = _record_poll(request, poll_id)
    response = HttpResponse(
        json.dumps(election_json(poll), ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}-election.json"'
    return response


@login_required
def record_ballots(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Every ballot's marking pattern: to the staff once counted; to delegates only where
    the poll publishes every ballot (`voting.publication`), else counts only."""
    poll = _record_poll(request, poll_id)
    if not may_download_ballots(request.user, poll):
        raise PermissionDenied("this poll publishes its counts only")
    response = HttpResponse(ballots_jsonl(poll), content_type="application/x-ndjson")
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}-ballots.jsonl"'
    return response


@login_required
def record_audit_head(request: HttpRequest, poll_id: int) -> JsonResponse:
    """The audit log's head at publication, for `dahui audit verify LOG --head FILE`."""
    poll = _record_poll(request, poll_id)
    return JsonResponse(audit_head_record(poll), json_dumps_params={"indent": 1})


@login_required
def record_result(request: HttpRequest, poll_id: int) -> JsonResponse:
    poll = _record_poll(request, poll_id)
    return JsonResponse(poll.result, json_dumps_params={"ensure_ascii": False, "indent": 1})
