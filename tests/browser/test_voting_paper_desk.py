"""The desk at 1920×1080: opening below quorum asks first with 应到/实到/需要; two counters
enter a paper ballot that disagrees and the mismatch reads side by side with names; the
count button reads 计票. Screenshots go to tests/artifacts/desk-*.png."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from dahui.congress.models import PlenarySession
from dahui.elections import services
from dahui.elections.models import Method, PollState
from tests.browser.conftest import off_loop
from tests.elections.conftest import staff_election
from tests.elections.people import build_world

pytestmark = pytest.mark.browser


def desk(browser, base_url: str, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                  viewport={"width": 1920, "height": 1080})
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                          "url": base_url}])
    return context, context.new_page()


def test_below_quorum_then_a_paper_mismatch_read_side_by_side(chromium_browser, site,
                                                                screenshot):
    world = build_world()
    election = staff_election(world)
    empty = PlenarySession.objects.create(congress=world.congress, number=2,
                                          title="第二次全体会议", starts_at=timezone.now())
    poll = services.create_election_poll(election=election, session=empty,
                                         method=Method.PAPER, by=world.secretariat)
    contexts = []
    try:
        context, chair = desk(chromium_browser, site, world.presidium)
        contexts.append(context)
        chair.goto(f"{site}/polls/{poll.pk}/")
        assert "应到 10 人，实到 0 人，需要 7 人" in chair.locator("#below-quorum").inner_text()
        screenshot(chair, "desk-open-below-quorum")
        chair.get_by_label("不足法定人数，仍然开启").check()
        chair.get_by_role("button", name="开始投票").click()
        chair.wait_for_load_state("networkidle")
        poll.refresh_from_db()
        assert poll.state == PollState.OPEN
        off_loop(services.record_paper_counts, poll=poll, issued=0, returned=1,
                 by=world.secretariat)
        chair.goto(f"{site}/polls/{poll.pk}/")
        chair.get_by_role("button", name="结束投票").click()
        chair.wait_for_load_state("networkidle")
        assert chair.get_by_role("button", name="计票").is_visible()

        readings = {world.counters[0]: "赞成", world.counters[1]: "不赞成"}
        for counter, mark in readings.items():
            context, page = desk(chromium_browser, site, counter)
            contexts.append(context)
            page.goto(f"{site}/polls/{poll.pk}/paper/")
            names = page.locator("form.card table tr td:first-child").all_inner_texts()
            assert names == ["王敏", "刘洋", "李强", "张伟"]
            page.get_by_label(f"李强 {mark}").check()
            page.get_by_role("button", name="录入", exact=True).click()
            page.wait_for_load_state("networkidle")
        context, scrutineer = desk(chromium_browser, site, world.scrutineer)
        contexts.append(context)
        scrutineer.goto(f"{site}/polls/{poll.pk}/paper/")
        mismatch = scrutineer.locator("#mismatch-1")
        row = mismatch.locator("tr.differs")
        assert row.locator("td").all_inner_texts() == ["李强", "赞成 ○", "不赞成 ×"]
        assert "c" + str(poll.candidates.get(name="李强").pk) not in mismatch.inner_text()
        screenshot(scrutineer, "desk-paper-mismatch")
    finally:
        for context in contexts:
            context.close()
