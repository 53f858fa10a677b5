"""What the pages say, in Chinese: 计票 on every count button, motion words on motions,
no internal code on the election page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from dahui.elections import services
from dahui.elections.models import Method
from tests.elections.test_views import client_for


def _button(page: str, action: str) -> str:
    match = re.search(rf'<button[^>]*value="{action}"[^>]*>([^<]*)</button>', page)
    assert match, f"no {action} button"
    return match.group(1).strip()


@pytest.mark.parametrize("kind", ["paper election", "electronic election", "paper motion",
                                  "totals motion"])
def test_the_count_button_says_jipiao_on_every_poll_page(world, election, motion, kind):
    method, subject = kind.split()
    method = {"paper": Method.PAPER, "electronic": Method.ELECTRONIC,
              "totals": Method.TOTALS}[method]
    if subject == "election":
        poll = services.create_election_poll(election=election, session=world.session,
                                             method=method, by=world.secretariat)
    else:
        poll = services.create_motion_poll(motion=motion, session=world.session,
                                           method=method, by=world.secretariat)
    services.open_poll(poll=poll, by=world.secretariat)
    services.close_poll(poll=poll, by=world.secretariat)
    client = client_for(world.presidium)
    page = client.get(reverse("elections:poll", args=[poll.pk]),
                      HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert _button(page, "count") == "计票"


def test_a_composition_table_still_says_renshu(world):
    from django.utils import translation
    from django.utils.translation import pgettext

    with translation.override("zh-hans"):
        assert pgettext("headcount", "Count") == "人数"
        assert pgettext("poll action", "Count") == "计票"


def test_a_motion_speaks_of_passing_and_opposing_not_of_being_elected(world, motion):
    poll = services.create_motion_poll(motion=motion, session=world.session,
                                       method=Method.TOTALS, by=world.secretariat)
    services.open_poll(poll=poll, by=world.secretariat)
    services.close_poll(poll=poll, by=world.secretariat)
    client = client_for(world.presidium)
    form = client.get(reverse("elections:poll", args=[poll.pk])).content.decode()
    assert '<label for="t-against">反对</label>' in form
    assert "不赞成" not in form
    services.enter_totals(poll=poll, votes_for=7, against=1, abstain=0, by=world.secretariat)
    services.count_poll(poll=poll, by=world.secretariat)
    page = client.get(reverse("elections:poll", args=[poll.pk])).content.decode()
    assert "通过所需票数" in page
    assert "当选票数" not in page
    assert "反对" in page
    assert "不赞成" not in page
    votes = client_for(world.secretariat).get(
        reverse("elections:votes", args=[world.congress.pk])).content.decode()
    assert "通过票数基数" in votes


def test_a_round_without_quorum_reads_in_chinese_on_the_election_page(world, election):
    from django.utils import timezone

    from dahui.congress.models import PlenarySession

    empty = PlenarySession.objects.create(congress=world.congress, number=2, title="第二次",
                                          starts_at=timezone.now())
    poll = services.create_election_poll(election=election, session=empty,
                                         method=Method.ELECTRONIC, by=world.secretariat)
    services.open_poll(poll=poll, by=world.secretariat)
    services.close_poll(poll=poll, by=world.secretariat)
    services.count_poll(poll=poll, by=world.secretariat)
    page = client_for(world.secretariat).get(
        reverse("elections:election", args=[election.pk])).content.decode()
    assert "不足法定人数" in page
    assert "no_quorum" not in page
