"""Every change to a speakers list: what it does, what it refuses (nothing stored), its
audit entry and its live event."""

from __future__ import annotations

import datetime as dt

import pytest

from dahui.audit.models import AuditEntry
from dahui.live import events
from dahui.rules import speaking
from dahui.speakers import selectors, services
from dahui.speakers.models import SpeakersList, Speech, SpeechKind, SpeechState
from dahui.speakers.services import SpeakersError


def _actions(congress) -> list[str]:
    return list(AuditEntry.objects.filter(congress_id=congress.pk, action__startswith="speakers.")
                .order_by("seq").values_list("action", flat=True))


def test_a_delegate_asks_to_speak_and_the_list_opens_with_the_congress_defaults(
        item, delegate_record, a_delegate):
    speech = services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    assert speech.state == SpeechState.WAITING
    assert (speech.name, speech.affiliation) == ("王秀英", "煤炭")
    speakers_list = SpeakersList.objects.get(agenda_item=item)
    assert (speakers_list.speech_seconds, speakers_list.point_of_order_seconds) == (300, 120)
    assert _actions(item.congress) == ["speakers.list_opened", "speakers.requested"]


def test_the_congress_defaults_are_what_a_new_list_starts_with(item, the_secretary,
                                                                delegate_record, a_delegate):
    services.set_default_limits(congress=item.congress, speech_seconds="180",
                                point_of_order_seconds=60, by=the_secretary)
    services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    speakers_list = SpeakersList.objects.get(agenda_item=item)
    assert (speakers_list.speech_seconds, speakers_list.point_of_order_seconds) == (180, 60)


def test_asking_twice_is_refused_in_chinese_and_nothing_is_stored(item, delegate_record,
                                                                   a_delegate):
    services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    before = _actions(item.congress)
    with pytest.raises(SpeakersError, match="已在"):
        services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    assert Speech.objects.count() == 1
    assert _actions(item.congress) == before


def test_a_point_of_order_while_waiting_to_speak_is_also_refused(item, delegate_record,
                                                                  a_delegate):
    services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    with pytest.raises(SpeakersError):
        services.request_to_speak(item=item, delegate=delegate_record,
                                  kind=SpeechKind.POINT_OF_ORDER, by=a_delegate)


def test_an_attendee_without_a_vote_cannot_ask(item, attending_record, attending_delegate):
    with pytest.raises(SpeakersError, match="列席"):
        services.request_to_speak(item=item, delegate=attending_record, by=attending_delegate)
    assert not Speech.objects.exists()
    assert not SpeakersList.objects.exists()


def test_an_unknown_kind_is_refused(item, delegate_record, a_delegate):
    with pytest.raises(SpeakersError, match="未知"):
        services.request_to_speak(item=item, delegate=delegate_record, kind="rant",
                                  by=a_delegate)
    assert not Speech.objects.exists()


def test_a_closed_list_refuses_requests_but_the_secretariat_still_adds(
        item, delegate_record, a_delegate, the_secretary):
    services.set_list(item=item, speech_seconds=300, point_of_order_seconds=120,
                      open_for_requests=False, by=the_secretary)
    with pytest.raises(SpeakersError, match="截止"):
        services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    services.add_speaker(item=item, delegate=delegate_record, by=the_secretary)
    assert Speech.objects.filter(state=SpeechState.WAITING).count() == 1


def test_a_delegate_withdraws_and_may_ask_again(item, delegate_record, a_delegate):
    services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    services.withdraw_request(item=item, delegate=delegate_record, by=a_delegate)
    assert Speech.objects.get().state == SpeechState.WITHDRAWN
    services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    assert Speech.objects.filter(state=SpeechState.WAITING).count() == 1
    assert "speakers.withdrawn" in _actions(item.congress)


def test_withdrawing_without_a_request_is_refused(item, delegate_record, a_delegate):
    with pytest.raises(SpeakersError, match="没有申请"):
        services.withdraw_request(item=item, delegate=delegate_record, by=a_delegate)


def test_points_of_order_go_to_the_top(item, delegate_record, a_delegate, others,
                                       the_secretary):
    services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    services.request_to_speak(item=item, delegate=others[0], by=others[0].user)
    services.request_to_speak(item=item, delegate=others[1], kind=SpeechKind.POINT_OF_ORDER,
                              by=others[1].user)
    assert [s.name for s in selectors.board(item).waiting] == ["张敏", "王秀英", "李强"]


def test_the_secretariat_adds_a_guest_and_reorders_and_removes(item, delegate_record,
                                                               a_delegate, the_secretary):
    services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    guest = services.add_speaker(item=item, name=" 赵 刚 ", affiliation="省总工会",
                                 by=the_secretary)
    assert (guest.name, guest.delegate) == ("赵刚", None)
    services.move_speaker(speech=guest, offset=-1, by=the_secretary)
    assert [s.name for s in selectors.board(item).waiting] == ["赵刚", "王秀英"]
    with pytest.raises(SpeakersError, match="最前"):
        services.move_speaker(speech=guest, offset=-1, by=the_secretary)
    services.remove_speaker(speech=guest, by=the_secretary)
    assert [s.name for s in selectors.board(item).waiting] == ["王秀英"]
    assert _actions(item.congress)[-3:] == ["speakers.added", "speakers.moved",
                                            "speakers.removed"]


