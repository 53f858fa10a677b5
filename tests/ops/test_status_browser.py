"""The technician's status page in Chromium, in Chinese, on a phone and a desk screen.
Screenshots: artifacts/ops-status-phone.png, artifacts/ops-status-desk.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dahui.elections import services
from dahui.elections.models import Method
from tests.browser.conftest import log_in, off_loop
from tests.elections.people import build_world

pytestmark = pytest.mark.browser


def _open_poll():
    world = build_world()
    motion = services.create_motion(
        congress=world.congress, title="关于工会工作报告的决议", kind="report",
        by=world.secretariat)
    poll = services.create_motion_poll(
        motion=motion, session=world.session, method=Method.ELECTRONIC, by=world.secretariat)
    services.open_poll(poll=poll, by=world.secretariat)
    return world


def test_status_page_in_chinese_on_phone_and_desk(site, phone_page, chromium_browser,
                                                  screenshot):
    world = off_loop(_open_poll)
    url = f"{site}/c/{world.congress.pk}/status/"
    log_in(phone_page, site, username=world.secretariat.username, password="pass-for-tests")
    phone_page.goto(url)
    expect(phone_page.locator("h1")).to_have_text("系统状态")
    expect(phone_page.locator("main")).to_contain_text("数据库")
    expect(phone_page.locator("main")).to_contain_text("关于工会工作报告的决议")
    screenshot(phone_page, "ops-status-phone")
    context = chromium_browser.new_context(locale="zh-CN", viewport={"width": 1920,
                                                                     "height": 1080})
    desk = context.new_page()
    log_in(desk, site, username=world.secretariat.username, password="pass-for-tests")
    desk.goto(url)
    expect(desk.locator("h1")).to_have_text("系统状态")
    screenshot(desk, "ops-status-desk")
    context.close()
