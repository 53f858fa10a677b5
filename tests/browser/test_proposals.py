"""A proposal from the phone to the answer: 王敏 writes it on her phone and asks 李强 and
张伟, who confirm on theirs; she hands it in; the proposals committee registers it and
assigns it to 劳动保护部; the department replies; 王敏 records 满意. The hall screen then
shows the counts. Screenshots at 390×844 (phones) and 1920×1080 (the hall) go to
tests/artifacts/proposals-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dahui.congress.models import Role
from dahui.proposals import services
from tests.browser.conftest import off_loop
from tests.browser.test_voting_day import logged_in
from tests.elections.people import build_world, make_user
from tests.proposals.conftest import open_collection

pytestmark = pytest.mark.browser


def _world():
    world = build_world()
    committee = make_user("tian-browser", congress=world.congress, role=Role.PROPOSALS)
    open_collection(world.congress, world.secretariat)
    safety = services.add_department(congress=world.congress, name="劳动保护部",
                                     by=world.secretariat)
    services.add_department(congress=world.congress, name="经济工作部", by=world.secretariat)
    member = services.add_department_member(department=safety, username="laobao-browser",
                                            password="pass-for-tests", by=world.secretariat)
    return world, committee, member.user


def _second_on_phone(browser, site, congress_id, user, screenshot, name):
    context, page = logged_in(browser, site, user, phone=True)
    try:
        page.goto(f"{site}/c/{congress_id}/proposals/")
        invited = page.locator(".proposal-card", has_text="高温作业")
        expect(invited).to_be_visible()
        invited.get_by_role("button", name="附议该提案").click()
        expect(page.locator(".message.success")).to_contain_text("您已附议该提案")
        screenshot(page, name)
    finally:
        context.close()


def test_a_proposal_from_the_phone_to_the_proposers_verdict(chromium_browser, site,
                                                          screenshot):
    world, committee, department_user = off_loop(_world)
    congress = world.congress
    c = congress.pk
    proposer = world.delegate("王敏").user

    context, phone = logged_in(chromium_browser, site, proposer, phone=True)
    try:
        # The first request warms the test server up (URL conf, templates): on a busy
        # machine that alone can take longer than a page is given later.
        phone.goto(f"{site}/c/{c}/proposals/", timeout=90_000)
        phone.get_by_role("link", name="撰写提案").click()
        phone.fill("#id_title", "关于加强高温作业劳动保护的建议")
        phone.select_option("#id_category", "劳动保护/安全生产")
        phone.fill("#id_case", "夏季高温作业时间长，部分企业防暑降温措施落实不到位。")
        phone.fill("#id_measures", "督促企业足额发放高温津贴，高温时段调整露天作业时间。")
        phone.fill("#id_invite", "李强、张伟")
        screenshot(phone, "proposals-phone-write")
        phone.get_by_role("button", name="保存并征集附议").click()
        expect(phone.locator("#proposal-title")).to_have_text("关于加强高温作业劳动保护的建议")
        expect(phone.locator("#support-count")).to_contain_text("已确认 0 / 需要 2")
        # Handing in before anyone confirmed is refused in words, and nothing changes.
        phone.get_by_role("button", name="提交提案").click()
        expect(phone.locator(".message.error")).to_contain_text("至少需要 2 名代表确认附议")
        screenshot(phone, "proposals-phone-not-enough-seconders")
        proposal_url = phone.url.replace("submit/", "")

        _second_on_phone(chromium_browser, site, c, world.delegate("李强").user, screenshot,
                         "proposals-phone-second-1")
        _second_on_phone(chromium_browser, site, c, world.delegate("张伟").user, screenshot,
                         "proposals-phone-second-2")

        phone.goto(proposal_url)
        expect(phone.locator("#support-count")).to_contain_text("已确认 2 / 需要 2")
        phone.get_by_role("button", name="提交提案").click()
        expect(phone.locator(".message.success")).to_contain_text("您的提案已提交")
        expect(phone.locator(".proposal-head .badge").first).to_have_text("已提交，待审查")
        screenshot(phone, "proposals-phone-handed-in")

        desk_context, desk = logged_in(chromium_browser, site, committee, phone=False)
        try:
            desk.goto(f"{site}/c/{c}/proposals/all/")
            desk.get_by_role("link", name="关于加强高温作业劳动保护的建议").click()
            desk.check("input[name=decision][value=register]")
            desk.get_by_role("button", name="确定审查意见").click()
            expect(desk.locator(".message.success")).to_contain_text("审查意见已记录")
            desk.locator("#assign label.choice", has_text="劳动保护部").locator("input").check()
            desk.select_option("#lead", label="劳动保护部")
            due = timezone.localdate() + dt.timedelta(days=30)
            desk.fill("#deadline", due.isoformat())
            desk.get_by_role("button", name="交办").click()
            expect(desk.locator(".message.success")).to_contain_text("提案已交办")
            expect(desk.locator("#assignments")).to_contain_text("劳动保护部")
            screenshot(desk, "proposals-committee-assigned")
        finally:
            desk_context.close()

        dept_context, dept = logged_in(chromium_browser, site, department_user, phone=False)
        try:
            dept.goto(f"{site}/proposals/")
            dept.get_by_role("link", name="关于加强高温作业劳动保护的建议").click()
            dept.fill("#reply-text", "已部署高温专项检查，督促43家企业补发高温津贴。")
            dept.get_by_role("button", name="提交答复").click()
            expect(dept.locator(".message.success")).to_contain_text("答复已记录")
            expect(dept.locator("#replies")).to_contain_text("43家企业")
            screenshot(dept, "proposals-department-replied")
        finally:
            dept_context.close()

        phone.goto(proposal_url)
        expect(phone.locator("#decision")).to_contain_text("已立案")
        expect(phone.locator("#replies")).to_contain_text("已部署高温专项检查")
        phone.check("input[name=verdict][value=satisfied]")
        phone.get_by_role("button", name="提交评价").click()
        expect(phone.locator(".message.success")).to_contain_text("您的评价已记录")
        expect(phone.locator(".proposal-head .badge").first).to_have_text("已办结")
        expect(phone.locator("#verdicts")).to_contain_text("满意")
        screenshot(phone, "proposals-phone-verdict")
    finally:
        context.close()

    off_loop(services.show_on_screen, congress=congress, on=True, by=world.secretariat)
    hall_context = chromium_browser.new_context(
        viewport={"width": 1920, "height": 1080}, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        hall = hall_context.new_page()
        hall.goto(f"{site}/screen/{c}/{congress.screen_token}/")
        expect(hall.locator("#proposal-counts")).to_be_visible()
        expect(hall.locator("#proposals-total")).to_have_text("1")
        expect(hall.locator("#proposals-registered")).to_have_text("1")
        box = hall.locator("#proposal-counts").bounding_box()
        assert box["y"] + box["height"] <= 1080, "the counts must fit on the hall screen"
        screenshot(hall, "proposals-hall-screen")
        # The counts follow the committee's work without a reload (here by the screen's own
        # polling: the test server speaks no WebSocket).
        off_loop(_decline_another, world, committee)
        expect(hall.locator("#proposals-total")).to_have_text("2", timeout=30_000)
        expect(hall.locator("#proposals-not_registered")).to_have_text("1")
    finally:
        hall_context.close()


def _decline_another(world, committee):
    proposer, seconders = world.delegate("陈静"), [world.delegate("杨帆"), world.delegate("赵磊")]
    proposal = services.write_proposal(
        proposer=proposer, title="关于食堂承包的意见", case="饭菜质量不稳定。",
        measures="加强考核。", category="职工生活", joint=False, invite=seconders,
        by=proposer.user)
    for delegate in seconders:
        services.second(proposal=proposal, delegate=delegate, by=delegate.user)
    proposal = services.submit(proposal=proposal, by=proposer.user)
    services.decline(proposal=proposal, reason="属于单位内部管理事项", by=committee)
