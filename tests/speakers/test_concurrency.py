"""What the database holds when requests and the floor are given at the same moment."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from dahui.speakers import services
from dahui.speakers.models import Speech, SpeechState
from dahui.speakers.services import SpeakersError

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _each(function, arguments: list) -> list[object]:
    """`function(argument)` for every argument, all at once, each on its own connection."""
    def call(argument):
        try:
            return function(argument)
        except SpeakersError as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(arguments)) as pool:
        return list(pool.map(call, arguments))


def test_one_delegate_tapping_many_times_at_once_stands_once_on_the_list(
        postgres, item, delegate_record, a_delegate):
    outcomes = _each(lambda _: services.request_to_speak(item=item, delegate=delegate_record,
                                                         by=a_delegate), list(range(6)))
    assert sum(isinstance(o, Speech) for o in outcomes) == 1
    assert Speech.objects.count() == 1


def test_two_chairs_giving_the_floor_at_once_start_one_speech(
        postgres, item, delegate_record, a_delegate, others, the_chair, the_secretary):
    first = services.request_to_speak(item=item, delegate=delegate_record, by=a_delegate)
    second = services.request_to_speak(item=item, delegate=others[0], by=None)
    outcomes = _each(lambda speech: services.start_speech(speech=speech, by=the_chair),
                     [first, second] * 3)
    assert sum(isinstance(o, Speech) for o in outcomes) == 1
    assert Speech.objects.filter(state=SpeechState.SPEAKING).count() == 1


def test_many_delegates_asking_at_once_take_distinct_places(postgres, item, delegate_record,
                                                            others):
    outcomes = _each(lambda delegate: services.request_to_speak(item=item, delegate=delegate,
                                                                by=None),
                     [delegate_record, *others])
    assert all(isinstance(o, Speech) for o in outcomes)
    positions = list(Speech.objects.values_list("position", flat=True))
    assert sorted(positions) == [1, 2, 3]
