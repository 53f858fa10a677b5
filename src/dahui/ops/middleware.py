"""Two middlewares for the day's operator.

HealthMiddleware sits first: it answers `/healthz` for the proxy before anything else runs
(no login, no session, no host or NUL check, no CSRF), 200 while the database answers,
503 when it does not.

RequestLogMiddleware writes one JSON line per request to the `dahui.requests` logger when
DAHUI_LOG_FORMAT=json: method, path (never the query string), status and milliseconds.
Nothing else: no user, no address, no body, so a cast's line holds no ballot and no voter.
"""

from __future__ import annotations

import json
import logging
import time

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.http import JsonResponse

from dahui.ops import probes

request_log = logging.getLogger("dahui.requests")
HEALTH_PATH = "/healthz"


def health() -> JsonResponse:
    db = probes.probe_database()
    redis = probes.probe_redis()
    body = {"db": db.ok, "db_ms": db.ms,
            "redis": None if redis is None else redis.ok,
            "redis_ms": None if redis is None else redis.ms}
    response = JsonResponse(body, status=200 if db.ok else 503)
    response["Cache-Control"] = "no-store"
    return response


class _Middleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)


class HealthMiddleware(_Middleware):
    def __call__(self, request):
        if self.is_async:
            return self._acall(request)
        if request.path == HEALTH_PATH:
            return health()
        return self.get_response(request)

    async def _acall(self, request):
        if request.path == HEALTH_PATH:
            return await sync_to_async(health)()
        return await self.get_response(request)


def log_line(request, status: int, started: float) -> str:
    return json.dumps({
        "method": request.method,
        "path": request.path,
        "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }, ensure_ascii=False)


class RequestLogMiddleware(_Middleware):
    def __call__(self, request):
        if self.is_async:
            return self._acall(request)
        started = time.perf_counter()
        response = self.get_response(request)
        self._log(request, response, started)
        return response

    async def _acall(self, request):
        started = time.perf_counter()
        response = await self.get_response(request)
        self._log(request, response, started)
        return response

    @staticmethod
    def _log(request, response, started: float) -> None:
        if getattr(settings, "DAHUI_LOG_FORMAT", "") == "json":
            request_log.info(log_line(request, response.status_code, started))
