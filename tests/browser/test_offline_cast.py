"""A delegate's phone on shaky Wi-Fi: the cast that gets no answer is kept on the phone and
sent again, with the same idempotency key, when the network is back. Exactly one ballot is
stored and the voter sees the receipt, whether the first request never left the phone or
reached the server and only its answer was lost. Screenshots: tests/artifacts/offline-*.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dahui.elections import services
from dahui.elections.models import Method
from dahui.voting.models import CastBallot, Participation
from tests.browser.conftest import off_loop
from tests.browser.test_voting_day import logged_in
from tests.elections.conftest import staff_election
from tests.elections.people import build_world

pytestmark = pytest.mark.browser
PENDING = "dahui-pending-cast-"


def _open_poll():
    world = build_world()
    poll = services.create_election_poll(
        election=staff_election(world), session=world.session, method=Method.ELECTRONIC,
        by=world.secretariat,
    )
    off_loop(services.open_poll, poll=poll, by=world.secretariat)
    return world, poll


def _to_review(page, site: str, poll) -> None:
    page.goto(f"{site}/vote/{poll.pk}/")
    page.locator(".ballot-row", has_text="李强").locator("label.for").click()
    page.locator(".ballot-row", has_text="王敏").locator("label.for").click()
    page.get_by_role("button", name="核对我的选票").click()
    expect(page.locator("#cast")).to_be_visible()


def _stored(poll) -> tuple[int, int]:
    return (off_loop(lambda: CastBallot.objects.filter(poll=poll).count()),
            off_loop(lambda: Participation.objects.filter(poll=poll).count()))


def _pending(page, poll):
    return page.evaluate("key => window.sessionStorage.getItem(key)", f"{PENDING}{poll.pk}")


def test_a_cast_sent_while_offline_is_sent_once_when_the_network_is_back(
    chromium_browser, site, screenshot
):
    world, poll = _open_poll()
    context, page = logged_in(chromium_browser, site, world.delegate("王敏").user, phone=True)
    try:
        _to_review(page, site, poll)
        context.set_offline(True)
        page.locator("#cast").click()
        status = page.locator("#cast-status")
        expect(status).to_have_attribute("data-state", "sending")
        expect(status).to_contain_text("正在发送")
        assert _pending(page, poll) is not None  # kept on the phone while unanswered
        screenshot(page, "offline-cast-sending")
        page.wait_for_timeout(2500)  # a retry or two while offline: still nothing stored
        assert _stored(poll) == (0, 0)

        context.set_offline(False)
        expect(page.locator("#cast-done")).to_be_visible()
        expect(status).to_contain_text("已送达")
        tracker = page.locator("#tracker").get_attribute("data-tracker")
        assert tracker
        assert _pending(page, poll) is None  # the marks are gone from the phone
        screenshot(page, "offline-cast-sent")
        assert _stored(poll) == (1, 1)
        assert off_loop(lambda: CastBallot.objects.get(poll=poll).tracker) == tracker
        page.reload()  # the ballot page: already voted, nothing resent
        expect(page.locator("#already")).to_be_visible()
        assert _stored(poll) == (1, 1)
    finally:
        context.close()


def test_a_lost_answer_is_asked_again_and_gets_the_same_receipt(chromium_browser, site):
    world, poll = _open_poll()
    context, page = logged_in(chromium_browser, site, world.delegate("王敏").user, phone=True)
    reached = []

    def lose_the_answer(route):
        if not reached:
            route.fetch()  # the server takes the ballot…
            reached.append(True)
            route.abort("connectionreset")  # …and the phone never hears back
        else:
            route.continue_()

    try:
        _to_review(page, site, poll)
        page.route(f"**/vote/{poll.pk}/cast", lose_the_answer)
        page.locator("#cast").click()
        expect(page.locator("#cast-done")).to_be_visible()
        assert reached
        assert _stored(poll) == (1, 1)
        tracker = page.locator("#tracker").get_attribute("data-tracker")
        assert off_loop(lambda: CastBallot.objects.get(poll=poll).tracker) == tracker
        assert _pending(page, poll) is None
    finally:
        context.close()


def test_a_reload_while_a_cast_is_pending_resumes_sending_it(chromium_browser, site):
    world, poll = _open_poll()
    context, page = logged_in(chromium_browser, site, world.delegate("王敏").user, phone=True)
    try:
        _to_review(page, site, poll)
        page.route(f"**/vote/{poll.pk}/cast", lambda route: route.abort("internetdisconnected"))
        page.locator("#cast").click()
        expect(page.locator("#cast-status")).to_have_attribute("data-state", "sending")
        page.unroute(f"**/vote/{poll.pk}/cast")
        page.goto(f"{site}/vote/{poll.pk}/")  # the ballot page again, the cast still pending
        expect(page.locator("#cast-done")).to_be_visible()
        assert _stored(poll) == (1, 1)
        assert _pending(page, poll) is None
    finally:
        context.close()
