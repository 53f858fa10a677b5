"""The technician's status page: workers, database and Redis latency, live connections,
casting rate of open polls and the last errors. Secretariat only (Need.MANAGE)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dahui.congress.access import Need, access_congress
from dahui.congress.views.nav import page_context
from dahui.ops import probes


@login_required
def status(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.MANAGE)
    errors = [
        {**e, "at": timezone.localtime(dt.datetime.fromtimestamp(e["at"], tz=dt.UTC))}
        for e in probes.recent_errors()
    ]
    response = render(request, "ops/status.html", page_context(
        request, congress,
        workers=probes.workers(),
        database=probes.probe_database(),
        redis=probes.probe_redis(),
        connections=probes.live_connections(congress.pk),
        casting=probes.casting(congress.pk),
        errors=errors,
    ))
    response["Cache-Control"] = "no-store"
    response["Refresh"] = "15"
    return response
