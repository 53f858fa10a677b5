"""Agenda items can be corrected, reordered and removed until they have been voted on."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from dahui.audit.models import AuditEntry
from dahui.congress import services
from dahui.congress.models import AgendaItem


@pytest.fixture
def three_items(congress, the_secretary, first_session):
    return [
        services.add_agenda_item(congress=congress, kind=kind, title=title,
                                 session=first_session, by=the_secretary)
        for kind, title in (("report", "工作报告"), ("motion", "表决决议"), ("other", "闭幕"))
    ]


def _vote_on(item, session):
    from dahui.elections.models import Motion, Poll

    motion = Motion.objects.create(congress=item.congress, agenda_item=item, title=item.title,
                                   kind="resolution")
    Poll.objects.create(congress=item.congress, motion=motion, session=session,
                        method="electronic", state="closed", opened_at=timezone.now())


def test_an_item_is_corrected_and_the_change_audited(three_items, the_secretary, congress):
    second_session = congress.sessions.get(number=2)
    item = services.update_agenda_item(item=three_items[0], kind="report",
                                       title="听取和审议工作报告", presenter="主席",
                                       session=second_session, by=the_secretary)
    item.refresh_from_db()
    assert (item.title, item.presenter, item.session) == ("听取和审议工作报告", "主席",
                                                          second_session)
    entry = AuditEntry.objects.get(action="agenda.changed")
    assert entry.data["from"]["title"] == "工作报告"
    assert entry.data["to"]["session"] == 2


def test_removing_an_item_renumbers_the_rest(three_items, the_secretary):
    services.remove_agenda_item(item=three_items[0], by=the_secretary)
    assert list(AgendaItem.objects.order_by("order").values_list("title", "order")) == [
        ("表决决议", 1), ("闭幕", 2)]
    assert AuditEntry.objects.filter(action="agenda.removed").count() == 1


def test_an_item_voted_on_can_be_neither_edited_nor_removed(
    three_items, the_secretary, first_session
):
    voted = three_items[1]
    _vote_on(voted, first_session)
    with pytest.raises(services.ServiceError, match=r"表决|voted"):
        services.remove_agenda_item(item=voted, by=the_secretary)
    with pytest.raises(services.ServiceError):
        services.update_agenda_item(item=voted, kind="motion", title="改名", by=the_secretary)
    voted.refresh_from_db()
    assert voted.title == "表决决议"
    assert AgendaItem.objects.count() == 3


def test_a_draft_poll_does_not_freeze_the_item(three_items, the_secretary, first_session):
    from dahui.elections.models import Motion, Poll

    motion = Motion.objects.create(congress=three_items[1].congress,
                                   agenda_item=three_items[1], title="决议", kind="resolution")
    Poll.objects.create(congress=motion.congress, motion=motion, session=first_session,
                        method="electronic")
    services.remove_agenda_item(item=three_items[1], by=the_secretary)
    assert AgendaItem.objects.count() == 2


def test_the_agenda_page_edits_and_refuses_with_the_reason(
    three_items, the_secretary, congress, first_session
):
    _vote_on(three_items[1], first_session)
    client = Client()
    client.force_login(the_secretary)
    page = client.get(f"/c/{congress.pk}/agenda/").content.decode()
    assert page.count(f'action="/c/{congress.pk}/agenda/') >= 2
    assert f"/agenda/{three_items[1].pk}/remove/" not in page
    assert f"/agenda/{three_items[0].pk}/remove/" in page
    prefix = f"item{three_items[2].pk}"
    client.post(f"/c/{congress.pk}/agenda/{three_items[2].pk}/edit/", {
        f"{prefix}-kind": "other", f"{prefix}-title": "大会闭幕", f"{prefix}-presenter": "",
        f"{prefix}-session": first_session.pk})
    assert AgendaItem.objects.get(pk=three_items[2].pk).title == "大会闭幕"
    refused = client.post(f"/c/{congress.pk}/agenda/{three_items[1].pk}/remove/", follow=True)
    assert "已经表决" in refused.content.decode()
    assert AgendaItem.objects.count() == 3


def test_only_the_secretariat_edits_the_agenda(three_items, the_chair, congress):
    client = Client()
    client.force_login(the_chair)
    response = client.post(f"/c/{congress.pk}/agenda/{three_items[0].pk}/remove/")
    assert response.status_code == 403
    assert AgendaItem.objects.count() == 3
