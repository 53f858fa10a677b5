"""The demo congress's whole opening day in the hall, on the real pages.

The secretariat, the chair, the chief scrutineer, a delegate's phone (390×844) and the hall
screen (1920×1080, a projector browser set to American English) each have a browser. The
chair moves the agenda; the screen follows the current item and its session without a
reload: the vote's progress while it is open, "counting" after it closes, its own result once
published, every elected name inside the screen, large and with contrast. The phone ballot
lists the candidates in stroke order; the show-of-hands motion is counted with 计票; no page
of the day answers 500. The rest of the hall votes through the service a phone calls.
Screenshots: tests/artifacts/hall-day-*.png.
"""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from dahui.congress.demo import seed_demo
from dahui.congress.models import AgendaItem, Attendance, Congress, Delegate
from dahui.congress.selectors import entitled_delegates
from dahui.elections import counting
from dahui.elections.models import Poll, PollState
from dahui.voting.models import Eligibility
from dahui.voting.services import cast_ballot
from tests.browser.conftest import off_loop
from tests.browser.test_hall_screen import (
    HEIGHT,
    WIDTH,
    _every_elected_name_is_read,
    _no_scrolling,
    _readable,
)
from tests.browser.test_voting_day import MARK_CLASSES, click_action, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MORNING_PRESENT = 280
AFTERNOON_PRESENT = 276


def _hall_votes(poll: Poll, choose) -> int:
    """Every eligible delegate without a ballot yet casts `choose(index, ids)`."""
    ids = [c.rules_id for c in poll.candidates.order_by("order")]
    voted = set(poll.participations.values_list("delegate_id", flat=True))
    count = 0
    eligible = Delegate.objects.filter(
        pk__in=Eligibility.objects.filter(poll=poll).values("delegate_id")
    ).order_by("pk")
    for index, delegate in enumerate(eligible):
        if delegate.pk in voted:
            continue
        cast_ballot(poll=poll, voter=delegate, choices=choose(index, ids),
                    idempotency_key=str(uuid.uuid4()))
        count += 1
    connection.close()
    return count


