"""The WebSocket: who may listen, and what they hear."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from django.db import transaction
from django.test import Client

from dahui.asgi import application
from dahui.live.events import AgendaMoved, publish_on_commit
from tests.live.websocket import WebsocketCommunicator

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://127.0.0.1")


def _cookie_of(user) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    return b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()


@pytest.fixture
def cookies(hall) -> dict[str, tuple[bytes, bytes]]:
    return {"delegate": _cookie_of(hall.delegate.user), "outsider": _cookie_of(hall.outsider)}


def _socket(hall, *, headers, query: str = "") -> WebsocketCommunicator:
    return WebsocketCommunicator(
        application, f"/ws/live/{hall.congress.pk}/{query}", headers=headers
    )


async def test_delegate_hears_hello_then_the_next_numbered_event(hall, cookies):
    socket = _socket(hall, headers=[ORIGIN, cookies["delegate"]])
    connected, _ = await socket.connect()
    assert connected
    hello = await socket.receive_json_from(timeout=5)
    assert hello["type"] == "hello"

    def move() -> None:
        with transaction.atomic():
            publish_on_commit(AgendaMoved(congress_id=hall.congress.pk, item_id=hall.items[2].pk))

    await sync_to_async(move)()
    message = await socket.receive_json_from(timeout=5)
    assert message == {
        "type": "event", "epoch": hello["epoch"], "seq": hello["seq"] + 1,
        "event": {"type": "agenda.moved", "congress_id": hall.congress.pk,
                  "item_id": hall.items[2].pk},
    }
    await socket.disconnect()


async def test_hall_screen_listens_by_token(hall):
    socket = _socket(hall, headers=[ORIGIN], query="?screen=screen-token-3")
    await socket.connect()
    assert (await socket.receive_json_from(timeout=5))["type"] == "hello"
    await socket.disconnect()


@pytest.mark.parametrize(("who", "query"), [("outsider", ""), ("anonymous", ""),
                                             ("anonymous", "?screen=guessed")])
async def test_others_are_closed_with_forbidden(hall, cookies, who, query):
    headers = [ORIGIN] + ([cookies["outsider"]] if who == "outsider" else [])
    socket = _socket(hall, headers=headers, query=query)
    await socket.connect()
    closing = await socket.receive_output(timeout=5)
    assert closing == {"type": "websocket.close", "code": 4403}


async def test_unknown_congress_is_closed_with_not_found(hall):
    socket = WebsocketCommunicator(application, "/ws/live/999999/", headers=[ORIGIN])
    await socket.connect()
    assert (await socket.receive_output(timeout=5))["code"] == 4404


async def test_socket_from_another_site_is_refused_at_the_handshake(hall, cookies):
    socket = _socket(hall, headers=[(b"origin", b"https://evil.example"), cookies["delegate"]])
    connected, _ = await socket.connect()
    assert not connected
