"""Group discussions in a real browser: the 煤炭 group's recorder writes the discussion
summary of the work report on a phone (draft, then 提交), the secretariat sees it beside the
教育 group's on the desk, issues the day's 简报 and downloads the PDF, which says both.
Screenshots: tests/artifacts/groups-* (phone 390×844, desk 1920×1080, the bulletin's page 1)."""

from __future__ import annotations

import pypdfium2
import pytest
from django.test import Client
from playwright.sync_api import expect

from dahui.groups import services
from dahui.groups.models import Bulletin, DiscussionSummary
from tests.browser.conftest import off_loop
from tests.groups.conftest import build_groups_world
from tests.groups.pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COAL_TEXT = "代表们一致认为工作报告实事求是，对今后五年的目标任务表示拥护。"
COAL_OPINIONS = "加强井下一线职工技能培训\n完善困难职工精准帮扶机制"
EDUCATION_TEXT = "教育组代表认为报告重点突出，建议更加关心青年教师成长。"


def _context(browser, base_url: str, user, *, phone: bool):
    client = Client()
    client.force_login(user)
    options = (
        {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
        if phone else {"viewport": {"width": 1920, "height": 1080}}
    )
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(30_000)  # a shared, busy machine
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                          "url": base_url}])
    return context, context.new_page()


def test_a_recorder_writes_on_a_phone_and_the_secretariat_issues_the_bulletin(
    chromium_browser, site, screenshot, artifacts_dir
):
    world = off_loop(build_groups_world)
    base = f"{site}/c/{world.congress.pk}"
    phone_context, phone = _context(chromium_browser, site, world.people["the_recorder"],
                                    phone=True)
    desk_context, desk = _context(chromium_browser, site, world.people["the_secretary"],
                                  phone=False)
    try:
        # The recorder finds their group and the item from the list of groups.
        phone.goto(f"{base}/groups/")
        phone.get_by_role("link", name="煤炭").first.click()
        expect(phone.locator("h1")).to_have_text("煤炭")
        screenshot(phone, "groups-phone-group")
        phone.get_by_role("link", name="填写讨论情况").click()
        expect(phone.locator("h1")).to_have_text(world.report.title)

        # A draft first: the text without the number present.
        phone.fill("#text", COAL_TEXT)
        phone.get_by_role("button", name="保存草稿").click()
        expect(phone.locator(".message.success")).to_have_text("草稿已保存")
        # Submitting without the number present is refused, in Chinese, nothing changed.
        phone.get_by_role("button", name="提交").click()
        expect(phone.locator(".message.error")).to_contain_text("请填写出席人数后再提交")
        assert not DiscussionSummary.objects.get().is_final
        phone.fill("#present", "4")
        phone.fill("#opinions", COAL_OPINIONS)
        screenshot(phone, "groups-phone-summary-form")
        phone.get_by_role("button", name="提交").click()
        expect(phone.locator(".message.success")).to_have_text("已提交")
        expect(phone.locator(".summary-read")).to_contain_text("实事求是")
        screenshot(phone, "groups-phone-submitted")
        # The form fits the phone: nothing wider than the screen.
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390

        off_loop(services.save_summary, group=world.education, item=world.report,
                 text=EDUCATION_TEXT, opinions="关心青年教师成长", present=2, submit=True,
                 by=world.people["another_groups_delegate"])

        # The secretariat organises a group on its page (room and time, roles, regrouping).
        desk.goto(f"{base}/groups/{world.coal.pk}/")
        expect(desk.get_by_role("heading", name="调整本组")).to_be_visible()
        screenshot(desk, "groups-desk-organise")

        # The secretariat: both groups side by side.
        desk.goto(f"{base}/discussions/{world.report.pk}/")
        columns = desk.locator("#summary-columns .column")
        expect(columns).to_have_count(2)
        expect(columns.nth(0)).to_contain_text("煤炭")
        expect(columns.nth(0)).to_contain_text(COAL_TEXT)
        expect(columns.nth(0)).to_contain_text("加强井下一线职工技能培训")
        expect(columns.nth(1)).to_contain_text(EDUCATION_TEXT)
        first, second = (columns.nth(i).bounding_box() for i in range(2))
        assert abs(first["y"] - second["y"]) < 2  # side by side, not one under the other
        screenshot(desk, "groups-desk-side-by-side")

        # The day's 简报: issued from its page, downloaded, and it says what the groups said.
        desk.get_by_role("link", name="大会简报").click()
        row = desk.locator("tr", has_text="2026年12月18日")
        row.get_by_role("button", name="印发").click()
        expect(desk.locator(".message.success")).to_have_text("简报第1期已印发")
        screenshot(desk, "groups-desk-bulletins")
        response = desk_context.request.get(f"{base}/bulletins/1.pdf")
        assert response.ok
        assert response.headers["content-type"] == "application/pdf"
        content = response.body()
        assert content == bytes(Bulletin.objects.get().pdf)
        text = pdf_text(content)
        for words in ("简", "第1期", "2026年12月18日", "分组讨论", "【煤炭】（出席4人）",
                      "实事求是", "加强井下一线职工技能培训", "【教育】", "青年教师"):
            assert words in text, words
        document = pypdfium2.PdfDocument(content)
        document[0].render(scale=1.5).to_pil().save(artifacts_dir / "groups-bulletin-page1.png")
        document.close()
    finally:
        phone_context.close()
        desk_context.close()
