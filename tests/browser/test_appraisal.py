"""An appraisal (民主评议) from the phones to the hall screen: four delegates grade the
outgoing leaders on their phones (390×844), the secretariat closes the vote (the count
follows), the chief scrutineer confirms, the secretariat publishes, and the hall screen
(1920×1080) shows each person's counts per grade and the flag. Every count shown equals
what was cast. Screenshots: tests/artifacts/appraisal-*.png."""

from __future__ import annotations

from collections import Counter

import pytest
from playwright.sync_api import expect

from dahui.appraisal import services
from dahui.elections import services as polls
from dahui.elections.models import Method, Poll, PollState
from tests.appraisal.conftest import make_appraisal
from tests.browser.conftest import off_loop
from tests.browser.test_voting_day import click_action, logged_in
from tests.elections.people import build_world

pytestmark = pytest.mark.browser
STROKE_ORDER = ["王敏", "刘洋", "李强", "张伟"]
# What each delegate grades; a name left out is not graded (不评).
CAST = {
    "王敏": {"王敏": "优秀", "刘洋": "称职", "李强": "优秀", "张伟": "不称职"},
    "李强": {"王敏": "优秀", "刘洋": "基本称职", "张伟": "不称职"},
    "张伟": {"王敏": "称职", "刘洋": "称职", "李强": "优秀", "张伟": "称职"},
    "刘洋": {"王敏": "优秀", "李强": "称职", "张伟": "不称职"},
    "陈静": {"刘洋": "优秀", "李强": "基本称职", "张伟": "优秀"},
}


def _grade(page, name: str, grade: str) -> None:
    row = page.locator(f".appraisal-row[data-subject='{name}']")
    row.locator("label.grade").filter(has=page.locator(f"input[value='{grade}']")).click()


def test_an_appraisal_voted_by_phones_is_counted_confirmed_published_and_shown(
    chromium_browser, site, screenshot
):
    def setup():
        world = build_world()
        appraisal = make_appraisal(world)
        poll = services.create_appraisal_poll(
            appraisal=appraisal, session=world.session, method=Method.ELECTRONIC,
            by=world.secretariat,
        )
        polls.open_poll(poll=poll, by=world.secretariat)
        return world, poll

    world, poll = off_loop(setup)

    for voter, grades in CAST.items():
        context, page = logged_in(chromium_browser, site, world.delegate(voter).user,
                                  phone=True)
        try:
            page.goto(f"{site}/vote/{poll.pk}/")
            names = [row.get_attribute("data-subject")
                     for row in page.locator(".appraisal-row").all()]
            assert names == STROKE_ORDER
            for name, grade in grades.items():
                _grade(page, name, grade)
            if voter == "王敏":
                screenshot(page, "appraisal-phone-ballot")
            page.get_by_role("button", name="核对我的选票").click()
            review = dict(zip(page.locator(".appraisal-review td:first-child").all_inner_texts(),
                              page.locator(".appraisal-review td:last-child").all_inner_texts(),
                              strict=True))
            assert review == {n: grades.get(n, "不评") for n in STROKE_ORDER}
            if voter == "王敏":
                screenshot(page, "appraisal-phone-review")
            page.get_by_role("button", name="确认投票").click()
            expect(page.locator("#tracker")).to_be_visible()
        finally:
            context.close()

    desk, page = logged_in(chromium_browser, site, world.secretariat, phone=False)
    try:
        page.goto(f"{site}/polls/{poll.pk}/")
        click_action(page, "结束投票")
        expect(page.locator("#poll-state")).to_have_text("已计票")
    finally:
        desk.close()
    chief, page = logged_in(chromium_browser, site, world.chief, phone=False)
    try:
        page.goto(f"{site}/polls/{poll.pk}/")
        click_action(page, "我确认本次计票结果")
        expect(page.locator("#poll-state")).to_have_text("已确认")
    finally:
        chief.close()
    desk, page = logged_in(chromium_browser, site, world.secretariat, phone=False)
    try:
        page.goto(f"{site}/polls/{poll.pk}/")
        click_action(page, "公布结果")
        expect(page.locator("#poll-state")).to_have_text("已公布")
        screenshot(page, "appraisal-poll-page")
    finally:
        desk.close()

    poll = off_loop(lambda: Poll.objects.get(pk=poll.pk))
    assert poll.state == PollState.PUBLISHED
    expected = {name: Counter(g[name] for g in CAST.values() if name in g)
                for name in STROKE_ORDER}

    context = chromium_browser.new_context(viewport={"width": 1920, "height": 1080},
                                           locale="en-US")
    context.set_default_timeout(20_000)
    try:
        screen = context.new_page()
        screen.goto(f"{site}/screen/{world.congress.pk}/{world.congress.screen_token}"
                    f"/results/?poll={poll.pk}")
        rows = screen.locator(".screen-appraisal .screen-counts-rows > li")
        expect(rows).to_have_count(4)
        header = screen.locator(".screen-appraisal .hrow span").all_inner_texts()
        assert header[1:6] == ["优秀", "称职", "基本称职", "不称职", "不评"]
        shown = {}
        for row in rows.all():
            cells = row.locator("span").all()
            name = cells[0].inner_text()
            shown[name] = [int(cell.evaluate("el => el.firstChild.textContent"))
                           for cell in cells[1:6]]
        assert list(shown) == STROKE_ORDER
        for name in STROKE_ORDER:
            counts = expected[name]
            graded = sum(counts.values())
            assert shown[name] == [counts["优秀"], counts["称职"], counts["基本称职"],
                                   counts["不称职"], len(CAST) - graded], name
        # 张伟: 3 of 5 valid ballots 不称职, above 1/3: flagged on the screen.
        flagged = screen.locator(".screen-counts-rows > li.flagged .name").all_inner_texts()
        assert flagged == ["张伟"]
        title = screen.locator(".screen-result-title")
        expect(title).to_have_text(poll.title)
        box = screen.locator(".screen-result").bounding_box()
        assert box["height"] <= 1080
        size = screen.locator(".screen-counts-rows > li .name").first.evaluate(
            "el => parseFloat(getComputedStyle(el).fontSize)")
        assert size >= 28
        screenshot(screen, "appraisal-hall-screen")
    finally:
        context.close()

