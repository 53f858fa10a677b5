"""The speakers pages and documents: refusals as a 4xx with the reason in Chinese and
nothing stored, the delegate's phone card, the hall screen's state, the minutes and the
export."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from dahui.audit.models import AuditEntry
from dahui.congress import services as congress_services
from dahui.documents.minutes import minutes_text
from dahui.elections.selectors import day_facts
from dahui.speakers import services
from dahui.speakers.models import SpeakersList, Speech, SpeechKind, SpeechState


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _stored():
    return (sorted(Speech.objects.values_list("pk", "state", "position")),
            AuditEntry.objects.count())


def test_asking_twice_from_the_phone_answers_409_in_chinese(item, a_delegate):
    client = _client(a_delegate)
    url = f"/c/{item.congress_id}/speakers/{item.pk}/ask/"
    assert client.post(url, {"kind": "speech"}).status_code == 302
    before = _stored()
    response = client.post(url, {"kind": "speech"})
    assert response.status_code == 409
    assert "已在“代表发言”的发言名单中" in response.content.decode()
    assert _stored() == before


def test_an_unknown_kind_from_the_phone_is_refused(item, a_delegate):
    response = _client(a_delegate).post(f"/c/{item.congress_id}/speakers/{item.pk}/ask/",
                                        {"kind": "shout"})
    assert response.status_code == 409
    assert "未知的发言类别" in response.content.decode()
    assert not Speech.objects.exists()


def test_stopping_a_speech_not_started_answers_409(item, delegate_record, a_delegate,
                                                   the_chair):
    speech = services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    before = _stored()
    response = _client(the_chair).post(
        f"/c/{item.congress_id}/speakers/speech/{speech.pk}/stop/")
    assert response.status_code == 409
    assert "尚未开始" in response.content.decode()
    assert _stored() == before


def test_withdrawing_without_a_request_answers_409(item, a_delegate):
    response = _client(a_delegate).post(f"/c/{item.congress_id}/speakers/{item.pk}/withdraw/")
    assert response.status_code == 409
    assert "没有申请" in response.content.decode()


@pytest.mark.parametrize(("data", "words"), [
    ({"number": "999"}, "代表证号：本次大会没有代表证号为“999”的代表"),
    ({}, "请填写代表证号或发言人姓名"),
    ({"name": "\u200b\u200b"}, "发言人姓名：姓名中没有可见的字符"),
    ({"name": "赵刚", "kind": "rant"}, "未知的发言类别"),
    ({"name": "赵刚", "affiliation": "省" * 201}, "单位：最多200个字符"),
])
def test_adding_a_bad_speaker_answers_400_naming_the_field(item, the_secretary, data, words):
    before = _stored()
    response = _client(the_secretary).post(
        f"/c/{item.congress_id}/speakers/{item.pk}/add/", data)
    assert response.status_code in (400, 409)
    assert words in response.content.decode()
    assert Speech.objects.count() == 0
    assert _stored()[0] == before[0]


@pytest.mark.parametrize(("data", "words"), [
    ({"speech_seconds": "abc", "point_of_order_seconds": "120"}, "发言时间：“abc”不是整数秒"),
    ({"speech_seconds": "300", "point_of_order_seconds": "3"},
     "程序性发言时间：限时须在10秒至7200秒之间"),
])
def test_a_bad_limit_answers_400_naming_the_field(item, the_secretary, data, words):
    response = _client(the_secretary).post(
        f"/c/{item.congress_id}/speakers/{item.pk}/settings/", data)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not SpeakersList.objects.exists()


def test_bad_congress_defaults_answer_400(item, the_secretary):
    response = _client(the_secretary).post(f"/c/{item.congress_id}/speakers/",
                                           {"speech_seconds": "", "point_of_order_seconds": "60"})
    assert response.status_code == 400
    assert "发言时间" in response.content.decode()


def test_the_delegate_home_page_offers_the_current_items_list(item, a_delegate, the_admin):
    congress_services.set_current_item(congress=item.congress, item=item, by=the_admin)
    client = _client(a_delegate)
    page = client.get(f"/c/{item.congress_id}/").content.decode()
    assert "申请发言" in page
    assert "程序性发言" in page
    response = client.post(f"/c/{item.congress_id}/speakers/{item.pk}/ask/",
                           {"kind": "order", "next": f"/c/{item.congress_id}/"})
    assert response["Location"] == f"/c/{item.congress_id}/"
    page = client.get(f"/c/{item.congress_id}/").content.decode()
    assert "您已在发言名单中，排第1位" in page
    assert "撤回发言申请" in page


def test_an_attendee_sees_no_button_on_the_phone(item, attending_delegate, the_admin):
    congress_services.set_current_item(congress=item.congress, item=item, by=the_admin)
    page = _client(attending_delegate).get(f"/c/{item.congress_id}/").content.decode()
    assert "申请发言" not in page


def test_the_hall_screen_snapshot_carries_the_speaker_and_the_next(
        item, delegate_record, a_delegate, others, the_admin, the_chair):
    congress = item.congress
    congress_services.set_current_item(congress=congress, item=item, by=the_admin)
    first = services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    services.request_to_speak(item=item, delegate=others[0], by=None)
    services.request_to_speak(item=item, delegate=others[1], kind=SpeechKind.POINT_OF_ORDER,
                              by=None)
    services.start_speech(speech=first, by=the_chair)
    snap = Client().get(f"/screen/{congress.pk}/{congress.screen_token}/snapshot.json").json()
    speakers = snap["speakers"]
    assert speakers["current"]["name"] == "王秀英"
    assert speakers["current"]["limit"] == 300
    assert speakers["current"]["warning_from"] == 240
    assert abs(speakers["now"] - speakers["current"]["started_at"]) < 60_000
    assert [p["name"] for p in speakers["next"]] == ["张敏", "李强"]
    assert speakers["next"][0]["point_of_order"] is True
    page = Client().get(f"/screen/{congress.pk}/{congress.screen_token}/").content.decode()
    initial = re.search(r'<script id="speakers-initial" type="application/json">(.*?)</script>',
                        page)
    assert json.loads(initial.group(1))["current"]["name"] == "王秀英"


def test_the_live_snapshot_says_when_the_current_list_changed(item, delegate_record,
                                                              a_delegate, the_admin):
    congress_services.set_current_item(congress=item.congress, item=item, by=the_admin)
    client = _client(a_delegate)
    url = f"/live/{item.congress_id}/snapshot"
    assert client.get(url).json()["speakers"] is None
    services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    first = client.get(url).json()["speakers"]
    services.withdraw_request(item=item, delegate=delegate_record, by=a_delegate)
    second = client.get(url).json()["speakers"]
    assert first["list_id"] == second["list_id"]
    assert second["revision"] > first["revision"]


def _spoken(item, delegate, by, seconds, monkeypatch, *, kind=SpeechKind.SPEECH):
    speech = services.request_to_speak(item=item, delegate=delegate, kind=kind, by=by)
    start = dt.datetime(2026, 12, 18, 1, 0, tzinfo=dt.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: start)
    services.start_speech(speech=speech, by=by)
    monkeypatch.setattr("django.utils.timezone.now",
                        lambda: start + dt.timedelta(seconds=seconds))
    services.stop_speech(speech=speech, by=by)
    monkeypatch.undo()


def test_who_spoke_and_for_how_long_goes_to_the_minutes(item, first_session, delegate_record,
                                                        others, the_admin, monkeypatch):
    _spoken(item, delegate_record, the_admin, 275, monkeypatch)
    _spoken(item, others[1], the_admin, 45, monkeypatch, kind=SpeechKind.POINT_OF_ORDER)
    text = minutes_text(day_facts(item.congress, first_session))
    assert "四、大会发言" in text
    assert "  1. 代表发言：王秀英（煤炭）发言，4分35秒。" in text
    assert "  2. 代表发言：张敏（教育）程序性发言，45秒。" in text
    other_session = item.congress.sessions.get(number=2)
    assert "大会发言" not in minutes_text(day_facts(item.congress, other_session))


def test_the_minutes_page_shows_the_speeches(item, first_session, delegate_record, the_admin,
                                             monkeypatch):
    _spoken(item, delegate_record, the_admin, 61, monkeypatch)
    page = _client(the_admin).get(
        f"/c/{item.congress_id}/s/{first_session.pk}/minutes/").content.decode()
    assert "王秀英（煤炭）发言，1分01秒" in page


def test_the_export_lists_every_speech_with_its_seconds(item, first_session, delegate_record,
                                                        others, the_admin, monkeypatch):
    _spoken(item, delegate_record, the_admin, 330, monkeypatch)
    _spoken(item, others[0], the_admin, 12, monkeypatch)
    services.request_to_speak(item=item, delegate=others[1], by=None)  # not spoken yet
    response = _client(the_admin).get(
        f"/c/{item.congress_id}/speakers/speeches.xlsx?session={first_session.pk}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == ("序号", "会议", "议程", "发言人")
    assert [(r[3], r[8], r[11]) for r in rows[2:]] == [("王秀英", 330, 30), ("李强", 12, 0)]


@pytest.mark.parametrize("query", ["session=abc", "session=99999", "item=x"])
def test_an_export_of_an_unknown_session_or_item_answers_400(item, the_admin, query):
    response = _client(the_admin).get(f"/c/{item.congress_id}/speakers/speeches.xlsx?{query}")
    assert response.status_code == 400
    assert "本次大会没有" in response.content.decode()


def test_the_chair_gives_and_ends_the_floor_from_the_page(item, delegate_record, a_delegate,
                                                          the_chair):
    speech = services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    client = _client(the_chair)
    page = client.get(f"/c/{item.congress_id}/speakers/{item.pk}/").content.decode()
    assert "开始发言" in page
    assert "添加发言人" not in page
    client.post(f"/c/{item.congress_id}/speakers/speech/{speech.pk}/start/")
    page = client.get(f"/c/{item.congress_id}/speakers/{item.pk}/").content.decode()
    assert "结束发言" in page
    assert "data-countdown" in page
    client.post(f"/c/{item.congress_id}/speakers/speech/{speech.pk}/stop/")
    assert Speech.objects.get().state == SpeechState.DONE
