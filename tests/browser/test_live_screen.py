"""The hall screen follows the live stream: check-ins, a poll opening, its ballots coming in
and its published result appear on the projector without a reload.

The screen is served by a real `dahui serve` process (WebSockets need ASGI), sharing the
test's PostgreSQL database and a Redis database with this process, so that what the
secretariat does here (through the services) reaches the screen there as live events.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import aiohttp
import pytest
from bench.load.delegates import Phone, cast, make_sessions
from bench.load.servers import free_port, server_env, start_server, stop_server
from django.conf import settings
from django.db import connection
from playwright.sync_api import expect

from dahui.congress.models import AgendaItem, DelegateStatus, Delegation, PlenarySession
from dahui.congress.services import check_in, set_current_item
from dahui.elections import services as elections
from dahui.elections.models import Method
from tests.browser.conftest import off_loop
from tests.live.conftest import _delegate, make_hall

pytestmark = [pytest.mark.postgres, pytest.mark.browser, pytest.mark.slow,
              pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def shared_redis(postgres, redis_server_url, settings):
    # The Redis database REDIS_URL names: this process and the server hear each other there.
    url = redis_server_url
    settings.CHANNEL_LAYERS = {"default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [url]}}}
    return url


@pytest.fixture
def screen_server(shared_redis, tmp_path):
    port = free_port()
    env = server_env(database_url=_database_url(), redis_url=shared_redis,
                     secret_key=settings.SECRET_KEY)
    server = start_server(port=port, env=env, log=tmp_path / "server.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(server)


def _cast_over_http(base: str, poll_id: int, phones: list[Phone]) -> list[int]:
    async def all_cast():
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            return await asyncio.gather(*[
                cast(http, base, phone, poll_id=poll_id, key=f"screen-test-{phone.delegate_id}")
                for phone in phones])
    return [outcome.status for outcome in asyncio.run(all_cast())]


def test_the_hall_screen_shows_check_ins_poll_progress_and_the_result_without_reload(
    screen_server, page, phone_page, screenshot
):
    hall = make_hall(term=41)
    delegation = Delegation.objects.get(congress=hall.congress)
    voters = [hall.delegate] + [
        _delegate(hall.congress, delegation, f"03{n:02d}", f"代表{n}", DelegateStatus.FORMAL)
        for n in range(3)]
    motion = elections.create_motion(congress=hall.congress, title="关于工作报告的决议",
                                     kind="report", agenda_item=hall.items[0], by=hall.secretary)
    poll = elections.create_motion_poll(motion=motion, session=hall.session,
                                        method=Method.ELECTRONIC, by=hall.secretary)
    off_loop(set_current_item, congress=hall.congress, item=hall.items[0], by=hall.secretary)

    page.goto(f"{screen_server}/screen/{hall.congress.pk}/{hall.congress.screen_token}/")
    expect(page.locator("#screen")).to_have_attribute("data-live-mode", "live")
    page.evaluate("window.notReloaded = true")
    expect(page.locator("#present")).to_have_text("0")
    screenshot(page, "live-01-screen-before-check-in")

    for voter in voters[:3]:
        off_loop(check_in, delegate=voter, session=hall.session, by=hall.secretary)
    expect(page.locator("#present")).to_have_text("3", timeout=5_000)
    screenshot(page, "live-02-screen-after-check-in")

    # A delegate's phone on the vote list, before the poll opens.
    [phone_session] = make_sessions([voters[2].user_id])
    phone_page.context.add_cookies([{"name": "sessionid", "value": phone_session,
                                     "url": screen_server}])
    phone_page.goto(f"{screen_server}/c/{hall.congress.pk}/vote/")
    expect(phone_page.locator("#ballots")).to_have_attribute("data-live-mode", "live")
    expect(phone_page.locator("#no-polls")).to_be_visible()
    phone_page.evaluate("window.notReloaded = true")

    off_loop(elections.open_poll, poll=poll, by=hall.secretary)
    expect(page.locator("#poll-progress")).to_be_visible(timeout=5_000)
    expect(page.locator("#poll-title")).to_have_text("关于工作报告的决议")
    expect(page.locator("#poll-issued")).to_have_text("3")
    expect(page.locator("#poll-returned")).to_have_text("0")
    ballot_link = phone_page.locator(f"#ballots [data-poll='{poll.pk}'] a")
    expect(ballot_link).to_be_visible(timeout=5_000)
    assert ballot_link.get_attribute("href") == f"/vote/{poll.pk}/"
    expect(phone_page.locator("#no-polls")).to_be_hidden()
    assert phone_page.evaluate("window.notReloaded") is True
    screenshot(phone_page, "live-03a-phone-ballot-link")

    keys = make_sessions([voter.user_id for voter in voters[:2]])
    phones = [Phone(voter.pk, key) for voter, key in zip(voters[:2], keys, strict=True)]
    assert off_loop(_cast_over_http, screen_server, poll.pk, phones) == [200, 200]
    expect(page.locator("#poll-returned")).to_have_text("2", timeout=5_000)
    screenshot(page, "live-03-screen-poll-progress")

    off_loop(elections.close_poll, poll=poll, by=hall.secretary)
    expect(page.locator("#poll-counting")).to_be_visible(timeout=5_000)
    expect(page.locator("#poll-counting")).to_contain_text("计票中")
    off_loop(elections.count_poll, poll=poll, by=hall.secretary)
    off_loop(elections.publish_poll, poll=poll, by=hall.secretary)
    expect(page.locator("#poll-progress")).to_be_hidden(timeout=5_000)
    expect(ballot_link).to_be_hidden(timeout=5_000)  # the closed poll left the phone's list
    expect(page.locator("#poll-result")).to_be_visible(timeout=5_000)
    expect(page.locator("#poll-result")).to_contain_text("关于工作报告的决议")
    screenshot(page, "live-04-screen-result")
    assert page.evaluate("window.notReloaded") is True


def test_the_hall_screen_follows_the_current_item_and_its_session_live(
    screen_server, page, screenshot
):
    hall = make_hall(term=42)
    delegation = Delegation.objects.get(congress=hall.congress)
    voters = [hall.delegate] + [
        _delegate(hall.congress, delegation, f"04{n:02d}", f"代表{n}", DelegateStatus.FORMAL)
        for n in range(3)]
    afternoon = PlenarySession.objects.create(
        congress=hall.congress, number=2, title="第二次全体会议",
        starts_at=hall.session.starts_at + dt.timedelta(hours=5))  # the clock says morning
    afternoon_item = AgendaItem.objects.create(
        congress=hall.congress, session=afternoon, order=9, kind="election", title="选举主席")
    polls = []
    for item, title in ((hall.items[0], "关于工作报告的决议"),
                        (hall.items[1], "关于经费审查报告的决议")):
        motion = elections.create_motion(congress=hall.congress, title=title, kind="report",
                                         agenda_item=item, by=hall.secretary)
        polls.append(elections.create_motion_poll(
            motion=motion, session=hall.session, method=Method.TOTALS, by=hall.secretary))
    for voter in voters:
        off_loop(check_in, delegate=voter, session=hall.session, by=hall.secretary)
    off_loop(check_in, delegate=voters[0], session=afternoon, by=hall.secretary)

    def publish(poll, votes_for):
        for step in (elections.open_poll, elections.close_poll):
            step(poll=poll, by=hall.secretary)
        elections.enter_totals(poll=poll, votes_for=votes_for, against=0, abstain=0,
                               by=hall.secretary)
        elections.count_poll(poll=poll, by=hall.secretary)
        elections.publish_poll(poll=poll, by=hall.secretary)

    off_loop(set_current_item, congress=hall.congress, item=hall.items[0], by=hall.secretary)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{screen_server}/screen/{hall.congress.pk}/{hall.congress.screen_token}/")
    expect(page.locator("#screen")).to_have_attribute("data-live-mode", "live")
    page.evaluate("window.notReloaded = true")
    expect(page.locator("#present")).to_have_text("4")

    off_loop(publish, polls[0], 4)
    expect(page.locator("#verdict")).to_have_text("通过", timeout=5_000)
    # The next item's poll is published while the screen still shows the first item.
    off_loop(publish, polls[1], 1)
    page.wait_for_timeout(1_500)
    expect(page.locator(".screen-result-title")).to_have_text("关于工作报告的决议")

    off_loop(set_current_item, congress=hall.congress, item=hall.items[1], by=hall.secretary)
    expect(page.locator(".screen-result-title")).to_have_text("关于经费审查报告的决议",
                                                              timeout=5_000)
    expect(page.locator("#verdict")).to_have_text("未通过")
    screenshot(page, "live-05-screen-next-item-result")

    off_loop(set_current_item, congress=hall.congress, item=afternoon_item, by=hall.secretary)
    expect(page.locator("#session-title")).to_have_text("第二次全体会议", timeout=5_000)
    expect(page.locator("#present")).to_have_text("1")
    expect(page.locator("#poll-result")).to_be_hidden()
    screenshot(page, "live-06-screen-afternoon-session")
    assert page.evaluate("window.notReloaded") is True
