"""A rehearsal (彩排) is labelled where it is shown: the delegate's phone ballot (390×844)
and the hall screen (1920×1080), big enough for the back row. Screenshots go to
tests/artifacts/rehearsal-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dahui.congress.services import set_current_item
from dahui.elections import services
from dahui.elections.models import Method
from tests.browser.conftest import off_loop
from tests.browser.test_hall_screen import _item, _no_scrolling, _readable
from tests.browser.test_voting_day import logged_in
from tests.elections.people import build_world

pytestmark = pytest.mark.browser


def _open_rehearsal():
    world = build_world()
    item = _item(world, "彩排：试用表决器", "motion")
    motion = services.create_motion(congress=world.congress, title="彩排：关于试用表决器的决议",
                                    kind="report", agenda_item=item, by=world.secretariat)
    poll = services.create_motion_poll(motion=motion, session=world.session,
                                       method=Method.ELECTRONIC, by=world.secretariat,
                                       rehearsal=True)
    services.open_poll(poll=poll, by=world.secretariat)
    set_current_item(congress=world.congress, item=item, by=world.secretariat)
    return world, poll


def test_the_rehearsal_banner_on_the_phone_and_the_hall_screen(
    chromium_browser, site, screenshot, artifacts_dir
):
    world, poll = off_loop(_open_rehearsal)
    context, phone = logged_in(chromium_browser, site, world.delegate("王敏").user, phone=True)
    try:
        phone.goto(f"{site}/vote/{poll.pk}/")
        banner = phone.locator("#rehearsal-banner")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("彩排")
        screenshot(phone, "rehearsal-phone-ballot")
    finally:
        context.close()
    screen_context = chromium_browser.new_context(viewport={"width": 1920, "height": 1080},
                                                  locale="zh-CN")
    try:
        screen = screen_context.new_page()
        screen.goto(f"{site}/screen/{world.congress.pk}/{world.congress.screen_token}/")
        banner = screen.locator("#rehearsal-banner")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("彩排")
        _readable(screen, "#rehearsal-banner strong", min_font=40)
        _no_scrolling(screen)
        screen.screenshot(path=str(artifacts_dir / "rehearsal-hall-screen.png"))
    finally:
        screen_context.close()
