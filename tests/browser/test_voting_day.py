"""Three delegates on three phones vote on a motion and in an election with a write-in; the
presidium closes, the scrutineers confirm, the result is published and shown on the hall
screen; the tie that follows goes to a runoff round, voted and published the same way.

Screenshots go to tests/artifacts/voting-*.png.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from dahui.elections import services
from dahui.elections.models import Method, Poll
from dahui.voting.models import CastBallot
from tests.elections.people import build_world

pytestmark = pytest.mark.browser
MARK_CLASSES = {"赞成": "for", "不赞成": "against", "弃权": "abstain"}


def logged_in(browser, base_url: str, user, *, phone: bool):
    """A browser context carrying `user`'s session, as if they had logged in."""
    client = Client()
    client.force_login(user)
    options = (
        {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
        if phone else {"viewport": {"width": 1366, "height": 900}}
    )
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(15_000)
    context.add_cookies([{
        "name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url,
    }])
    return context, context.new_page()


def click_action(page, label: str) -> None:
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state("networkidle")


def vote_motion(page, site: str, congress_id: int, title: str, choice: str) -> str:
    page.goto(f"{site}/c/{congress_id}/vote/")
    page.locator(".card", has_text=title).get_by_role("link").click()
    page.locator(".motion-choices label", has_text=choice).click()
    page.get_by_role("button", name="核对我的选票").click()
    page.get_by_role("button", name="确认投票").click()
    return page.locator("#tracker").get_attribute("data-tracker")


def vote_election(page, site, congress_id, title, marks: dict[str, str],
                  write_ins: dict[str, str] | None = None, shot=None) -> str:
    page.goto(f"{site}/c/{congress_id}/vote/")
    page.locator(".card", has_text=title).get_by_role("link").first.click()
    for name, mark in marks.items():
        row = page.locator(".ballot-row", has_text=name)
        row.locator(f"label.{MARK_CLASSES[mark]}").click()
    for name, written in (write_ins or {}).items():
        page.locator(".ballot-row", has_text=name).locator(".write-in input").fill(written)
    if shot:
        shot(page)
    page.get_by_role("button", name="核对我的选票").click()
    page.get_by_role("button", name="确认投票").click()
    return page.locator("#tracker").get_attribute("data-tracker")


def test_a_voting_day_from_phones_to_the_hall_screen(chromium_browser, site, screenshot):
    world = build_world(delegates=3, checked_in=3)
    congress = world.congress
    a, b, c = world.delegates
    motion = services.create_motion(congress=congress, title="关于第二届委员会工作报告的决议",
                                    kind="report", by=world.secretariat)
    motion_poll = services.create_motion_poll(
        motion=motion, session=world.session, method=Method.ELECTRONIC, by=world.secretariat
    )
    election = services.create_election(
        congress=congress, title="第三届委员会委员", body="committee", seats=2,
        by=world.secretariat,
    )
    for delegate in (a, b, c):
        services.add_candidate(election=election, name=delegate.name, delegate=delegate,
                               by=world.secretariat)
    services.assign_scrutineer(election=election, user=world.chief, role="chief_scrutineer",
                               by=world.secretariat)
    services.assign_scrutineer(election=election, user=world.scrutineer, role="scrutineer",
                               by=world.secretariat)
    election_poll = services.create_election_poll(
        election=election, session=world.session, method=Method.ELECTRONIC,
        by=world.secretariat,
    )
    contexts = []

    def open_context(user, *, phone):
        context, page = logged_in(chromium_browser, site, user, phone=phone)
        contexts.append(context)
        return page

    try:
        presidium = open_context(world.presidium, phone=False)
        for poll in (motion_poll, election_poll):
            presidium.goto(f"{site}/polls/{poll.pk}/")
            click_action(presidium, "开始投票")
        screenshot(presidium, "voting-01-poll-open")

        phones = [open_context(d.user, phone=True) for d in (a, b, c)]
        trackers = [
            vote_motion(phone, site, congress.pk, motion.title, choice)
            for phone, choice in zip(phones, ["赞成", "赞成", "弃权"], strict=True)
        ]
        screenshot(phones[2], "voting-02-receipt")
        assert len(set(trackers)) == 3

        # 王敏 2, 李强 2, and 赵磊 written in twice: a tie of three at 2 for the 2 seats.
        vote_election(phones[0], site, congress.pk, election.title,
                      {a.name: "赞成", b.name: "赞成"})
        vote_election(phones[1], site, congress.pk, election.title,
                      {b.name: "赞成", c.name: "不赞成"}, {c.name: "赵磊"},
                      shot=lambda p: screenshot(p, "voting-03-ballot-write-in"))
        phones[2].goto(f"{site}/c/{congress.pk}/vote/")
        phones[2].locator(".card", has_text=election.title).get_by_role("link").click()
        for name in (a.name, b.name, c.name):
            phones[2].locator(".ballot-row", has_text=name).locator("label.for").click()
        over = phones[2].locator("#tally-bar")
        assert "超过" in over.inner_text()
        assert phones[2].get_by_role("button", name="核对我的选票").is_disabled()
        screenshot(phones[2], "voting-04-over-vote-prevented")
        phones[2].locator(".ballot-row", has_text=b.name).locator("label.abstain").click()
        vote_election(phones[2], site, congress.pk, election.title,
                      {a.name: "赞成", b.name: "弃权", c.name: "不赞成"}, {c.name: "赵磊"})
        assert CastBallot.objects.filter(poll=election_poll).count() == 3

        for poll in (motion_poll, election_poll):
            presidium.goto(f"{site}/polls/{poll.pk}/")
            click_action(presidium, "结束投票")
        presidium.goto(f"{site}/polls/{motion_poll.pk}/")
        click_action(presidium, "公布结果")
        assert Poll.objects.get(pk=motion_poll.pk).state == "published"

        for user, name in ((world.scrutineer, "scrutineer"), (world.chief, "chief")):
            page = open_context(user, phone=False)
            page.goto(f"{site}/polls/{election_poll.pk}/")
            click_action(page, "我确认本次计票结果")
            if name == "chief":
                screenshot(page, "voting-05-confirmed-tie")
        presidium.goto(f"{site}/polls/{election_poll.pk}/")
        click_action(presidium, "公布结果")
        result = presidium.locator("#result").inner_text()
        assert "赵磊" in result
        assert "最后名额得票相等" in result

        screen = open_context(world.secretariat, phone=False)
        screen.goto(f"{site}/screen/{congress.pk}/{congress.screen_token}/results/")
        assert "赵磊" in screen.content()
        screenshot(screen, "voting-06-hall-screen-tie")

        # The presidium holds the runoff; the same three vote again: 王敏 3, 李强 2, 赵磊 1.
        click_action(presidium, "举行下一轮投票")
        runoff_url = presidium.url
        click_action(presidium, "开始投票")
        assert re.search(r"/polls/\d+/$", runoff_url)
        runoff_title = "第三届委员会委员（第2轮）"
        for phone, marks in zip(phones, [
            {a.name: "赞成", b.name: "赞成"}, {a.name: "赞成", b.name: "赞成"},
            {a.name: "赞成", "赵磊": "赞成"},
        ], strict=True):
            vote_election(phone, site, congress.pk, runoff_title, marks)
        click_action(presidium, "结束投票")
        for user in (world.chief,):
            page = open_context(user, phone=False)
            page.goto(runoff_url)
            click_action(page, "我确认本次计票结果")
        presidium.goto(runoff_url)
        click_action(presidium, "公布结果")
        screenshot(presidium, "voting-07-runoff-published")
        screen.goto(f"{site}/screen/{congress.pk}/{congress.screen_token}/results/")
        text = screen.locator("section").inner_text()
        assert "第2轮" in text
        assert "当选" in text
        screenshot(screen, "voting-08-hall-screen-runoff")

        board = phones[0]
        board.goto(f"{site}/polls/{motion_poll.pk}/board/?tracker={trackers[0]}")
        assert "已找到" in board.locator("#lookup").inner_text()
        grouped = f"{trackers[0][:8]} {trackers[0][8:]}"  # as copied from the receipt
        board.goto(f"{site}/polls/{motion_poll.pk}/board/?tracker={grouped}")
        assert "已找到" in board.locator("#lookup").inner_text()
        screenshot(board, "voting-09-bulletin-board")
    finally:
        for context in contexts:
            context.close()
