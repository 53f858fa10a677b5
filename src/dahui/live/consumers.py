"""The WebSocket a live page listens on: authenticate, subscribe, forward. Nothing else.

/ws/live/<congress_id>/            a logged-in participant (Django session cookie)
/ws/live/<congress_id>/?screen=…   the hall screen by its token

Refused connections are accepted and closed at once with code 4403 (or 4404), because a
browser cannot see why a handshake failed and would keep retrying; the client stops on
these codes. On joining, the consumer says where the stream stands so a client whose
snapshot is current need not fetch another.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import PermissionDenied
from django.http import Http404

from dahui.live import sequence
from dahui.live.access import live_viewer
from dahui.live.events import congress_group, progress_group

log = logging.getLogger(__name__)

CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_LAYER_DOWN = 1011  # server error: the client retries with backoff and polls meanwhile


def _authorise(user: Any, congress_id: int, token: str | None) -> bool:
    """Whether the viewer follows voting progress too (the screen and staff)."""
    return live_viewer(user, congress_id, token).sees_attendance


class CongressConsumer(AsyncJsonWebsocketConsumer):
    groups_joined: tuple[str, ...] = ()

    async def connect(self) -> None:
        congress_id = int(self.scope["url_route"]["kwargs"]["congress_id"])
        query = parse_qs(self.scope.get("query_string", b"").decode("latin1"))
        token = (query.get("screen") or [None])[0]
        await self.accept()
        try:
            with_progress = await database_sync_to_async(_authorise)(
                self.scope.get("user"), congress_id, token)
        except PermissionDenied:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        except Http404:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        try:
            self.groups_joined = (congress_group(congress_id),) + (
                (progress_group(congress_id),) if with_progress else ())
            for group in self.groups_joined:
                await self.channel_layer.group_add(group, self.channel_name)
            position = await sequence.current(self.channel_layer, congress_id)
        except Exception:  # the layer (Redis) is down
            log.warning("live layer unavailable for congress %s", congress_id, exc_info=True)
            await self.close(code=CLOSE_LAYER_DOWN)
            return
        await self.send_json({"type": "hello", **position.as_dict()})

    async def disconnect(self, code: int) -> None:
        for group in self.groups_joined:
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception:  # the group entry expires by itself
                log.info("could not leave %s", group, exc_info=True)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """Clients only listen; anything they send is ignored."""

    async def live_event(self, message: dict[str, Any]) -> None:
        await self.send_json(
            {"type": "event", "epoch": message.get("epoch"), "seq": message.get("seq"),
             "event": message["event"]}
        )
