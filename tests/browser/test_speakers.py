"""A speech from request to minutes: a delegate asks for the floor on a phone, the
secretariat gives it, the hall screen (1920×1080) shows the countdown turning amber, then
red and counting the overrun, the chair ends it, and the speech is in the minutes.

The server is the test's own (WSGI, no WebSockets): the screen follows by the live layer's
polling fallback, and the countdown runs in the browser from the speech's start and limit.
A 45-second limit keeps the test short: amber from 36 s (the last fifth), red from 45 s.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from dahui.congress import services as congress
from dahui.congress.models import AgendaItem, Congress, Delegate, Role
from dahui.congress.roster_import import plan_roster
from dahui.documents.minutes import minutes_text
from dahui.elections.selectors import day_facts
from dahui.speakers import services
from tests.browser.conftest import log_in, off_loop
from tests.congress.conftest import row

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LIMIT = 45
TZ = ZoneInfo("Asia/Shanghai")


def _hall() -> dict:
    admin = get_user_model().objects.create_superuser(username="root", password="pw-root")
    made = congress.create_congress(
        organisation_name="测试市总工会", title="测试市总工会第一次代表大会", term_number=1,
        starts_on=dt.date(2026, 12, 18), ends_on=dt.date(2026, 12, 18), venue="礼堂", by=admin)
    congress.add_delegations(congress=made, names=["煤炭", "教育"], by=admin)
    session = congress.add_session(congress=made, number=1, title="第一次全体会议",
                                   starts_at=dt.datetime(2026, 12, 18, 8, 30, tzinfo=TZ),
                                   by=admin)
    rows = [row("王秀英", "032X"), row("李建国", "1234"), row("欧阳明华", "5678",
                                                        delegation="教育")]
    congress.apply_roster(congress=made, plan=plan_roster(rows, congress=made), by=admin)
    congress.confirm_pending_credentials(congress=made, by=admin)
    secretary = get_user_model().objects.create_user(username="secretary", password="pw-sec")
    congress.grant_role(congress=made, user=secretary, role=Role.SECRETARIAT, by=admin)
    item = congress.add_agenda_item(congress=made, kind="speech", title="代表发言",
                                    session=session, by=admin)
    congress.set_current_item(congress=made, item=item, by=admin)
    services.set_list(item=item, speech_seconds=LIMIT, point_of_order_seconds=LIMIT,
                      open_for_requests=True, by=secretary)
    delegates = {d.name: d for d in Delegate.objects.filter(congress=made)}
    for name in ("李建国", "欧阳明华"):
        services.request_to_speak(item=item, delegate=delegates[name], by=None)
    token = congress.issue_token(delegate=delegates["王秀英"], by=admin)
    return {"congress": made.pk, "item": item.pk, "token": token.key,
            "screen": f"/screen/{made.pk}/{made.screen_token}/"}


@pytest.fixture
def hall_screen(chromium_browser) -> Iterator:
    context = chromium_browser.new_context(viewport={"width": 1920, "height": 1080},
                                           locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(60_000)
    expect.set_options(timeout=30_000)  # the screen polls every 5–10 s here
    try:
        yield context.new_page()
    finally:
        expect.set_options(timeout=5_000)
        context.close()


def _font_px(locator) -> float:
    return float(locator.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)"))


def test_a_speech_from_the_phone_to_the_countdown_to_the_minutes(
    site, phone_page, page, hall_screen, screenshot
):
    hall = off_loop(_hall)
    for each in (phone_page, page):  # a busy machine answers slowly
        each.set_default_timeout(60_000)

    # The delegate asks for the floor from the phone's home page.
    phone_page.goto(f"{site}/d/{hall['token']}")
    card = phone_page.locator("#speakers-request")
    expect(card).to_contain_text("发言名单")
    card.get_by_role("button", name="申请发言").click()
    expect(phone_page.locator("#speakers-request")).to_contain_text("您已在发言名单中，排第3位")
    expect(phone_page.get_by_role("button", name="撤回发言申请")).to_be_visible()
    screenshot(phone_page, "speakers-phone-requested")

    # The hall sees who is next.
    hall_screen.goto(site + hall["screen"])
    expect(hall_screen.locator("#speakers-next li")).to_have_count(3)
    expect(hall_screen.locator("#speakers-next")).to_contain_text("王秀英")

    # The secretariat moves her to the top and gives her the floor.
    log_in(page, site, username="secretary", password="pw-sec")
    page.goto(f"{site}/c/{hall['congress']}/speakers/{hall['item']}/")
    mine = page.locator("#waiting li", has_text="王秀英")
    mine.get_by_title("上移").click()
    page.locator("#waiting li", has_text="王秀英").get_by_title("上移").click()
    expect(page.locator("#waiting li").first).to_contain_text("王秀英")
    page.locator("#waiting li", has_text="王秀英").get_by_role("button", name="开始发言").click()
    expect(page.locator(".speakers-running")).to_contain_text("王秀英")

    # The screen follows without a reload: the speaker, a dark countdown, the next two.
    clock = hall_screen.locator("#speakers-clock")
    expect(hall_screen.locator("#speakers-name")).to_have_text("王秀英")
    expect(clock).to_have_attribute("data-phase", "running")
    expect(hall_screen.locator("#speakers-next li")).to_have_count(2)
    value = hall_screen.locator("#speakers-clock-value")
    assert _font_px(value) >= 200, "the countdown must read from the back row"
    assert _font_px(hall_screen.locator("#speakers-name")) >= 100
    box = clock.bounding_box()
    assert box["y"] + box["height"] <= 1080
    assert box["x"] + box["width"] <= 1920
    screenshot(hall_screen, "speakers-hall-running")

    # A reloaded screen catches up from its snapshot, clock included.
    hall_screen.reload()
    expect(hall_screen.locator("#speakers-name")).to_have_text("王秀英")

    # The phone shows she has the floor.
    phone_page.reload()
    expect(phone_page.locator("#speakers-request")).to_contain_text("请您发言")

    # Amber for the last fifth, then red counting the overrun.
    expect(clock).to_have_attribute("data-phase", "warning", timeout=(LIMIT + 5) * 1000)
    amber = clock.evaluate("(el) => getComputedStyle(el).backgroundColor")
    assert amber == "rgb(255, 179, 0)"
    screenshot(hall_screen, "speakers-hall-amber")
    expect(clock).to_have_attribute("data-phase", "over", timeout=15_000)
    expect(value).to_have_text(re.compile(r"^\+00:[0-5][0-9]$"))
    assert clock.evaluate("(el) => getComputedStyle(el).backgroundColor") == "rgb(255, 23, 68)"
    expect(clock).to_contain_text("已超时")
    screenshot(hall_screen, "speakers-hall-over")

    # The chair ends the speech; the screen moves on to the waiting list.
    page.reload()
    page.get_by_role("button", name="结束发言").click()
    expect(page.locator("table")).to_contain_text("王秀英")
    expect(hall_screen.locator("#speakers-now")).to_be_hidden()
    expect(hall_screen.locator("#speakers-next li")).to_have_count(2)
    expect(hall_screen.locator("#speakers-waiting")).to_be_visible()
    screenshot(hall_screen, "speakers-hall-waiting")

    # Who spoke and for how long is in the minutes data and on the minutes page.
    def minutes() -> str:
        item = AgendaItem.objects.get(pk=hall["item"])
        return minutes_text(day_facts(Congress.objects.get(pk=hall["congress"]), item.session))

    text = off_loop(minutes)
    assert "四、大会发言" in text
    line = next(line for line in text.splitlines() if "王秀英" in line)
    assert line.startswith("  1. 代表发言：王秀英（煤炭）发言，")
    page.goto(f"{site}/c/{hall['congress']}/speakers/{hall['item']}/")
    screenshot(page, "speakers-desk-after")
    phone_page.goto(f"{site}/c/{hall['congress']}/speakers/{hall['item']}/")
    screenshot(phone_page, "speakers-phone-list")
