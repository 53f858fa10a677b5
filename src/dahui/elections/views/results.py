"""Results: the page, the hall screen's partial and JSON, the bulletin board, the record."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache

from dahui.congress.access import access_screen
from dahui.elections.access import PollNeed, access_poll
from dahui.elections.models import Poll, PollState
from dahui.elections.records import ballots_jsonl, election_json
from dahui.elections.selectors import (
    COUNTED_STATES,
    bulletin_board,
    latest_results,
    poll_result,
    round_label,
)
from dahui.elections.views.common import context
from dahui.live.hall import audit_head, hall_stage, screen_language


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
        else "motion", "state": poll.state, "result": result.data,
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
        "audit_head": audit_head(congress.pk) if result else None,
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


def bulletin_board_page(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Public: the trackers of a closed poll, for voters to find their receipt."""
    try:
        poll = Poll.objects.select_related("congress", "election", "motion").get(pk=poll_id)
    except Poll.DoesNotExist:
        raise Http404("no such poll") from None
    query = "".join(request.GET.get("tracker", "").split()).lower()
    trackers = bulletin_board(poll)
    return render(request, "elections/board.html", {
        "congress": poll.congress, "poll": poll, "query": query,
        "trackers": [(t, " ".join(t[i:i + 8] for i in range(0, len(t), 8))) for t in trackers],
        "found": bool(query) and query in trackers, "closed": poll.state not in (
            PollState.DRAFT, PollState.OPEN),
    })


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
    poll = _record_poll(request, poll_id)
    response = HttpResponse(ballots_jsonl(poll), content_type="application/x-ndjson")
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}-ballots.jsonl"'
    return response


@login_required
def record_result(request: HttpRequest, poll_id: int) -> JsonResponse:
    poll = _record_poll(request, poll_id)
    return JsonResponse(poll.result, json_dumps_params={"ensure_ascii": False, "indent": 1})
