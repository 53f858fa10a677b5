"""Every role on every speakers page and action: allowed ones get through, others are
refused (403 for a logged-in user, the login page for an anonymous visitor)."""

from __future__ import annotations

import pytest
from django.test import Client

from dahui.congress import services as congress_services
from dahui.speakers import services
from dahui.speakers.models import Speech, SpeechState
from tests.congress.conftest import row

SECRETARIAT = {"the_secretary", "the_admin"}
FLOOR = SECRETARIAT | {"the_chair"}
STAFF = SECRETARIAT | {"the_chair", "a_credentials_member", "the_chief_scrutineer",
                       "a_scrutineer", "a_counter", "an_observer"}
DELEGATE = {"a_delegate"}
PARTICIPANTS = STAFF | DELEGATE | {"attending_delegate"}
PEOPLE = sorted(PARTICIPANTS | {"an_outsider", "anonymous"})


@pytest.fixture
def world(congress, first_session, add_delegates, delegate_record, the_admin):
    other, third = [congress_services.decide_credential(delegate=d, decision="confirmed",
                                                        by=None)
                    for d in add_delegates([row("其他代表", "7777"), row("第三代表", "8888")])]
    items = [congress_services.add_agenda_item(congress=congress, kind="speech", title=title,
                                               session=first_session, by=the_admin)
             for title in ("大会发言", "分组汇报", "自由发言")]
    mine = services.request_to_speak(item=items[0], delegate=delegate_record, by=None)
    others = services.request_to_speak(item=items[0], delegate=other, by=None)
    running = services.request_to_speak(item=items[1], delegate=third, by=None)
    services.start_speech(speech=running, by=the_admin)
    return {"c": congress.pk, "a": items[0].pk, "b": items[1].pk, "free": items[2].pk,
            "mine": mine.pk, "other": others.pk, "running": running.pk,
            "s": first_session.pk}


CASES = [
    ("speakers lists", "get", "/c/{c}/speakers/", None, PARTICIPANTS),
    ("set the congress defaults", "post", "/c/{c}/speakers/",
     {"speech_seconds": "240", "point_of_order_seconds": "60"}, SECRETARIAT),
    ("an item's list", "get", "/c/{c}/speakers/{a}/", None, PARTICIPANTS),
    ("ask to speak", "post", "/c/{c}/speakers/{free}/ask/", {"kind": "speech"}, DELEGATE),
    ("ask for a point of order", "post", "/c/{c}/speakers/{free}/ask/", {"kind": "order"},
     DELEGATE),
    ("withdraw a request", "post", "/c/{c}/speakers/{a}/withdraw/", {}, DELEGATE),
    ("add a guest speaker", "post", "/c/{c}/speakers/{a}/add/", {"name": "赵刚"}, SECRETARIAT),
    ("set the list", "post", "/c/{c}/speakers/{a}/settings/",
     {"speech_seconds": "300", "point_of_order_seconds": "120", "open_for_requests": "1"},
     SECRETARIAT),
    ("draw the order by lot", "post", "/c/{c}/speakers/{a}/draw/", {}, SECRETARIAT),
    ("give the floor", "post", "/c/{c}/speakers/speech/{other}/start/", {}, FLOOR),
    ("end a speech", "post", "/c/{c}/speakers/speech/{running}/stop/", {}, FLOOR),
    ("remove a speaker", "post", "/c/{c}/speakers/speech/{other}/remove/", {}, SECRETARIAT),
    ("move a speaker up", "post", "/c/{c}/speakers/speech/{other}/up/", {}, SECRETARIAT),
    ("move a speaker down", "post", "/c/{c}/speakers/speech/{mine}/down/", {}, SECRETARIAT),
    ("export the speeches", "get", "/c/{c}/speakers/speeches.xlsx", None, STAFF),
    ("export a session's speeches", "get", "/c/{c}/speakers/speeches.xlsx?session={s}", None,
     STAFF),
]


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize(("name", "method", "url", "data", "allowed"), CASES,
                         ids=[case[0] for case in CASES])
def test_each_role_is_allowed_or_refused(request, world, person, name, method, url, data,
                                         allowed):
    client = Client()
    if person != "anonymous":
        client.force_login(request.getfixturevalue(person))
    url = url.format(**world)
    before = sorted(Speech.objects.values_list("pk", "state", "position"))
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, {k: v.format(**world) for k, v in data.items()})
    if person == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
    elif person in allowed:
        assert response.status_code in ((200,) if method == "get" else (302,)), (
            f"{person} should be allowed to {name}: {response.status_code}"
        )
    else:
        assert response.status_code == 403, f"{person} must be refused: {name}"
        assert sorted(Speech.objects.values_list("pk", "state", "position")) == before


def test_an_attendee_asking_to_speak_is_told_why_in_chinese(world, attending_delegate):
    client = Client()
    client.force_login(attending_delegate)
    response = client.post(f"/c/{world['c']}/speakers/{world['free']}/ask/",
                           {"kind": "speech"})
    assert response.status_code == 403
    assert "列席人员不能申请发言" in response.content.decode()
    assert not Speech.objects.filter(speakers_list__agenda_item_id=world["free"]).exists()


def test_an_outsider_asking_to_speak_is_refused(world, an_outsider):
    client = Client()
    client.force_login(an_outsider)
    response = client.post(f"/c/{world['c']}/speakers/{world['free']}/ask/")
    assert response.status_code == 403
    assert not Speech.objects.filter(speakers_list__agenda_item_id=world["free"]).exists()


def test_a_speech_of_another_congress_is_not_found_here(world, the_admin):
    import datetime as dt

    other = congress_services.create_congress(
        organisation_name="别的总工会", title="别的大会", term_number=1,
        starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 1, 2), by=the_admin)
    client = Client()
    client.force_login(the_admin)
    response = client.post(f"/c/{other.pk}/speakers/speech/{world['running']}/stop/")
    assert response.status_code == 404
    assert Speech.objects.get(pk=world["running"]).state == SpeechState.SPEAKING
