"""The stream's numbers: shared by every worker through Redis, renamed when Redis forgets."""

from __future__ import annotations

import secrets

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer

from dahui.live import sequence


def _redis_layer(url: str, prefix: str):
    from channels_redis.core import RedisChannelLayer

    return RedisChannelLayer(hosts=[url], prefix=prefix)


def test_two_workers_share_one_numbering_through_redis(redis_server_url):
    prefix = f"dahui-test-{secrets.token_hex(4)}"
    worker_a, worker_b = _redis_layer(redis_server_url, prefix), _redis_layer(redis_server_url,
                                                                              prefix)

    async def interleave() -> list[sequence.Position]:
        taken = [await sequence.advance(worker_a, 8), await sequence.advance(worker_b, 8),
                 await sequence.advance(worker_a, 8), await sequence.current(worker_b, 8)]
        await worker_a.connection(0).delete(f"{prefix}:live:seq:8", f"{prefix}:live:epoch")
        return taken

    taken = async_to_sync(interleave)()
    assert [p.seq for p in taken] == [1, 2, 3, 3]
    assert len({p.epoch for p in taken}) == 1


def test_redis_that_forgot_its_numbers_starts_a_new_epoch(redis_server_url):
    prefix = f"dahui-test-{secrets.token_hex(4)}"
    layer = _redis_layer(redis_server_url, prefix)

    async def forget_between() -> tuple[sequence.Position, sequence.Position]:
        before = await sequence.advance(layer, 9)
        await layer.connection(0).delete(f"{prefix}:live:seq:9", f"{prefix}:live:epoch")
        after = await sequence.advance(layer, 9)
        await layer.connection(0).delete(f"{prefix}:live:seq:9", f"{prefix}:live:epoch")
        return before, after

    before, after = async_to_sync(forget_between)()
    assert (before.seq, after.seq) == (1, 1)
    assert before.epoch != after.epoch


def test_in_memory_layer_numbers_per_congress_in_the_process():
    layer = InMemoryChannelLayer()
    start = async_to_sync(sequence.current)(layer, 424242).seq
    async_to_sync(sequence.advance)(layer, 424242)
    assert async_to_sync(sequence.current)(layer, 424242).seq == start + 1
    assert async_to_sync(sequence.current)(layer, 424243).seq == 0
