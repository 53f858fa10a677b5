"""The congress set-up in a real browser: roster import, credentials, QR login, check-in,
hall screen. Screenshots go to tests/artifacts/ for people to look at."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from openpyxl import Workbook
from playwright.sync_api import expect

from dahui.congress import services
from dahui.congress.models import Delegate, Role
from dahui.congress.roster_import import COLUMNS
from tests.browser.conftest import log_in, off_loop

pytestmark = pytest.mark.browser

PASSWORD = "browser-test-password"
NAMES = [("王秀英", "女", "煤炭"), ("李强", "男", "煤炭"), ("张伟", "男", "教育"),
         ("刘洋", "女", "教育"), ("陈静", "女", "卫生"), ("杨帆", "男", "卫生")]


@pytest.fixture
def congress(site):
    admin = get_user_model().objects.create_superuser(username="root", password=PASSWORD)
    congress = services.create_congress(
        organisation_name="临汾市总工会", title="临汾市总工会第三次代表大会", term_number=3,
        starts_on=dt.date(2026, 12, 18), ends_on=dt.date(2026, 12, 19), venue="临汾市会议中心",
        by=admin,
    )
    services.add_delegations(congress=congress, names=["煤炭", "教育", "卫生"], by=admin)
    services.add_session(
        congress=congress, number=1, title="第一次全体会议",
        starts_at=dt.datetime(2026, 12, 18, 8, 30, tzinfo=ZoneInfo("Asia/Shanghai")), by=admin,
    )
    secretary = get_user_model().objects.create_user(username="mishu", password=PASSWORD)
    services.grant_role(congress=congress, user=secretary, role=Role.SECRETARIAT, by=admin)
    for kind, title in [("report", "听取和审议市总工会第二届委员会工作报告"),
                        ("election", "选举第三届委员会委员")]:
        services.add_agenda_item(congress=congress, kind=kind, title=title, by=admin)
    return congress


def roster_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([c.heading for c in COLUMNS])
    for i, (name, gender, delegation) in enumerate(NAMES):
        sheet.append(["", name, gender, "汉族", f"19{70 + i}-0{i + 1}-1{i}", f"12{i}{i}",
                      "山西焦煤霍州煤电集团", "班长", delegation, "一线职工", "正式"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def imported(congress) -> list[Delegate]:
    return off_loop(_import, congress)


def _import(congress) -> list[Delegate]:
    admin = get_user_model().objects.get(username="root")
    from dahui.congress.roster_import import parse_rows, plan_roster

    plan = plan_roster(parse_rows(roster_xlsx(), "r.xlsx", congress=congress), congress=congress)
    services.apply_roster(congress=congress, plan=plan, by=admin)
    services.confirm_pending_credentials(congress=congress, by=admin)
    return list(Delegate.objects.filter(congress=congress).order_by("number"))


def test_secretariat_imports_the_roster_confirms_credentials_and_prints_them(
    site, congress, page, screenshot
):
    log_in(page, site, username="mishu", password=PASSWORD)
    screenshot(page, "congress-01-dashboard-empty")
    page.goto(f"{site}/c/{congress.pk}/roster/import/")
    page.set_input_files("input[type=file]", files=[{
        "name": "代表名册.xlsx", "buffer": roster_xlsx(),
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.click("#upload")
    page.wait_for_selector("#preview")
    assert "新增" in page.inner_text("#preview")
    screenshot(page, "congress-02-roster-preview")
    page.click("#apply")
    page.wait_for_selector("text=名册已导入")
    assert page.locator("tbody tr").count() == len(NAMES)
    screenshot(page, "congress-03-roster")

    page.goto(f"{site}/c/{congress.pk}/credentials/")
    page.click("#confirm-all")
    page.wait_for_selector("text=已确认 6 名待审查代表的资格")
    assert page.locator("tbody .badge.confirmed").count() == len(NAMES)
    screenshot(page, "congress-04-credentials-confirmed")

    page.goto(f"{site}/c/{congress.pk}/composition/")
    assert "代表构成情况" in page.inner_text("h1")
    screenshot(page, "congress-05-composition")

    pdf = page.request.get(f"{site}/c/{congress.pk}/credentials.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    assert Delegate.objects.filter(congress=congress, tokens__revoked_at__isnull=True).count() == 6


def test_a_delegate_logs_in_by_the_qr_link(site, congress, phone_page, screenshot):
    delegate = imported(congress)[0]
    token = services.issue_token(delegate=delegate, by=None)
    phone_page.goto(f"{site}/d/{token.key}")
    phone_page.wait_for_selector("h1")
    assert delegate.name in phone_page.inner_text("h1")
    assert "煤炭" in phone_page.inner_text("main")
    screenshot(phone_page, "congress-06-delegate-phone")

    services.revoke_token(delegate=delegate, by=None)
    phone_page.context.clear_cookies()
    phone_page.goto(f"{site}/d/{token.key}")
    assert "无法登录" in phone_page.inner_text("h1")


def test_the_desk_checks_delegates_in_and_the_hall_screen_follows(
    site, congress, page, chromium_browser, screenshot
):
    delegates = imported(congress)
    session = congress.sessions.get()
    screen_context = chromium_browser.new_context(
        viewport={"width": 1280, "height": 720}
    )
    screen = screen_context.new_page()
    screen.goto(f"{site}/screen/{congress.pk}/{congress.screen_token}/")
    assert screen.inner_text("#entitled") == "6"
    assert screen.inner_text("#present") == "0"
    screenshot(screen, "congress-07-hall-screen-before")

    log_in(page, site, username="mishu", password=PASSWORD)
    page.goto(f"{site}/c/{congress.pk}/s/{session.pk}/check-in/?q=王秀英")
    page.click("text=签到 >> nth=-1")
    page.wait_for_selector("text=王秀英 签到成功")
    screenshot(page, "congress-08-desk-check-in")

    token = services.issue_token(delegate=delegates[1], by=None)
    page.goto(f"{site}/c/{congress.pk}/s/{session.pk}/scanner/")
    for _ in range(2):  # the second scan of the same card is harmless
        page.fill("#manual-text", f"{site}/d/{token.key}")
        page.click("#manual button")
        expect(page.locator("#scan-result")).to_contain_text("李强")
        page.wait_for_timeout(3100)
    assert "已经签到过" in page.inner_text("#scan-result")
    screenshot(page, "congress-09-door-scanner")

    # 6 entitled: the 2/3 quorum needs 4.
    off_loop(services.check_in, delegate=delegates[2], session=session, by=None)
    expect(screen.locator("#present")).to_have_text("3", timeout=10_000)
    assert "尚未达到法定人数" in screen.inner_text("#quorum")
    off_loop(services.check_in, delegate=delegates[3], session=session, by=None)
    expect(screen.locator("#present")).to_have_text("4", timeout=10_000)
    assert "已达法定人数" in screen.inner_text("#quorum")
    off_loop(services.set_current_item, congress=congress,
             item=congress.agenda_items.first(), by=None)
    expect(screen.locator("#item-title")).to_contain_text("工作报告", timeout=10_000)
    screenshot(screen, "congress-10-hall-screen-after")
    screen_context.close()


def test_the_interface_switches_to_english(site, congress, page, screenshot):
    log_in(page, site, username="mishu", password=PASSWORD)
    page.click("button[value=en]")
    page.wait_for_selector("text=Dashboard")
    assert "Roster" in page.inner_text("header")
    screenshot(page, "congress-11-dashboard-english")
