"""The demo congress's opening day, run from the browser: both reports approved, the
committee (with a further election for the seat left empty) and the funds-review committee
elected, the documents downloaded. The hall does most of its voting through the service a
phone calls; a few delegates vote on real phones. Screenshots: tests/artifacts/voting-demo-*.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from dahui.congress.demo import seed_demo
from dahui.congress.models import Attendance, Congress
from dahui.congress.selectors import entitled_delegates
from dahui.elections.demo import seed_elections
from dahui.elections.models import Poll, PollState
from dahui.voting.models import Eligibility
from dahui.voting.services import cast_ballot
from tests.browser.test_voting_day import MARK_CLASSES, click_action, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def hall_votes(poll: Poll, choose) -> int:
    """Every eligible delegate without a ballot yet casts `choose(index, ids)`.

    Runs in a thread of its own: Playwright keeps an event loop in the test's thread, where
    the live events published on commit could not be sent.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_hall_votes, poll, choose).result()


def _hall_votes(poll: Poll, choose) -> int:
    ids = [c.rules_id for c in poll.candidates.order_by("order")]
    voted = 0
    for index, eligible in enumerate(
        Eligibility.objects.filter(poll=poll).select_related("delegate").order_by("id")
    ):
        if poll.participations.filter(delegate=eligible.delegate).exists():
            continue
        cast_ballot(poll=poll, voter=eligible.delegate, choices=choose(index, ids),
                    idempotency_key=str(uuid.uuid4()))
        voted += 1
    connection.close()
    return voted


def test_the_demo_opening_day_runs_from_the_browser(chromium_browser, site, screenshot):
    seed_demo(base_url=site)
    congress = Congress.objects.get()
    seed_elections(congress=congress)
    now = timezone.now()
    present = list(entitled_delegates(congress).order_by("number"))[:280]
    for session in congress.sessions.all():
        Attendance.objects.bulk_create([
            Attendance(session=session, delegate=d, checked_in_at=now, method="desk")
            for d in present
        ])
    users = get_user_model().objects
    contexts = []

    def browser_for(username: str | None = None, *, user=None, phone=False):
        context, page = logged_in(chromium_browser, site, user or users.get(username=username),
                                  phone=phone)
        contexts.append(context)
        return page

    try:
        desk = browser_for("mishu")
        chair = browser_for("zhuxi")
        chief = browser_for("zongjian")
        phone = browser_for(user=present[0].user, phone=True)
        desk.goto(f"{site}/c/{congress.pk}/votes/")
        screenshot(desk, "voting-demo-01-votes")

        def run(poll: Poll, choose, *, on_phone=None, confirm=True) -> Poll:
            chair.goto(f"{site}/polls/{poll.pk}/")
            click_action(chair, "开始投票")
            poll.refresh_from_db()
            if on_phone:
                on_phone(poll)
            # The test database is SQLite's shared-cache memory database, which locks whole
            # tables: no page may poll the live snapshot while the hall writes its ballots.
            for page in (chair, phone):
                page.goto("about:blank")
            hall_votes(poll, choose)
            chair.goto(f"{site}/polls/{poll.pk}/")
            click_action(chair, "结束投票")
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
            assert phone.locator("#tracker").is_visible()

        for motion in congress.motions.order_by("order"):
            poll = run(motion.polls.get(), lambda i, ids: {"vote": "for" if i % 10 else
                                                           "abstain"},
                       on_phone=phone_motion, confirm=False)
            assert poll.result["status"] == "passed"

        committee, funds = congress.elections.order_by("order")

        def phone_committee(poll):
            phone.goto(f"{site}/vote/{poll.pk}/")
            for row in phone.locator(".ballot-row").all()[:20]:
                row.locator(f"label.{MARK_CLASSES['赞成']}").click()
            screenshot(phone, "voting-demo-02-committee-ballot")
            phone.get_by_role("button", name="核对我的选票").click()
            phone.get_by_role("button", name="确认投票").click()

        # Twenty candidates get every vote; the 21st and 22nd split the last seat, so
        # neither reaches the threshold: a further election (另行选举) for one seat.
        first = run(committee.polls.get(round=1), lambda i, ids: {
            "marks": {**{c: "for" for c in ids[:20]}, ids[20 + i % 2]: "for"}
        }, on_phone=phone_committee)
        assert first.result["status"] == "runoff"
        assert first.result["runoff"]["reason"] == "shortage"
        chair.goto(f"{site}/polls/{first.pk}/")
        screenshot(chair, "voting-demo-03-committee-round-1")
        click_action(chair, "举行下一轮投票")
        second = committee.polls.get(round=2)
        run(second, lambda i, ids: {"marks": {ids[0]: "for"}})
        assert second.result["status"] == "elected"
        chair.goto(f"{site}/polls/{second.pk}/")
        screenshot(chair, "voting-demo-04-committee-further-election")

        funds_poll = run(funds.polls.get(), lambda i, ids: {
            "marks": {c: "for" for c in ids[:7]}
        })
        assert funds_poll.result["status"] == "elected"

        screen = browser_for("mishu")
        screen.goto(f"{site}/screen/{congress.pk}/{congress.screen_token}/results/")
        screenshot(screen, "voting-demo-05-hall-screen")

        desk.goto(f"{site}/elections/{committee.pk}/")
        screenshot(desk, "voting-demo-06-committee-page")
        for label, suffix in [("选举结果公告（PDF）", ".pdf"), ("计票报告（PDF）", ".pdf"),
                              ("得票统计（Excel）", ".xlsx")]:
            with desk.expect_download() as download:
                desk.get_by_role("link", name=label).click()
            assert download.value.suggested_filename.endswith(suffix)
            assert download.value.path().stat().st_size > 1000
        # Minutes are per session: the reports' motions were voted in the first session
        # (their agenda items are there), the elections in the last.
        first_session = congress.sessions.order_by("number").first()
        desk.goto(f"{site}/c/{congress.pk}/s/{first_session.pk}/minutes/")
        assert "表决通过" in desk.locator("#press-text").input_value()
        session = congress.sessions.order_by("number").last()
        desk.goto(f"{site}/c/{congress.pk}/s/{session.pk}/minutes/")
        minutes = desk.locator("#minutes-text").input_value()
        assert "经费审查委员会委员" in minutes
        screenshot(desk, "voting-demo-07-minutes")
    finally:
        for context in contexts:
            context.close()
