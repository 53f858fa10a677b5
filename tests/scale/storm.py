"""A hall of simulated phones casting at once, each retrying with its own key until it has
a receipt: what the durability tests drive against a real server they break on purpose."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field

import aiohttp
from bench.load.delegates import Phone, cast

RETRY_PAUSE_S = 0.2


@dataclass
class Voter:
    phone: Phone
    key: str = field(default_factory=lambda: str(uuid.uuid4()))
    receipts: list[str] = field(default_factory=list)  # every tracker the server answered
    statuses: list[int] = field(default_factory=list)  # every answer, 0 for no connection
    refusals: list[str] = field(default_factory=list)  # bodies of answers other than 200
    retry_after: list[str | None] = field(default_factory=list)  # on each 503


async def _until_receipt(http: aiohttp.ClientSession, base: str, poll_id: int, voter: Voter,
                         deadline: float) -> None:
    while time.monotonic() < deadline:
        outcome = await cast(http, base, voter.phone, poll_id=poll_id, key=voter.key)
        voter.statuses.append(outcome.status)
        if outcome.status == 503:
            voter.retry_after.append(outcome.retry_after)
        if outcome.status not in (0, 200):
            voter.refusals.append(outcome.error or "")
        if outcome.status == 200 and outcome.tracker:
            voter.receipts.append(outcome.tracker)
            return
        if outcome.status not in (0, 503):
            return  # a refusal: retrying would not change it, and the test looks at it
        await asyncio.sleep(RETRY_PAUSE_S)


async def storm(base: str, poll_id: int, voters: list[Voter], *, seconds: float,
                meanwhile=None) -> None:
    """Every voter casts at once and retries through outages; `meanwhile(voters)`, if given,
    runs beside them (it breaks something and mends it)."""
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0), cookie_jar=aiohttp.DummyCookieJar(),
        timeout=aiohttp.ClientTimeout(total=15),
    ) as http:
        casting = [asyncio.create_task(_until_receipt(http, base, poll_id, v, deadline))
                   for v in voters]
        if meanwhile is not None:
            await meanwhile(voters)
        await asyncio.gather(*casting)


def receipted(voters: list[Voter]) -> int:
    return sum(1 for v in voters if v.receipts)
