"""Results: the page, the hall screen's partial and JSON, the bulletin board, the record."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from dahui.congress.access import access_screen
from dahui.elections.access import PollNeed, access_poll
from dahui.elections.models import Poll, PollState
from dahui.elections.records import audit_head_record, ballots_jsonl, election_json
from dahui.elections.selectors import (
    COUNTED_STATES,
    bulletin_board,
    latest_results,
    poll_result,
    round_label,
)
from dahui.elections.views.common import context


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


def screen_results(request: HttpRequest, congress_id: int, token: str) -> HttpResponse:
    """The latest published result, full screen for the projector; refreshes itself."""
    congress = access_screen(congress_id, token)
    results = latest_results(congress)
    return render(request, "elections/screen_results.html", {
        "congress": congress, "result": results[0] if results else None, "token": token,
    })


def screen_results_partial(request: HttpRequest, congress_id: int, token: str) -> HttpResponse:
    """The same result as an HTML fragment, for the hall screen page to include."""
    congress = access_screen(congress_id, token)
    results = latest_results(congress)
    return render(request, "elections/_screen_result.html", {
        "congress": congress, "result": results[0] if results else None,
    })


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
def record_audit_head(request: HttpRequest, poll_id: int) -> JsonResponse:
    """The audit log's head at publication, for `dahui audit verify LOG --head FILE`."""
    poll = _record_poll(request, poll_id)
    return JsonResponse(audit_head_record(poll), json_dumps_params={"indent": 1})


@login_required
def record_result(request: HttpRequest, poll_id: int) -> JsonResponse:
    poll = _record_poll(request, poll_id)
    return JsonResponse(poll.result, json_dumps_params={"ensure_ascii": False, "indent": 1})
