"""The lean cast: `POST /vote/<poll>/cast`, answered with the ballot's tracker.

Two forms of the same request: the review page's form posts here (fields as in the ballot
form) and gets a small receipt page, with or without JavaScript; a client sending JSON gets
JSON (`{"tracker", "repeated"}` or `{"error"}`). The request does only what the guarantees
need: the cast credential, the rules core's ballot check, and one transaction (poll state
FOR SHARE, eligibility, two inserts). The receipt page needs no query of its own (no
navigation context).

Who is casting comes from the signed cast credential the review page embeds
(`voting.cast_credential`), not from the session: this view never reads `request.session`
or `request.user` (both lazy), so neither the session row nor the user row is loaded. That
was half the CPU of a cast. Eligibility, the poll's state, one ballot per voter and
idempotency are decided where they were, in the cast's statement and by the unique
constraint.

CSRF. The credential alone would do as the CSRF proof: a forger's page cannot read it
(it is unguessable and only in the review page). Django's CSRF check stays on all the
same, as a second layer: it compares the form field (or header) with the cookie, which
costs no query and no session.

The view is async and does all its database work in one call to a worker thread. A sync
view would run in the process's one thread for sync code, so a worker process would cast
one ballot at a time and sit idle while PostgreSQL flushes each commit. On SQLite (the
embedded demo) the work stays in that one thread: SQLite has one writer anyway.

An open poll's rules (motion or election, seats, candidates, method) cannot change while it
is open, so each process keeps the poll once it has seen it open; its state is still read
in every cast's transaction.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dahui import rules
from dahui.congress.access import DELEGATE
from dahui.elections.models import Method, Poll, PollState
from dahui.elections.refusals import refusal_message
from dahui.elections.views.common import REFUSALS
from dahui.voting import board, cast_credential
from dahui.voting.choices import BadBallotField, choices_from
from dahui.voting.services import AccountInactive, cast_ballot_as_delegate

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 2


def _cast_threads() -> int:
    """As many casting threads as the connection pool can serve, less two for the thread of
    sync views and the progress sender (each casting thread keeps one connection): a cast
    mostly waits for PostgreSQL's commit, so threads beyond the CPU count still help."""
    pool = settings.DATABASES["default"].get("OPTIONS", {}).get("pool")
    size = pool.get("max_size", 4) if isinstance(pool, dict) else 4
    return max(2, size - 2)


_CASTING = ThreadPoolExecutor(max_workers=_cast_threads(), thread_name_prefix="dahui-cast")


def close_casting_connections() -> None:
    """Hand every casting thread's connection back (before a database is dropped, say).
    A barrier makes each thread take exactly one of the closing jobs."""
    threads = _CASTING._max_workers
    everyone = threading.Barrier(threads)

    def close() -> None:
        connection.close()
        everyone.wait(timeout=10)

    for job in [_CASTING.submit(close) for _thread in range(threads)]:
        job.result(timeout=20)


_OPEN_POLLS: dict[int, Poll] = {}
_OPEN_POLLS_KEPT = 256


def _poll(poll_id: int) -> Poll | None:
    poll = _OPEN_POLLS.get(poll_id)
    if poll is not None:
        return poll
    poll = (Poll.objects.select_related("congress", "election", "motion", "appraisal")
            .filter(pk=poll_id).first())
    if poll is not None and poll.state == PollState.OPEN and poll.method == Method.ELECTRONIC:
        if len(_OPEN_POLLS) >= _OPEN_POLLS_KEPT:
            _OPEN_POLLS.clear()
        _OPEN_POLLS[poll_id] = poll
    return poll


def _answer(status: int, body: dict[str, Any]) -> JsonResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _respond(request: HttpRequest, poll_id: int, data: Mapping[str, Any],
             page: bool) -> HttpResponse:
    """Cast, then answer as JSON or as a page, all in this (worker) thread: a page render
    runs template code, which may query (the poll's congress), and async code must not."""
    try:
        status, body, poll = _cast_checked(request, poll_id, data, strict=not page)
        if not page:
            return _answer(status, body)
        return _page(request, poll, status, body, data)
    finally:
        if connection.errors_occurred:
            # Broken (a database restart): dropped now, so the retry gets a fresh one.
            # A healthy connection stays with this casting thread for the next cast,
            # saving the pool's check and hand-over on every cast.
            connection.close_if_unusable_or_obsolete()


