"""Where a congress's event stream stands: an epoch and a sequence number.

Every published event takes the next number of its congress; a snapshot records the number
it was read at. A client holding a snapshot at number n applies events n+1, n+2 … and
fetches a fresh snapshot when it sees a gap, or an epoch it does not know.

The numbers live next to the events: in Redis when the Redis layer carries them (shared by
every worker on every machine), in the process otherwise (the in-memory layer reaches only
its own process anyway). Redis may be flushed or restarted without persistence; its numbers
then start again from 1 under a new epoch, so no client mistakes a new event for an old one.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

# The in-memory layer's numbers; the epoch changes whenever the process starts.
_LOCAL_EPOCH = secrets.token_hex(8)
_local_numbers: dict[int, int] = {}


@dataclass(frozen=True)
class Position:
    epoch: str
    seq: int

    def as_dict(self) -> dict[str, Any]:
        return {"epoch": self.epoch, "seq": self.seq}


def _redis(layer: Any, congress_id: int) -> tuple[Any, str] | None:
    """The Redis connection and key prefix of a Redis layer, or None for any other layer."""
    if not hasattr(layer, "connection") or not hasattr(layer, "consistent_hash"):
        return None
    connection = layer.connection(layer.consistent_hash(f"live.seq.{congress_id}"))
    return connection, f"{layer.prefix}:live"


async def _redis_epoch(connection: Any, prefix: str) -> str:
    key = f"{prefix}:epoch"
    # SET NX: the first worker to ask after Redis (re)starts names the epoch for all.
    await connection.set(key, secrets.token_hex(8), nx=True)
    epoch = await connection.get(key)
    return epoch.decode() if isinstance(epoch, bytes) else str(epoch)


async def advance(layer: Any, congress_id: int) -> Position:
    """Take the next number of the congress's stream (for an event about to be sent)."""
    redis = _redis(layer, congress_id)
    if redis is None:
        _local_numbers[congress_id] = _local_numbers.get(congress_id, 0) + 1
        return Position(_LOCAL_EPOCH, _local_numbers[congress_id])
    connection, prefix = redis
    epoch = await _redis_epoch(connection, prefix)
    seq = await connection.incr(f"{prefix}:seq:{congress_id}")
    return Position(epoch, int(seq))


async def current(layer: Any, congress_id: int) -> Position:
    """The number of the last event sent to the congress (0 before the first)."""
    redis = _redis(layer, congress_id)
    if redis is None:
        return Position(_LOCAL_EPOCH, _local_numbers.get(congress_id, 0))
    connection, prefix = redis
    epoch = await _redis_epoch(connection, prefix)
    seq = await connection.get(f"{prefix}:seq:{congress_id}")
    return Position(epoch, int(seq or 0))
