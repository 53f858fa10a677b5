"""Minutes per plenary session: drafted from that session alone, saved, declared final."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from dahui.audit.models import AuditEntry
from dahui.congress import services as congress_services
from dahui.congress.models import SessionMinutes
from dahui.elections.selectors import day_facts
from tests.documents.pdf_text import info_title
from tests.elections.test_views import published_election  # noqa: F401  the fixture


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def second_session(world):
    return congress_services.add_session(
        congress=world.congress, number=2, title="第二次全体会议",
        starts_at=world.session.starts_at + dt.timedelta(hours=6), by=world.secretariat,
    )


def _url(world, session) -> str:
    return reverse("elections:minutes", args=[world.congress.pk, session.pk])


def test_a_session_lists_only_its_own_elections_and_items(
    world, published_election, second_session  # noqa: F811
):
    congress_services.add_agenda_item(congress=world.congress, kind="report",
                                      title="第一次会议听取的报告", session=world.session,
                                      by=world.secretariat)
    congress_services.add_agenda_item(congress=world.congress, kind="report",
                                      title="第二次会议听取的报告", session=second_session,
                                      by=world.secretariat)
    first = day_facts(world.congress, world.session)
    second = day_facts(world.congress, second_session)
    assert [e.title for e in first.elections] == ["第三届委员会委员"]
    assert second.elections == []
    assert first.items_heard == ["第一次会议听取的报告"]
    assert second.items_heard == ["第二次会议听取的报告"]
    page = client_for(world.secretariat).get(_url(world, second_session))
    assert "第三届委员会委员" not in page.context["minutes_text"]


def test_edits_survive_a_reload_and_are_audited(world, published_election):  # noqa: F811
    client = client_for(world.secretariat)
    generated = client.get(_url(world, world.session)).context["minutes_text"]
    edited = generated + "\n会议由大会执行主席主持。"
    client.post(_url(world, world.session), {"which": "minutes", "text": edited})
    again = client.get(_url(world, world.session))
    assert again.context["minutes_text"] == edited
    saved = SessionMinutes.objects.get(session=world.session, kind="minutes")
    assert saved.state == "draft"
    assert saved.updated_by == world.secretariat
    entry = AuditEntry.objects.get(action="minutes.saved")
    assert entry.data["session"] == world.session.number


def test_the_pdf_says_draft_only_until_the_secretariat_declares_it_final(
    world, published_election  # noqa: F811
):
    client = client_for(world.secretariat)
    text = client.get(_url(world, world.session)).context["minutes_text"]
    client.post(_url(world, world.session), {"which": "minutes", "text": text})
    draft_pdf = client.get(_url(world, world.session), {"pdf": "minutes"}).content
    assert info_title(draft_pdf).endswith("会议纪要（草稿）")

    client.post(_url(world, world.session), {"which": "minutes", "action": "finalise"})
    final = SessionMinutes.objects.get(session=world.session, kind="minutes")
    assert (final.state, final.finalised_by) == ("final", world.secretariat)
    final_pdf = client.get(_url(world, world.session), {"pdf": "minutes"}).content
    assert "草稿" not in info_title(final_pdf)
    assert info_title(final_pdf).endswith("会议纪要")
    assert AuditEntry.objects.filter(action="minutes.finalised").count() == 1

    # A final text is not changed by a stray save; it goes back to draft with a reason.
    client.post(_url(world, world.session), {"which": "minutes", "text": "改动"})
    final.refresh_from_db()
    assert final.text == text.strip()
    client.post(_url(world, world.session), {"which": "minutes", "action": "reopen",
                                             "reason": "补充发言名单"})
    final.refresh_from_db()
    assert final.state == "draft"
    assert AuditEntry.objects.get(action="minutes.reopened").data["reason"] == "补充发言名单"


def test_a_draft_mark_typed_into_a_final_heading_is_not_printed(world):
    from dahui.documents.minutes import document_heading

    assert document_heading("大会会议纪要（草稿）", draft=False) == "大会会议纪要"
    assert document_heading("大会会议纪要", draft=True) == "大会会议纪要（草稿）"
    assert document_heading("大会会议纪要（草稿）", draft=True) == "大会会议纪要（草稿）"


def test_only_the_secretariat_saves_or_finalises(world, published_election):  # noqa: F811
    client = client_for(world.presidium)
    assert client.get(_url(world, world.session)).status_code == 200
    response = client.post(_url(world, world.session), {"which": "minutes", "text": "x"})
    assert response.status_code == 403
    assert not SessionMinutes.objects.exists()