def _cast_checked(request: HttpRequest, poll_id: int, data: Mapping[str, Any],
                  strict: bool = False) -> tuple[int, dict, Poll | None]:
    poll = None
    try:
        try:
            delegate_id = cast_credential.verify(str(data.get("credential", "")),
                                                 poll_id=poll_id)
        except cast_credential.CredentialRefused:
            return 403, {"error": _("Log in to vote.")}, None
        poll = _poll(poll_id)
        if poll is None:
            return 404, {"error": _("There is no such poll.")}, None
        if poll.state != PollState.OPEN or poll.method != Method.ELECTRONIC:
            return 409, {"error": _("This poll is not open for voting.")}, poll
        receipt = cast_ballot_as_delegate(
            poll=poll, delegate_id=delegate_id,
            choices=choices_from(data, poll, strict=strict),
            idempotency_key=str(data.get("key", "")),
        )
        return 200, {"tracker": receipt.tracker, "repeated": receipt.repeated}, poll
    except AccountInactive:
        return 403, {"error": _("Log in to vote.")}, None
    except PermissionDenied:
        return 403, {"error": _("You have no ballot in this poll.")}, poll
    except BadBallotField as error:
        return 400, {"error": str(error), "field": error.field}, poll
    except (rules.BallotRefused, ValueError) as error:
        return 422, {"error": refusal_message(error)}, poll
    except REFUSALS as error:
        return 409, {"error": refusal_message(error)}, poll
    except (OperationalError, InterfaceError):
        # The database is away (restarting, overloaded). The transaction did not commit,
        # so nothing of this ballot is stored: the client retries with the same key.
        log.warning("cast on poll %s: database unavailable", poll_id, exc_info=True)
        return 503, {"error": _("The ballot box is busy. Your ballot is not stored yet; "
                                "it is being sent again."), "retry": True}, poll


def _page(request: HttpRequest, poll: Poll | None, status: int, body: dict,
          data: Mapping[str, Any]) -> HttpResponse:
    """The receipt, or why there is none, without the navigation's queries: the page
    knows the congress from the poll and that its reader is a delegate. `user` and
    `messages` are given so that the page reads neither the session nor the user row: a
    valid credential was issued to a logged-in delegate (the header offers "Log out")."""
    signed_in = status not in (403, 503)
    page = {"congress": poll.congress if poll else None, "poll": poll,
            "roles": frozenset({DELEGATE}), "can": {}, "session": None, "messages": (),
            "user": {"is_authenticated": True} if signed_in else None}
    if status == 200:
        tracker = body["tracker"]
        response = render(request, "voting/receipt.html", {
            **page, "tracker": tracker, "repeated": body["repeated"],
            "tracker_grouped": board.grouped(tracker),
            "tracker_short": board.short_form(tracker),
        })
    else:
        # The same fields again, so that a retry (503) resends the same key.
        resend = {k: v for k, v in data.items() if k in ("key", "vote", "credential")
                  or k.startswith(("mark-", "write_in-"))}
        response = render(request, "voting/cast_refused.html", {
            **page, "error": body["error"], "retry": status == 503, "resend": resend,
            "retry_after": RETRY_AFTER_SECONDS,
        }, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def in_own_thread() -> bool:
    return connection.vendor != "sqlite"


@require_POST
async def cast(request: HttpRequest, poll_id: int) -> HttpResponse:
    page = request.content_type != "application/json"
    if page:
        data: Any = request.POST.dict()
    else:
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError, RecursionError):
            data = None  # RecursionError: nested thousands deep
        if not isinstance(data, dict):
            return _answer(400, {"error": "body: send the ballot as a JSON object"})
    if in_own_thread():
        run = sync_to_async(_respond, thread_sensitive=False, executor=_CASTING)
    else:
        run = sync_to_async(_respond, thread_sensitive=True)
    return await run(request, poll_id, data, page)
