"""The demo's speakers list, seeded once on the first speech item."""

from __future__ import annotations

import pytest

from dahui.congress import services as congress_services
from dahui.speakers import selectors
from dahui.speakers.demo import seed_speakers
from dahui.speakers.models import Speech
from tests.congress.conftest import row


@pytest.fixture
def floor(add_delegates):
    return [congress_services.decide_credential(delegate=d, decision="confirmed", by=None)
            for d in add_delegates([row(name, f"{n:04d}") for n, name in
                                    enumerate(("甲代表", "乙代表", "丙代表", "丁代表"))])]


def test_the_demo_seeds_a_spoken_speech_two_waiting_and_a_point_of_order(item, floor,
                                                                          the_admin):
    text = seed_speakers(congress=item.congress)
    board = selectors.board(item)
    assert len(board.done) == 1
    assert board.done[0].seconds == 4 * 60 + 12
    assert [s.point_of_order for s in board.waiting] == [True, False, False]
    assert "1 spoken" in text
    seed_speakers(congress=item.congress)
    assert Speech.objects.count() == 4


def test_a_speech_is_not_recorded_as_ending_in_the_future(item, floor, the_admin):
    import datetime as dt

    from django.utils import timezone

    from dahui.speakers import services
    from dahui.speakers.services import SpeakersError

    speech = services.request_to_speak(item=item, delegate=floor[0], by=None)
    services.start_speech(speech=speech, by=the_admin)
    with pytest.raises(SpeakersError, match="不能晚于现在"):
        services.stop_speech(speech=speech, at=timezone.now() + dt.timedelta(minutes=5),
                             by=the_admin)
    with pytest.raises(SpeakersError, match="不能早于开始时间"):
        services.stop_speech(speech=speech, at=timezone.now() - dt.timedelta(hours=1),
                             by=the_admin)
