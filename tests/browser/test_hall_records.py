"""Fixing mistakes and keeping records in a real browser, on the demo congress: the desk
undoes a check-in and records leave, the door scanner says who came in and whether they
vote, credentials are searched and a rejection asks for a reason and a confirmation, the
agenda is corrected, the absentee list is printed and the minutes are saved and made final.
Screenshots: tests/artifacts/records-* (phone 390×844, desk 1920×1080)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from dahui.audit.models import AuditEntry
from dahui.congress.demo import seed_demo
from dahui.congress.models import Attendance, Congress, Delegate, LeaveRequest, SessionMinutes
from dahui.congress.selectors import active_token, entitled_delegates

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _context(browser, base_url: str, user, *, phone: bool):
    client = Client()
    client.force_login(user)
    options = (
        {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
        if phone else {"viewport": {"width": 1920, "height": 1080}}
    )
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                          "url": base_url}])
    return context, context.new_page()


def test_the_desk_fixes_mistakes_and_keeps_the_records(chromium_browser, site, screenshot):
    seed_demo(base_url=site)
    congress = Congress.objects.get()
    session = congress.sessions.get(number=1)
    mishu = get_user_model().objects.get(username="mishu")
    formal = list(entitled_delegates(congress).select_related("delegation").order_by("number"))
    assert len(formal) == 298
    invited = Delegate.objects.filter(congress=congress, status="invited").first()
    attending = Delegate.objects.filter(congress=congress, status="attending").first()
    desk_context, desk = _context(chromium_browser, site, mishu, phone=False)
    phone_context, phone = _context(chromium_browser, site, mishu, phone=True)
    base = f"{site}/c/{congress.pk}"
    try:
        # The door scanner on a phone: a 特邀代表 and a 列席 are shown as such.
        phone.goto(f"{base}/s/{session.pk}/scanner/")
        for who in (formal[0], invited, attending):
            phone.fill("#manual-text", active_token(who).key)
            phone.click("#manual button[type=submit]")
            expect(phone.locator("#door-card [data-field=number]")).to_have_text(who.number)
            card = phone.locator("#door-card")
            assert who.delegation.name in card.inner_text()
            if who == invited:
                assert "特邀代表" in card.inner_text()
                assert phone.locator("[data-field=novote]").is_visible()
                screenshot(phone, "records-01-scanner-invited-phone")
            if who == attending:
                assert "列席代表" in card.inner_text()
            if who == formal[0]:
                assert not phone.locator("[data-field=novote]").is_visible()

        # The desk: undo the first check-in with a reason; record leave for another.
        first = formal[0]
        phone.goto(f"{base}/s/{session.pk}/check-in/?q={first.number}")
        screenshot(phone, "records-02-desk-found-phone")
        desk.goto(f"{base}/s/{session.pk}/check-in/?q={first.number}")
        desk.locator("summary", has_text="撤销签到").first.click()
        desk.fill(f"#undo-{first.pk}", "扫错了代表证")
        screenshot(desk, "records-03-desk-undo-1920")
        desk.locator(f"#undo-{first.pk}").press("Enter")
        desk.wait_for_load_state("networkidle")
        assert "已撤销" in desk.inner_text(".messages")
        assert not Attendance.objects.filter(session=session, delegate=first).exists()
        assert AuditEntry.objects.filter(action="check_in.undone").count() == 1

        away = formal[1]
        phone.goto(f"{base}/s/{session.pk}/check-in/?q={away.number}")
        phone.locator("summary", has_text="登记请假").first.click()
        phone.fill(f"#leave-{away.pk}", "因公出差")
        phone.locator(f"#leave-{away.pk}").press("Enter")
        phone.wait_for_load_state("networkidle")
        assert LeaveRequest.objects.get(delegate=away, session=session).status == "approved"
        screenshot(phone, "records-04-desk-leave-phone")

        # The absentee list, grouped by delegation, printable.
        desk.goto(f"{base}/s/{session.pk}/attendance/")
        assert desk.locator(".absentees h3").count() == len(
            {d.delegation_id for d in formal})
        screenshot(desk, "records-05-absentees-1920")
        assert desk.request.get(f"{base}/s/{session.pk}/absentees.pdf").ok
        phone.goto(f"{base}/s/{session.pk}/attendance/")
        screenshot(phone, "records-06-absentees-phone")

        # Credentials review: search, then a rejection with a reason and a confirmation.
        target = formal[5]
        desk.goto(f"{base}/credentials/?q={target.name}")
        rows = desk.locator("tbody tr")
        assert 1 <= rows.count() < 10
        row = desk.locator(f"#d{target.pk}")
        row.locator("summary", has_text="不予确认").click()
        desk.fill(f"#reject-note-{target.pk}", "选举程序不符合规定")
        row.get_by_role("button", name="不予确认").click()
        # The confirmation box is required: nothing is sent without it.
        assert Delegate.objects.get(pk=target.pk).credential_status == "confirmed"
        row.locator("input[name=confirm]").check()
        screenshot(desk, "records-07-credentials-reject-1920")
        row.get_by_role("button", name="不予确认").click()
        desk.wait_for_load_state("networkidle")
        assert Delegate.objects.get(pk=target.pk).credential_status == "rejected"
        phone.goto(f"{base}/credentials/?credential=rejected")
        screenshot(phone, "records-08-credentials-phone")

        # The agenda: correct a title, remove an item.
        desk.goto(f"{base}/agenda/")
        item = congress.agenda_items.order_by("order")[5]
        entry = desk.locator(f"#item-{item.pk}")
        entry.locator("summary", has_text="修改").click()
        entry.locator("input[name$=title]").fill("代表发言（书面）")
        entry.get_by_role("button", name="保存").click()
        desk.wait_for_load_state("networkidle")
        item.refresh_from_db()
        assert item.title == "代表发言（书面）"
        screenshot(desk, "records-09-agenda-1920")

        # The minutes: an edit survives a reload, then the text is declared final.
        desk.goto(f"{site}/c/{congress.pk}/s/{session.pk}/minutes/")
        desk.fill("#minutes-text", desk.input_value("#minutes-text") + "\n会议由执行主席主持。")
        desk.locator("#minutes").get_by_role("button", name="保存").click()
        desk.wait_for_load_state("networkidle")
        desk.reload()
        assert "会议由执行主席主持。" in desk.input_value("#minutes-text")
        desk.locator("#minutes summary", has_text="定稿").click()
        desk.locator("#minutes form").last.get_by_role("button", name="定稿").click()
        desk.wait_for_load_state("networkidle")
        assert SessionMinutes.objects.get(session=session, kind="minutes").state == "final"
        screenshot(desk, "records-10-minutes-final-1920")
        phone.goto(f"{site}/c/{congress.pk}/s/{session.pk}/minutes/")
        screenshot(phone, "records-11-minutes-phone")
    finally:
        desk_context.close()
        phone_context.close()