def test_the_demo_opening_day_in_the_hall(chromium_browser, site, screenshot, artifacts_dir):
    seed_demo(base_url=site)
    congress = Congress.objects.get()
    morning, afternoon = congress.sessions.order_by("number")
    entitled = list(entitled_delegates(congress).order_by("number"))
    assert len(entitled) == 298  # the seed's congress: every delegate entitled
    now = timezone.now()
    for session, present in ((morning, MORNING_PRESENT), (afternoon, AFTERNOON_PRESENT)):
        Attendance.objects.bulk_create([
            Attendance(session=session, delegate=d, checked_in_at=now, method="desk")
            for d in entitled[:present]
        ])
    users = get_user_model().objects
    contexts = []
    failures: list[str] = []

    def watch(context) -> None:
        context.on("response", lambda r: failures.append(f"{r.status} {r.url}")
                   if r.status >= 500 else None)
        contexts.append(context)

    def browser_for(username: str | None = None, *, user=None, phone=False):
        context, page = logged_in(chromium_browser, site, user or users.get(username=username),
                                  phone=phone)
        watch(context)
        return page

    shots = artifacts_dir / "hall-day"
    shots.mkdir(parents=True, exist_ok=True)
    try:
        desk = browser_for("mishu")
        chair = browser_for("zhuxi")
        chief = browser_for("zongjian")
        voter = entitled[0]
        phone = browser_for(user=voter.user, phone=True)
        projector = chromium_browser.new_context(
            viewport={"width": WIDTH, "height": HEIGHT}, locale="en-US",
            extra_http_headers={"Accept-Language": "en-US,en;q=0.9"},
        )
        projector.set_default_timeout(25_000)
        watch(projector)
        screen = projector.new_page()
        # The test's server has no WebSockets: the screen follows by polling.
        expect.set_options(timeout=25_000)
        screen.goto(f"{site}/screen/{congress.pk}/{congress.screen_token}/")
        screen.evaluate("window.notReloaded = true")
        expect(screen.locator("#entitled")).to_have_text("298")

        def make_current(item: AgendaItem) -> None:
            chair.goto(f"{site}/c/{congress.pk}/agenda/")
            chair.locator(f"#item-{item.pk}").get_by_role("button", name="设为当前").click()
            chair.wait_for_load_state("networkidle")
            expect(screen.locator("#item-title")).to_have_text(item.title)
            session, present = ((morning, MORNING_PRESENT) if item.session_id == morning.pk
                                else (afternoon, AFTERNOON_PRESENT))
            expect(screen.locator("#session-title")).to_have_text(session.title)
            expect(screen.locator("#present")).to_have_text(str(present))
            expect(screen.locator("#poll-progress")).to_be_hidden()

        def open_close(poll: Poll, choose, *, on_phone=None, shot: str) -> None:
            chair.goto(f"{site}/polls/{poll.pk}/")
            expect(chair.locator("#poll-session")).to_contain_text(poll.session.title)
            click_action(chair, "开始投票")
            expect(screen.locator("#poll-progress")).to_be_visible()
            expect(screen.locator("#poll-title")).to_have_text(poll.title)
            if on_phone:
                on_phone(poll)
            # SQLite's shared-cache test database locks whole tables: no page polls the
            # live snapshot while the hall writes its ballots.
            for page in (chair, phone, screen):
                page.goto("about:blank")
            off_loop(_hall_votes, poll, choose)
            poll.refresh_from_db()
            screen.goto(f"{site}/screen/{congress.pk}/{congress.screen_token}/")
            screen.evaluate("window.notReloaded = true")
            expect(screen.locator("#poll-returned")).to_have_text(str(poll.issued))
            _readable(screen, ".screen-poll-caption", min_font=24)
            _no_scrolling(screen)
            screen.screenshot(path=str(shots / f"{shot}-1-progress.png"))
            chair.goto(f"{site}/polls/{poll.pk}/")
            click_action(chair, "结束投票")
            expect(screen.locator("#poll-counting")).to_be_visible()
            expect(screen.locator("#poll-result")).to_be_hidden()
            screen.screenshot(path=str(shots / f"{shot}-2-counting.png"))

        def publish(poll: Poll, *, confirm: bool) -> Poll:
            if confirm:
                chief.goto(f"{site}/polls/{poll.pk}/")
                click_action(chief, "我确认本次计票结果")
            chair.goto(f"{site}/polls/{poll.pk}/")
            click_action(chair, "公布结果")
            poll.refresh_from_db()
            assert poll.state == PollState.PUBLISHED
            return poll

        def phone_motion(poll):
            phone.goto(f"{site}/vote/{poll.pk}/")
            phone.locator(".motion-choices label", has_text="赞成").click()
            phone.get_by_role("button", name="核对我的选票").click()
            phone.get_by_role("button", name="确认投票").click()
            expect(phone.locator("#tracker-short")).to_be_visible()

        # Morning: the two reports, each by electronic vote.
        reports = list(congress.motions.filter(kind="report").order_by("order"))
        for number, motion in enumerate(reports, start=1):
            poll = motion.polls.get()
            make_current(motion.agenda_item)
            open_close(poll, lambda i, ids: {"vote": "for" if i % 10 else "abstain"},
                       on_phone=phone_motion, shot=f"report-{number}")
            poll.refresh_from_db()
            publish(poll, confirm=False)
            expect(screen.locator("#verdict")).to_have_text("通过")
            _readable(screen, "#verdict", min_font=96)
            assert screen.locator(".screen-result-title").inner_text() == poll.title
            _no_scrolling(screen)
            screen.screenshot(path=str(shots / f"report-{number}-3-result.png"))
            assert screen.evaluate("window.notReloaded") is True

        # Afternoon: the election rules by show of hands; the chair enters and counts them.
        rules_motion = congress.motions.get(kind="election_rules")
        poll = rules_motion.polls.get()
        make_current(rules_motion.agenda_item)
        chair.goto(f"{site}/polls/{poll.pk}/")
        click_action(chair, "开始投票")
        expect(screen.locator("#poll-progress")).to_be_visible()
        click_action(chair, "结束投票")
        chair.fill("#t-for", "270")
        chair.fill("#t-against", "2")
        chair.fill("#t-abstain", "4")
        click_action(chair, "录入票数")
        expect(chair.get_by_role("button", name="计票")).to_be_visible()
        screenshot(chair, "hall-day-01-show-of-hands-count")
        click_action(chair, "计票")
        publish(poll, confirm=False)
        expect(screen.locator("#verdict")).to_have_text("通过")
        expect(screen.locator(".screen-motion-line")).to_contain_text("赞成 270")

        committee, funds = congress.elections.order_by("order")

        def phone_committee(poll):
            phone.goto(f"{site}/vote/{poll.pk}/")
            listed = phone.locator(".ballot-row .name").all_inner_texts()
            assert listed == [c.name for c in counting.ballot_candidates(poll)]
            assert listed == counting.announced(listed)
            for candidate in poll.candidates.order_by("order")[:20]:
                phone.locator(f'.ballot-row[data-candidate="{candidate.name}"]') \
                    .locator(f"label.{MARK_CLASSES['赞成']}").click()
            screenshot(phone, "hall-day-02-committee-ballot")
            phone.get_by_role("button", name="核对我的选票").click()
            phone.get_by_role("button", name="确认投票").click()
            expect(phone.locator("#tracker-short")).to_be_visible()

        # The committee: twenty candidates get every vote; the 21st and 22nd split the last
        # seat, so neither reaches the threshold: a further election for one seat.
        make_current(committee.agenda_item)
        first = committee.polls.get(round=1)
        open_close(first, lambda i, ids: {
            "marks": {**{c: "for" for c in ids[:20]}, ids[20 + i % 2]: "for"}
        }, on_phone=phone_committee, shot="committee-round-1")
        publish(first, confirm=True)
        assert first.result["status"] == "runoff"
        elected = {r["name"] for r in first.result["results"] if r["elected"]}
        assert len(elected) == 20
        _every_elected_name_is_read(screen, elected, shots, "committee-round-1-result")
        chair.goto(f"{site}/polls/{first.pk}/")
        screenshot(chair, "hall-day-03-committee-round-1")
        click_action(chair, "举行下一轮投票")
        second = committee.polls.get(round=2)
        # Until the further election opens the hall still reads the first round's result;
        # once it opens, the screen shows the new round's progress (in open_close).
        open_close(second, lambda i, ids: {"marks": {ids[0]: "for"}}, shot="committee-round-2")
        publish(second, confirm=True)
        assert second.result["status"] == "elected"
        _every_elected_name_is_read(
            screen, {r["name"] for r in second.result["results"] if r["elected"]}, shots,
            "committee-round-2-result")

        make_current(funds.agenda_item)
        funds_poll = funds.polls.get()
        open_close(funds_poll, lambda i, ids: {"marks": {c: "for" for c in ids[:7]}},
                   shot="funds")
        publish(funds_poll, confirm=True)
        assert funds_poll.result["status"] == "elected"
        elected = {r["name"] for r in funds_poll.result["results"] if r["elected"]}
        assert len(elected) == 7
        _every_elected_name_is_read(screen, elected, shots, "funds-result")
        assert screen.evaluate("window.notReloaded") is True

        desk.goto(f"{site}/elections/{committee.pk}/")
        screenshot(desk, "hall-day-04-committee-page")
        for label, suffix in [("选举结果公告（PDF）", ".pdf"), ("计票报告（PDF）", ".pdf"),
                              ("得票统计（Excel）", ".xlsx")]:
            with desk.expect_download() as download:
                desk.get_by_role("link", name=label).click()
            assert download.value.suggested_filename.endswith(suffix)
            assert download.value.path().stat().st_size > 1000
        desk.goto(f"{site}/c/{congress.pk}/s/{afternoon.pk}/minutes/")
        minutes = desk.locator("#minutes-text").input_value()
        assert "经费审查委员会委员" in minutes
        assert "表决通过" in desk.locator("#press-text").input_value()
        screenshot(desk, "hall-day-05-minutes")
        desk.goto(f"{site}/c/{congress.pk}/vote/")
        phone.goto(f"{site}/c/{congress.pk}/vote/")
        screenshot(phone, "hall-day-06-phone-votes")
        assert failures == []
    finally:
        expect.set_options(timeout=5_000)
        for context in contexts:
            context.close()
