"""The bulletin board on a phone and on the hall screen: a lookup by the receipt's short
form once the poll is closed (no list, no turnout), then the published list.

Screenshots go to tests/artifacts/board-*.png.
"""

from __future__ import annotations

import uuid

import pytest

from dahui.elections import services
from dahui.elections.models import Method
from dahui.voting.board import short_form
from dahui.voting.services import cast_ballot
from tests.browser.conftest import off_loop, screenshot, site  # noqa: F401
from tests.browser.test_voting_day import logged_in
from tests.elections.conftest import staff_election
from tests.elections.people import build_world

pytestmark = pytest.mark.browser


def test_the_board_on_a_phone_and_on_the_hall_screen(chromium_browser, site, screenshot):  # noqa: F811
    world = build_world(delegates=10, checked_in=8)
    poll = services.create_election_poll(election=staff_election(world),
                                         session=world.session, method=Method.ELECTRONIC,
                                         by=world.secretariat)
    off_loop(services.open_poll, poll=poll, by=world.secretariat)
    ids = [c.rules_id for c in poll.candidates.order_by("order")]
    trackers = [off_loop(cast_ballot, poll=poll, voter=d, choices={"marks": {ids[n % 4]: "for"}},
                         idempotency_key=str(uuid.uuid4())).tracker
                for n, d in enumerate(world.delegates[:8])]
    off_loop(services.close_poll, poll=poll, by=world.secretariat)
    url = f"{site}/polls/{poll.pk}/board/?tracker={short_form(trackers[0])}"
    phone_context, phone = logged_in(chromium_browser, site, world.delegates[0].user,
                                     phone=True)
    hall_context, hall = logged_in(chromium_browser, site, world.secretariat, phone=False)
    hall.set_viewport_size({"width": 1920, "height": 1080})
    try:
        phone.goto(url)
        assert "已找到" in phone.locator("#lookup").inner_text()
        assert phone.locator("#board-count").count() == 0
        screenshot(phone, "board-01-closed-lookup-phone")
        hall.goto(url)
        screenshot(hall, "board-02-closed-lookup-hall")
        off_loop(services.count_poll, poll=poll, by=world.presidium)
        off_loop(services.confirm_poll, poll=poll, by=world.chief)
        off_loop(services.publish_poll, poll=poll, by=world.presidium)
        phone.goto(url)
        assert "8" in phone.locator("#board-count").inner_text()
        screenshot(phone, "board-03-published-phone")
        hall.goto(url)
        screenshot(hall, "board-04-published-hall")
    finally:
        phone_context.close()
        hall_context.close()
