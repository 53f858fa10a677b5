"""The hall follows an appraisal filed under the current agenda item, as it follows a
motion or an election, and shows its published result."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from dahui.appraisal import services
from dahui.congress.models import AgendaKind
from dahui.congress.services import add_agenda_item, set_current_item
from dahui.elections import services as polls
from dahui.elections.models import Method
from dahui.live.hall import hall_stage
from tests.appraisal.conftest import LEADERS


def test_the_current_items_appraisal_is_the_halls_poll_and_its_result_is_shown(world):
    item = add_agenda_item(congress=world.congress, kind=AgendaKind.OTHER,
                           title="民主评议领导班子成员", session=world.session,
                           by=world.secretariat)
    appraisal = services.create_appraisal(congress=world.congress, title="民主评议",
                                          agenda_item=item, by=world.secretariat)
    for name, position in LEADERS:
        services.add_subject(appraisal=appraisal, name=name, position=position,
                             by=world.secretariat)
    poll = services.create_appraisal_poll(appraisal=appraisal, session=world.session,
                                          method=Method.TOTALS, by=world.secretariat)
    set_current_item(congress=world.congress, item=item, by=world.secretariat)
    polls.open_poll(poll=poll, by=world.secretariat)
    world.congress.refresh_from_db()
    assert hall_stage(world.congress).poll == poll
    polls.close_poll(poll=poll, by=world.secretariat)
    ids = {s.name: s.rules_id for s in appraisal.subjects.all()}
    services.enter_appraisal_totals(poll=poll, returned=8,
                                    totals={ids["张伟"]: {"不称职": 5, "优秀": 3}},
                                    by=world.secretariat)
    polls.count_poll(poll=poll, by=world.secretariat)
    polls.confirm_poll(poll=poll, by=world.chief)
    polls.publish_poll(poll=poll, by=world.secretariat)
    partial = Client().get(reverse(
        "elections:screen-results-partial",
        args=[world.congress.pk, world.congress.screen_token],
    )).content.decode()
    assert "screen-appraisal" in partial
    assert "张伟" in partial
    assert "62.5%" in partial  # 5 of 8 不称职
    assert 'class="row flagged"' in partial
