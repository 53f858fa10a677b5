"""Scale-out on stock parts: two server processes sharing one PostgreSQL and one Redis.

A phone on server B hears what a secretary does on server A, and ballots cast through both
(retries through the other one included) are counted once each.
"""

from __future__ import annotations

import asyncio
import uuid

import aiohttp
import pytest
from bench.load.delegates import Phone, cast, make_sessions, open_live, wait_for
from bench.load.servers import free_port, server_env, start_server, stop_server
from django.conf import settings
from django.db import connection

from dahui.congress.models import Attendance, DelegateStatus, Delegation
from dahui.elections import services as elections
from dahui.elections.models import Method
from dahui.voting.models import CastBallot, Participation
from tests.live.conftest import _delegate, make_hall

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

VOTERS = 12


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def two_servers(postgres, redis_server_url, tmp_path):
    # Database 11 of the shared Redis keeps these servers' groups apart from anyone else's.
    redis_url = redis_server_url.rsplit("/", 1)[0] + "/11"
    env = server_env(database_url=_database_url(), redis_url=redis_url,
                     secret_key=settings.SECRET_KEY)
    started = []
    try:
        for name in ("a", "b"):
            port = free_port()
            started.append((start_server(port=port, env=env, log=tmp_path / f"{name}.log"),
                            f"http://127.0.0.1:{port}"))
        yield [base for _, base in started]
    finally:
        for process, _ in started:
            stop_server(process)


def _poll_with_voters():
    hall = make_hall(term=9)
    delegation = Delegation.objects.get(congress=hall.congress)
    voters = [hall.delegate] + [
        _delegate(hall.congress, delegation, f"02{n:02d}", f"代表{n}", DelegateStatus.FORMAL)
        for n in range(VOTERS - 1)
    ]
    for voter in voters:
        Attendance.objects.create(session=hall.session, delegate=voter,
                                  checked_in_at=hall.session.starts_at, method="desk")
    motion = elections.create_motion(congress=hall.congress, title="关于经费审查报告的决议",
                                     kind="report", by=hall.secretary)
    poll = elections.create_motion_poll(motion=motion, session=hall.session,
                                        method=Method.ELECTRONIC, by=hall.secretary)
    elections.open_poll(poll=poll, by=hall.secretary)
    keys = make_sessions([hall.secretary.pk] + [voter.user_id for voter in voters])
    secretary = Phone(hall.secretary.pk, keys[0])
    phones = [Phone(voter.pk, key) for voter, key in zip(voters, keys[1:], strict=True)]
    return hall, poll, secretary, phones


def test_phone_on_b_hears_the_agenda_move_made_on_a_and_casts_on_both_count_once(two_servers):
    a, b = two_servers
    hall, poll, secretary, phones = _poll_with_voters()
    keys = [str(uuid.uuid4()) for _ in phones]

    async def scenario():
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            # The secretariat's page: it follows the voting progress (phones do not).
            listener = await open_live(http, b, hall.congress.pk, secretary)
            moved = await http.post(
                f"{a}/c/{hall.congress.pk}/agenda/{hall.items[2].pk}/current/",
                data={"csrfmiddlewaretoken": secretary.csrf}, headers=secretary.cookies(),
                allow_redirects=False,
            )
            assert moved.status == 302
            event, _ = await wait_for(listener, "agenda.moved", timeout=10)
            # Every other phone casts on A or B; then each retries on the other server.
            first = await asyncio.gather(*[
                cast(http, (a, b)[n % 2], phone, poll_id=poll.pk, key=key)
                for n, (phone, key) in enumerate(zip(phones, keys, strict=True))
            ])
            again = await asyncio.gather(*[
                cast(http, (b, a)[n % 2], phone, poll_id=poll.pk, key=key)
                for n, (phone, key) in enumerate(zip(phones, keys, strict=True))
            ])
            progress, _ = await wait_for(listener, "poll.progress", timeout=10)
            while progress["returned"] < VOTERS:
                progress, _ = await wait_for(listener, "poll.progress", timeout=10)
            await listener.close()
            return event, first, again, progress

    event, first, again, progress = asyncio.run(scenario())
    assert event == {"type": "agenda.moved", "congress_id": hall.congress.pk,
                     "item_id": hall.items[2].pk}
    assert [o.status for o in first] == [200] * VOTERS, [o.error for o in first]
    assert [o.tracker for o in again] == [o.tracker for o in first]
    assert len({o.tracker for o in first}) == VOTERS
    assert Participation.objects.filter(poll=poll).count() == VOTERS
    assert set(CastBallot.objects.filter(poll=poll).values_list("tracker", flat=True)) == {
        o.tracker for o in first
    }
    assert progress["returned"] == VOTERS
