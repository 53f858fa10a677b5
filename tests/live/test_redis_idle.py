"""An idle hall screen keeps its WebSocket: waiting on Redis longer than the blocking pop
is not an error."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from dahui.settings import _redis_hosts

pytestmark = pytest.mark.redis


def _wait_idle(hosts) -> BaseException | None:
    from channels_redis.core import RedisChannelLayer

    layer = RedisChannelLayer(hosts=hosts, prefix=f"idle-{uuid.uuid4().hex[:8]}")

    async def wait() -> BaseException | None:
        channel = await layer.new_channel()
        try:
            async with asyncio.timeout(layer.brpop_timeout + 4):
                await layer.receive(channel)
        except BaseException as error:
            return error
        finally:
            await layer.flush()
        return None

    return asyncio.run(wait())


def test_a_consumer_waiting_longer_than_the_blocking_pop_is_not_torn_down(redis_server_url):
    ended = _wait_idle(_redis_hosts(redis_server_url))
    # Only our own deadline ends the wait, never Redis's socket timeout.
    assert type(ended) is TimeoutError, repr(ended)
