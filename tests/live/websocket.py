"""Drive an ASGI WebSocket application in-process (channels.testing needs daphne, which
dahui does not install; uvicorn serves it)."""

from __future__ import annotations

import json
from typing import Any

from asgiref.testing import ApplicationCommunicator


class WebsocketCommunicator(ApplicationCommunicator):
    def __init__(self, application, path: str, headers: list[tuple[bytes, bytes]]) -> None:
        path, _, query = path.partition("?")
        super().__init__(application, {
            "type": "websocket", "path": path, "raw_path": path.encode(),
            "query_string": query.encode(), "headers": headers, "subprotocols": [],
            "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
        })

    async def connect(self, timeout: float = 5) -> tuple[bool, Any]:
        await self.send_input({"type": "websocket.connect"})
        answer = await self.receive_output(timeout)
        return answer["type"] == "websocket.accept", answer

    async def receive_json_from(self, timeout: float = 5) -> Any:
        answer = await self.receive_output(timeout)
        assert answer["type"] == "websocket.send", answer
        return json.loads(answer["text"])

    async def disconnect(self, code: int = 1000, timeout: float = 5) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)
