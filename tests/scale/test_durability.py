"""Nothing lost on a crash: a hall of 300 phones casts at once while the server is killed,
while PostgreSQL restarts, and while Redis is away.

Each phone keeps its idempotency key and retries until it has a receipt, as the review
page does. Afterwards every receipt any phone was shown is on the bulletin board, no
delegate has two ballots, and there are exactly as many ballots as participations as
receipted voters.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import time
from pathlib import Path

import aiohttp
import pytest
from bench.load import run as bench
from bench.load.delegates import Phone, make_sessions, open_live, wait_for
from bench.load.servers import free_port, server_env, start_server, stop_server
from django.conf import settings
from django.db import connection

from dahui.elections import services as elections
from dahui.voting.models import CastBallot, Participation
from tests.scale.storm import Voter, receipted, storm

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

VOTERS = 300
STORM_SECONDS = 90


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _open_poll(term: int):
    congress, (poll, _spare), secretary, phones = bench.seed(VOTERS, term)
    elections.open_poll(poll=poll, by=secretary)
    return congress, poll, secretary, [Voter(phone) for phone in phones]


def _assert_nothing_lost(poll, voters: list[Voter]) -> None:
    shown = {tracker for v in voters for tracker in v.receipts}
    on_board = set(CastBallot.objects.filter(poll=poll).values_list("tracker", flat=True))
    delegates = list(Participation.objects.filter(poll=poll).values_list("delegate_id",
                                                                         flat=True))
    assert receipted(voters) == VOTERS, {s for v in voters for s in v.statuses}
    assert all(len(set(v.receipts)) == 1 for v in voters)  # a retry got the same receipt
    assert shown <= on_board
    assert len(delegates) == len(set(delegates)) == len(on_board) == len(shown) == VOTERS


@pytest.fixture
def server_env_here(postgres, redis_server_url):
    # Database 10 of the shared Redis keeps this server's groups apart from anyone else's.
    return server_env(database_url=_database_url(),
                      redis_url=redis_server_url.rsplit("/", 1)[0] + "/10",
                      secret_key=settings.SECRET_KEY)


def test_a_server_killed_mid_storm_loses_no_receipted_ballot_and_makes_none_twice(
    server_env_here, tmp_path
):
    _congress, poll, _secretary, voters = _open_poll(term=31)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    servers = [start_server(port=port, env=server_env_here, log=tmp_path / "server.log")]
    killed_after: list[int] = []

    async def crash_and_restart(voters):
        while receipted(voters) < 20:
            await asyncio.sleep(0.01)
        stop_server(servers[0], kill=True)  # SIGKILL to the whole process group
        killed_after.append(receipted(voters))
        servers.append(await asyncio.to_thread(
            start_server, port=port, env=server_env_here, log=tmp_path / "server.log"))

    try:
        asyncio.run(storm(base, poll.pk, voters, seconds=STORM_SECONDS,
                          meanwhile=crash_and_restart))
    finally:
        for server in servers:
            stop_server(server)
    assert killed_after
    assert killed_after[0] < VOTERS
    assert any(0 in v.statuses for v in voters)  # and some phones saw it
    _assert_nothing_lost(poll, voters)


def _cluster() -> list[str]:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]


def _postgres_accepts(timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-t", "1"],
                               capture_output=True)
        if ready.returncode == 0:
            return True
        time.sleep(0.2)
    return False


def test_postgres_restarted_mid_storm_gives_retryable_503s_and_no_half_written_ballot(
    server_env_here, tmp_path
):
    if not Path("/etc/postgresql").is_dir():
        pytest.skip("needs a local Debian PostgreSQL cluster to restart")
    _congress, poll, _secretary, voters = _open_poll(term=32)
    port = free_port()
    server = start_server(port=port, env=server_env_here, log=tmp_path / "server.log")
    restarted: list[int] = []

    async def restart_postgres(voters):
        while receipted(voters) < 20:
            await asyncio.sleep(0.01)
        restarted.append(receipted(voters))
        # Shared by everyone on this machine: a fast restart, back within seconds.
        await asyncio.to_thread(subprocess.run, [*_cluster(), "restart", "-m", "fast"],
                                check=True, capture_output=True, timeout=60)

    try:
        asyncio.run(storm(f"http://127.0.0.1:{port}", poll.pk, voters,
                          seconds=STORM_SECONDS, meanwhile=restart_postgres))
    finally:
        stop_server(server)
        if not _postgres_accepts(60):  # never leave the shared server down
            subprocess.run([*_cluster(), "start"], check=False, timeout=60)
            assert _postgres_accepts(60), "PostgreSQL did not come back"
        # Every connection this process holds or keeps idle in its pool died with the
        # restart; a new pool starts clean instead of spending its timeout on dead ones.
        connection.close()
        connection.close_pool()
    answers = {s for v in voters for s in v.statuses}
    assert restarted
    assert restarted[0] < VOTERS
    assert answers <= {200, 503}, [r for v in voters for r in v.refusals]  # never a 500
    assert 503 in answers  # the outage was felt, as a retryable answer
    assert {r for v in voters for r in v.retry_after} <= {"2"}
    _assert_nothing_lost(poll, voters)


@contextlib.contextmanager
def _own_redis(port: int, tmp_path: Path):
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True,
                             text=True).stdout.strip() != "PONG":
            assert time.monotonic() < deadline, "own redis-server did not start"
            time.sleep(0.05)
        yield process
    finally:
        process.terminate()
        process.wait(10)


async def _live_refused(http, base: str, congress_id: int, phone) -> bool:
    """Whether the live connection is refused or closed before its hello (the layer is down)."""
    try:
        await asyncio.wait_for(open_live(http, base, congress_id, phone), 10)
    except (aiohttp.ClientError, RuntimeError, TypeError, TimeoutError):
        return True
    return False


async def _live_with_backoff(http, base: str, congress_id: int, phone, tries: int = 8):
    """Reconnect as live.js does: the first tries may meet the server's stale Redis
    connections (closed 1011) before it has made new ones."""
    for attempt in range(tries):
        try:
            return await asyncio.wait_for(open_live(http, base, congress_id, phone), 10)
        except (aiohttp.ClientError, RuntimeError, TypeError, TimeoutError):
            if attempt == tries - 1:
                raise
            await asyncio.sleep(0.25 * 2 ** attempt)
    raise AssertionError("unreachable")


def test_with_redis_down_voting_works_pages_poll_the_snapshot_and_live_recovers(
    postgres, tmp_path
):
    congress, poll, secretary, voters = _open_poll(term=33)
    # The secretariat's page follows the voting progress (a phone does not).
    secretary_phone = Phone(secretary.pk, make_sessions([secretary.pk])[0])
    redis_port = free_port()
    env = server_env(database_url=_database_url(),
                     redis_url=f"redis://127.0.0.1:{redis_port}/0",
                     secret_key=settings.SECRET_KEY)
    first, second = voters[0], voters[1]

    async def scenario(base: str, redis_process) -> dict:
        out: dict = {}
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            listener = await open_live(http, base, congress.pk, first.phone)
            redis_process.terminate()
            redis_process.wait(10)
            await storm(base, poll.pk, [first], seconds=20)
            out["live_refused_while_down"] = await _live_refused(http, base, congress.pk,
                                                                 second.phone)
            async with http.get(f"{base}/live/{congress.pk}/snapshot",
                                headers=second.phone.cookies()) as response:
                out["snapshot_status"] = response.status
                out["snapshot"] = await response.json()
            await listener.close()
            return out

    async def after_recovery(base: str) -> dict:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            listener = await _live_with_backoff(http, base, congress.pk, secretary_phone)
            await storm(base, poll.pk, [second], seconds=20)
            event, _ = await wait_for(listener, "poll.progress", timeout=15)
            while event["returned"] < 2:
                event, _ = await wait_for(listener, "poll.progress", timeout=15)
            await listener.close()
            return event

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with _own_redis(redis_port, tmp_path) as redis_process:
        server = start_server(port=port, env=env, log=tmp_path / "server.log")
        try:
            down = asyncio.run(scenario(base, redis_process))
            with _own_redis(redis_port, tmp_path):
                recovered = asyncio.run(after_recovery(base))
        finally:
            stop_server(server)
    assert first.receipts
    assert first.statuses == [200]
    assert down["live_refused_while_down"]
    assert down["snapshot_status"] == 200
    polled = next(p for p in down["snapshot"]["polls"] if p["id"] == poll.pk)
    assert (down["snapshot"]["seq"], polled["returned"]) == (None, 1)  # polling sees the cast
    assert recovered["returned"] == 2
    assert second.receipts
    assert set(CastBallot.objects.filter(poll=poll).values_list("tracker", flat=True)) == {
        first.receipts[0], second.receipts[0]}
