"""What the technician's status page and the proxy's health check measure.

Every figure here is an aggregate: no ballot, no voter, no time of any one cast. Casts per
minute is a poll's participation count (already shown live on the staff's progress bars)
divided by the minutes since it opened, never a per-minute series.
"""

from __future__ import annotations

import collections
import json
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

STARTED = time.time()
HEARTBEAT_KEY = "dahui:ops:workers"
ERRORS_KEY = "dahui:ops:errors"
HEARTBEAT_EVERY = 10.0  # seconds between one worker's heartbeats
WORKER_STALE = 60.0  # a worker not heard of for this long is shown as down
ERRORS_KEPT = 50
_last_beat = 0.0


@dataclass(frozen=True)
class Probe:
    ok: bool
    ms: float | None
    error: str = ""


def _timed(check) -> Probe:
    start = time.perf_counter()
    try:
        check()
    except Exception as exc:  # the probe reports any failure, it never raises
        return Probe(False, None, f"{type(exc).__name__}: {str(exc)[:200]}")
    return Probe(True, round((time.perf_counter() - start) * 1000, 2))


def _select_one() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def probe_database() -> Probe:
    return _timed(_select_one)


_redis_client = None


def redis_client():
    """A small synchronous client to REDIS_URL (None without Redis)."""
    global _redis_client
    if not settings.REDIS_URL:
        return None
    if _redis_client is None:
        import redis

        _redis_client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    return _redis_client


def probe_redis() -> Probe | None:
    client = redis_client()
    return None if client is None else _timed(client.ping)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def this_worker() -> dict:
    return {"id": worker_id(), "pid": os.getpid(), "host": socket.gethostname(),
            "started": STARTED, "seen": time.time()}


def heartbeat(force: bool = False) -> None:
    """Note in Redis that this worker process is alive (at most every HEARTBEAT_EVERY s)."""
    global _last_beat
    now = time.time()
    if not force and now - _last_beat < HEARTBEAT_EVERY:
        return
    _last_beat = now
    client = redis_client()
    if client is None:
        return
    try:
        client.hset(HEARTBEAT_KEY, worker_id(), json.dumps(this_worker()))
    except Exception:  # Redis down: the status page says so itself
        return


_beating: threading.Thread | None = None


def start_heartbeat() -> None:
    """Beat from a daemon thread of this serving process, every HEARTBEAT_EVERY s. Never on
    a request's path: a slow Redis would hold whichever cast happened to carry the beat."""
    global _beating
    if _beating is not None:
        return

    def beat_forever() -> None:
        while True:
            heartbeat(force=True)
            time.sleep(HEARTBEAT_EVERY)

    _beating = threading.Thread(target=beat_forever, name="dahui-heartbeat", daemon=True)
    _beating.start()


def workers() -> list[dict]:
    """Every worker heard of recently (with Redis), else this process; `up` and uptime."""
    heartbeat(force=True)
    now = time.time()
    found = {worker_id(): this_worker()}
    client = redis_client()
    if client is not None:
        try:
            for raw in client.hgetall(HEARTBEAT_KEY).values():
                info = json.loads(raw)
                found.setdefault(info["id"], info)
        except Exception:
            pass
    rows = []
    for info in sorted(found.values(), key=lambda w: (w["host"], w["pid"])):
        rows.append({
            **info,
            "up": now - info["seen"] < WORKER_STALE,
            "uptime_s": int(now - info["started"]),
            "seen_s_ago": int(now - info["seen"]),
            "this": info["id"] == worker_id(),
        })
    return rows


def live_connections(congress_id: int) -> int | None:
    """WebSocket connections following this congress now (phones, screens, staff pages):
    members of the congress's channel-layer group."""
    from channels.layers import get_channel_layer

    from dahui.live.events import congress_group

    layer = get_channel_layer()
    group = congress_group(congress_id)
    client = redis_client()
    if client is not None and hasattr(layer, "_group_key"):
        try:
            return int(client.zcount(layer._group_key(group),
                                     time.time() - layer.group_expiry, "+inf"))
        except Exception:
            return None
    groups = getattr(layer, "groups", None)
    return len(groups.get(group, {})) if isinstance(groups, dict) else None


def casting(congress_id: int) -> list[dict]:
    """Open electronic polls: ballots cast so far and the mean casts per minute since open."""
    from dahui.elections.models import Method, Poll, PollState
    from dahui.voting.models import Participation

    rows = []
    now = timezone.now()
    for poll in Poll.objects.filter(congress_id=congress_id, state=PollState.OPEN,
                                    method=Method.ELECTRONIC).order_by("pk"):
        cast = Participation.objects.filter(poll=poll).count()
        minutes = max((now - poll.opened_at).total_seconds() / 60, 1.0) if poll.opened_at \
            else None
        rows.append({"poll": poll, "cast": cast, "entitled": poll.entitled,
                     "per_minute": round(cast / minutes, 1) if minutes else None})
    return rows


# ---------------------------------------------------------------- the last errors

_errors: collections.deque = collections.deque(maxlen=ERRORS_KEPT)


class RecentErrors(logging.Handler):
    """Keeps the last warnings and errors: time, logger, level and the first line of the
    message, cut short. Never the request, its body or a traceback's locals."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage().splitlines()[0][:300] if record.msg else ""
            if record.exc_info and record.exc_info[0]:
                message += f" [{record.exc_info[0].__name__}]"
            entry = {"at": record.created, "logger": record.name,
                     "level": record.levelname, "message": message, "worker": worker_id()}
            _errors.append(entry)
            client = redis_client()
            if client is not None:
                client.lpush(ERRORS_KEY, json.dumps(entry, ensure_ascii=False))
                client.ltrim(ERRORS_KEY, 0, ERRORS_KEPT - 1)
        except Exception:  # a logging handler must never raise
            pass


def recent_errors(limit: int = 20) -> list[dict]:
    client = redis_client()
    if client is not None:
        try:
            return [json.loads(raw) for raw in client.lrange(ERRORS_KEY, 0, limit - 1)]
        except Exception:
            pass
    return list(reversed(_errors))[:limit]
