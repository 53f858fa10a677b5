"""A delegate's phone (390×844): the ballot in surname stroke order, 修改 on the review page
(and the phone's Back button) keeping the marks and the 已赞成 count, the receipt's short
tracker, and the Chinese page that tells a 列席 attendee or an absent delegate why there is
no ballot. Screenshots go to tests/artifacts/phone-*.png."""

from __future__ import annotations

import re

import pytest

from dahui.elections import services
from dahui.elections.models import Method
from tests.browser.conftest import off_loop
from tests.browser.test_voting_day import logged_in
from tests.elections.conftest import staff_election
from tests.elections.people import build_world

pytestmark = pytest.mark.browser
STROKE_ORDER = ["王敏", "刘洋", "李强", "张伟"]  # nominated 王敏, 李强, 张伟, 刘洋


def _mark(page, name: str, mark: str) -> None:
    page.locator(".ballot-row", has_text=name).locator(f"label.{mark}").click()


def _checked(page) -> dict[str, str]:
    marks = {}
    for row in page.locator(".ballot-row").all():
        name = row.get_attribute("data-candidate")
        marks[name] = row.locator("input[type=radio]:checked").get_attribute("value")
    return marks


def test_the_phone_ballot_in_stroke_order_keeps_its_marks_after_change(
    chromium_browser, site, screenshot
):
    world = build_world()
    election = staff_election(world)
    poll = services.create_election_poll(
        election=election, session=world.session, method=Method.ELECTRONIC,
        by=world.secretariat,
    )
    off_loop(services.open_poll, poll=poll, by=world.secretariat)
    context, page = logged_in(chromium_browser, site, world.delegate("王敏").user, phone=True)
    try:
        page.goto(f"{site}/vote/{poll.pk}/")
        names = page.locator(".ballot-row .name").all_inner_texts()
        assert names == STROKE_ORDER
        _mark(page, "李强", "for")
        _mark(page, "王敏", "for")
        _mark(page, "张伟", "against")
        page.locator(".ballot-row", has_text="张伟").locator(".write-in input").fill("赵磊")
        bar = page.locator("#tally-bar")
        assert re.search(r"已赞成 3 人", bar.inner_text())  # the write-in counts as for
        screenshot(page, "phone-ballot-stroke-order")

        page.get_by_role("button", name="核对我的选票").click()
        rows = page.locator(".review tr td:first-child").all_inner_texts()
        assert rows[:4] == STROKE_ORDER
        assert "赵磊" in rows
        screenshot(page, "phone-ballot-review")

        page.get_by_role("button", name="修改").click()
        page.wait_for_load_state("networkidle")
        assert _checked(page) == {"王敏": "for", "刘洋": "", "李强": "for", "张伟": "against"}
        assert page.locator(".ballot-row", has_text="张伟").locator(".write-in input") \
            .input_value() == "赵磊"
        assert re.search(r"已赞成 3 人", bar.inner_text()), bar.inner_text()
        screenshot(page, "phone-ballot-after-change")

        # The phone's own Back button from the review page: the count follows the marks.
        _mark(page, "王敏", "abstain")
        page.get_by_role("button", name="核对我的选票").click()
        page.go_back()
        page.wait_for_load_state("load")
        checked_for = sum(1 for mark in _checked(page).values() if mark == "for")
        written = page.locator(".ballot-row", has_text="张伟").locator(".write-in input") \
            .input_value().strip()
        expected = checked_for + (1 if written else 0)
        assert re.search(rf"已赞成 {expected} 人", page.locator("#tally-bar").inner_text())

        page.goto(f"{site}/vote/{poll.pk}/")
        _mark(page, "李强", "for")
        page.get_by_role("button", name="核对我的选票").click()
        page.get_by_role("button", name="确认投票").click()
        tracker = page.locator("#tracker").get_attribute("data-tracker")
        short = page.locator("#tracker-short").inner_text()
        assert short == f"{tracker[:4]} {tracker[4:8]} {tracker[8:10]}"
        screenshot(page, "phone-receipt-short-tracker")
    finally:
        context.close()


def test_people_without_a_ballot_read_why_on_the_ballot_page(chromium_browser, site,
                                                               screenshot):
    world = build_world()
    election = staff_election(world)
    poll = services.create_election_poll(
        election=election, session=world.session, method=Method.ELECTRONIC,
        by=world.secretariat,
    )
    off_loop(services.open_poll, poll=poll, by=world.secretariat)
    cases = [(world.attending, "列席", "attending"), (world.delegate("周涛"), "签到", "absent")]
    for person, reason, label in cases:
        context, page = logged_in(chromium_browser, site, person.user, phone=True)
        try:
            response = page.goto(f"{site}/vote/{poll.pk}/")
            assert response.status == 403
            text = page.locator("#no-ballot").inner_text()
            assert "没有选票" in text
            assert reason in text
            assert "Forbidden" not in page.content()
            assert page.locator(".ballot-row").count() == 0
            screenshot(page, f"phone-no-ballot-{label}")
        finally:
            context.close()
