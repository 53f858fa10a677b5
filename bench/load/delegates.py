"""A simulated delegate's phone: a session cookie, a live connection, a cast by HTTP POST.

Sessions are made directly in the database (the login page is not what is measured), and
the CSRF cookie and form field carry the same random secret, as a browser's would. The cast
credential a phone sends is the one its review page would embed, made here with the same
key (`dahui.voting.cast_credential`, where Django is set up with the server's
SECRET_KEY): the review page is not what is measured either.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass, field

import aiohttp

TRACKER = re.compile(r"[0-9a-f]{64}")


@dataclass
class Phone:
    delegate_id: int
    session_key: str
    csrf: str = field(default_factory=lambda: secrets.token_hex(16))

    def credential(self, poll_id: int) -> str:
        from dahui.voting import cast_credential

        return cast_credential.issue(poll_id=poll_id, delegate_id=self.delegate_id)

    def cookies(self) -> dict[str, str]:
        """The Cookie header (sent by hand: aiohttp keeps no cookies for IP addresses)."""
        return {"Cookie": f"sessionid={self.session_key}; csrftoken={self.csrf}"}


def make_sessions(user_ids: list[int]) -> list[str]:
    """A logged-in Django session per user (runs where Django is set up)."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    users = get_user_model().objects.in_bulk(user_ids)
    keys = []
    for user_id in user_ids:
        store = SessionStore()
        store[SESSION_KEY] = str(user_id)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = users[user_id].get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return keys


@dataclass
class CastOutcome:
    status: int
    tracker: str | None
    seconds: float
    error: str | None = None
    retry_after: str | None = None  # the server's Retry-After, on a 503


CAST_WAYS = ("page", "json", "full-page")


async def cast(http: aiohttp.ClientSession, base: str, phone: Phone, *, poll_id: int,
               key: str, vote: str = "for", way: str = "page") -> CastOutcome:
    """One cast: `page`, the review page's form post to the cast endpoint (what a browser
    does); `json`, the same endpoint asked for JSON; `full-page`, the ballot page's own
    form handler with the whole page around the receipt."""
    started = time.perf_counter()
    headers = {"Referer": f"{base}/vote/{poll_id}/", **phone.cookies()}
    credential = phone.credential(poll_id)
    form = {"csrfmiddlewaretoken": phone.csrf, "key": key, "vote": vote, "step": "cast",
            "credential": credential}
    try:
        if way == "json":
            request = http.post(
                f"{base}/vote/{poll_id}/cast",
                json={"key": key, "vote": vote, "credential": credential},
                headers={"X-CSRFToken": phone.csrf, **headers}, allow_redirects=False)
        else:
            url = f"{base}/vote/{poll_id}/" + ("cast" if way == "page" else "")
            request = http.post(url, data=form, headers=headers, allow_redirects=False)
        async with request as response:
            body = await response.text()
            found = TRACKER.search(body) if response.status == 200 else None
            return CastOutcome(response.status, found.group(0) if found else None,
                               time.perf_counter() - started,
                               None if response.status == 200 else body[:200],
                               response.headers.get("Retry-After"))
    except (aiohttp.ClientError, TimeoutError) as error:
        return CastOutcome(0, None, time.perf_counter() - started, type(error).__name__)


async def open_live(http: aiohttp.ClientSession, base: str, congress_id: int,
                    phone: Phone) -> aiohttp.ClientWebSocketResponse:
    ws_base = base.replace("http://", "ws://")
    socket = await http.ws_connect(
        f"{ws_base}/ws/live/{congress_id}/", headers={"Origin": base, **phone.cookies()},
        heartbeat=None,
    )
    hello = await socket.receive_json(timeout=30)
    if hello.get("type") != "hello":
        raise RuntimeError(f"live connection refused: {hello}")
    return socket


async def wait_for(socket: aiohttp.ClientWebSocketResponse, event_type: str,
                   timeout: float = 60) -> tuple[dict, float]:
    """The next event of the type, and when it arrived (perf_counter)."""
    deadline = time.perf_counter() + timeout
    while True:
        message = await socket.receive_json(timeout=max(0.1, deadline - time.perf_counter()))
        if message.get("type") == "event" and message["event"]["type"] == event_type:
            return message["event"], time.perf_counter()