def test_a_guest_without_a_name_is_refused(item, the_secretary):
    with pytest.raises(SpeakersError, match="发言人姓名"):
        services.add_speaker(item=item, name="   ", by=the_secretary)
    assert not Speech.objects.exists()


def test_the_chair_starts_and_stops_a_speech_and_its_seconds_are_recorded(
        item, delegate_record, a_delegate, the_chair, monkeypatch):
    speech = services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    start = dt.datetime(2026, 12, 18, 9, 0, tzinfo=dt.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: start)
    speech = services.start_speech(speech=speech, by=the_chair)
    assert (speech.state, speech.limit_seconds, speech.started_at) == ("speaking", 300, start)
    monkeypatch.setattr("django.utils.timezone.now",
                        lambda: start + dt.timedelta(seconds=312, microseconds=900_000))
    speech = services.stop_speech(speech=speech, by=the_chair)
    assert (speech.state, speech.seconds) == (SpeechState.DONE, 312)
    entry = AuditEntry.objects.filter(action="speakers.stopped").get()
    assert entry.data["seconds"] == 312


def test_a_point_of_order_runs_against_its_shorter_limit(item, delegate_record, a_delegate,
                                                         the_chair):
    speech = services.request_to_speak(item=item, delegate=delegate_record,
                                       kind=SpeechKind.POINT_OF_ORDER, by=a_delegate)
    assert services.start_speech(speech=speech, by=the_chair).limit_seconds == 120


def test_stopping_a_speech_not_started_is_refused(item, delegate_record, a_delegate,
                                                  the_chair):
    speech = services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    with pytest.raises(SpeakersError, match="尚未开始"):
        services.stop_speech(speech=speech, by=the_chair)
    assert Speech.objects.get().state == SpeechState.WAITING
    assert "speakers.stopped" not in _actions(item.congress)


def test_a_second_speech_cannot_start_while_one_runs(item, delegate_record, a_delegate,
                                                     others, the_chair):
    first = services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    second = services.request_to_speak(item=item, delegate=others[0], by=others[0].user)
    services.start_speech(speech=first, by=the_chair)
    with pytest.raises(SpeakersError, match="正在发言"):
        services.start_speech(speech=second, by=the_chair)
    assert Speech.objects.get(pk=second.pk).state == SpeechState.WAITING


def test_a_running_speech_is_not_removed_or_withdrawn(item, delegate_record, a_delegate,
                                                      the_chair, the_secretary):
    speech = services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    services.start_speech(speech=speech, by=the_chair)
    with pytest.raises(SpeakersError, match="正在发言"):
        services.remove_speaker(speech=speech, by=the_secretary)
    with pytest.raises(SpeakersError, match="正在发言"):
        services.withdraw_request(item=item, delegate=delegate_record, by=a_delegate)


def test_a_draw_by_lot_records_its_seed_and_can_be_repeated(item, delegate_record, a_delegate,
                                                            others, the_secretary):
    services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    services.request_to_speak(item=item, delegate=others[0], by=others[0].user)
    services.request_to_speak(item=item, delegate=others[1], kind=SpeechKind.POINT_OF_ORDER,
                              by=others[1].user)
    guest = services.add_speaker(item=item, name="赵刚", by=the_secretary)
    before = [s.pk for s in selectors.board(item).waiting if not s.point_of_order]
    drawn = services.draw_lots(item=item, seed=7, by=the_secretary)
    entry = AuditEntry.objects.get(action="speakers.drawn")
    assert entry.data["seed"] == "7"
    assert entry.data["before"] == before
    assert entry.data["order"] == speaking.draw_order(before, 7) == [s.pk for s in drawn]
    waiting = selectors.board(item).waiting
    assert waiting[0].name == "张敏"  # the point of order keeps its place ahead
    assert [s.pk for s in waiting[1:]] == entry.data["order"]
    assert SpeakersList.objects.get().drawn_seed == "7"
    assert guest.pk in entry.data["order"]


def test_a_draw_needs_two_waiting_speakers(item, delegate_record, a_delegate, the_secretary):
    services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    with pytest.raises(SpeakersError, match="至少"):
        services.draw_lots(item=item, by=the_secretary)
    assert "speakers.drawn" not in _actions(item.congress)


@pytest.mark.parametrize("value", ["", "abc", "5", "9999", "-60"])
def test_a_bad_limit_is_refused_naming_the_field(item, the_secretary, value):
    with pytest.raises(SpeakersError, match="发言时间"):
        services.set_list(item=item, speech_seconds=value, point_of_order_seconds=120,
                          open_for_requests=True, by=the_secretary)
    assert not SpeakersList.objects.exists()


def test_every_change_publishes_a_speakers_event_on_commit(
        item, delegate_record, a_delegate, the_chair, monkeypatch,
        django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(events, "publish", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        speech = services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_speech(speech=speech, by=the_chair)
    with django_capture_on_commit_callbacks(execute=True):
        services.stop_speech(speech=speech, by=the_chair)
    assert [e.type for e in sent] == ["speakers.changed"] * 3
    assert {(e.item_id, e.congress_id) for e in sent} == {(item.pk, item.congress_id)}
    assert SpeakersList.objects.get().revision == 3


def test_a_refused_change_publishes_nothing(item, delegate_record, a_delegate, the_chair,
                                            monkeypatch, django_capture_on_commit_callbacks):
    speech = services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    sent = []
    monkeypatch.setattr(events, "publish", sent.append)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(SpeakersError):
        services.stop_speech(speech=speech, by=the_chair)
    assert sent == []
