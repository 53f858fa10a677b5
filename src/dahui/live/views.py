"""The snapshot a live page starts from and polls when WebSockets are blocked."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dahui.congress.models import Delegate
from dahui.live.access import live_viewer
from dahui.live.snapshot import build_snapshot


@require_GET
@never_cache
def snapshot(request: HttpRequest, congress_id: int) -> JsonResponse:
    token = request.GET.get("screen")
    viewer = live_viewer(request.user, congress_id, token)
    delegate = None if token else Delegate.objects.filter(
        user_id=request.user.pk, congress_id=congress_id).first()
    return JsonResponse(
        build_snapshot(viewer.congress, with_attendance=viewer.sees_attendance,
                       delegate=delegate),
        json_dumps_params={"ensure_ascii": False},
    )
