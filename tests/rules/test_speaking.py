"""Speakers lists in the rules core: the calling order, the amber and red points of the
countdown, and the draw by lot."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dahui.rules import speaking
from dahui.rules.errors import InvalidSetting
from dahui.rules.speaking import Phase, Waiting


def test_a_five_minute_speech_turns_amber_for_its_last_minute():
    assert speaking.warning_from(300) == 240


def test_a_ten_minute_speech_is_warned_one_minute_before_the_end():
    assert speaking.warning_from(600) == 540


def test_a_two_minute_point_of_order_is_warned_for_its_last_fifth():
    assert speaking.warning_from(120) == 96


def test_the_phase_runs_amber_then_red_at_the_limit():
    assert speaking.phase(0, 300) == Phase.RUNNING
    assert speaking.phase(239, 300) == Phase.RUNNING
    assert speaking.phase(240, 300) == Phase.WARNING
    assert speaking.phase(299, 300) == Phase.WARNING
    assert speaking.phase(300, 300) == Phase.OVER
    assert speaking.phase(420, 300) == Phase.OVER


@pytest.mark.parametrize("limit", [0, 9, 7201, -5])
def test_a_limit_outside_ten_seconds_to_two_hours_is_refused(limit):
    with pytest.raises(InvalidSetting):
        speaking.check_limit(limit)


def test_a_limit_must_be_whole_seconds():
    with pytest.raises(InvalidSetting):
        speaking.check_limit(True)
    with pytest.raises(InvalidSetting):
        speaking.check_limit("300")


def test_points_of_order_come_first_then_speeches_in_their_places():
    entries = [Waiting(id=1, point_of_order=False, position=1),
               Waiting(id=2, point_of_order=False, position=2),
               Waiting(id=3, point_of_order=True, position=3),
               Waiting(id=4, point_of_order=True, position=4)]
    assert speaking.speaking_order(entries) == [3, 4, 1, 2]


def test_only_formal_and_invited_delegates_ask_to_speak():
    assert speaking.may_ask_to_speak(status="formal", credential_withdrawn=False)
    assert speaking.may_ask_to_speak(status="invited", credential_withdrawn=False)
    assert not speaking.may_ask_to_speak(status="attending", credential_withdrawn=False)
    assert not speaking.may_ask_to_speak(status="formal", credential_withdrawn=True)


def test_the_same_seed_repeats_the_same_draw():
    ids = list(range(1, 21))
    assert speaking.draw_order(ids, 12345) == speaking.draw_order(ids, 12345)
    assert speaking.draw_order(ids, 12345) != speaking.draw_order(ids, 54321)


def test_a_draw_refuses_an_id_twice():
    with pytest.raises(InvalidSetting):
        speaking.draw_order([1, 2, 2], 1)


@given(st.lists(st.integers(min_value=1, max_value=10_000), unique=True, max_size=40),
       st.integers(min_value=0, max_value=2**64 - 1))
def test_a_draw_is_a_permutation_of_the_list(ids, seed):
    drawn = speaking.draw_order(ids, seed)
    assert sorted(drawn) == sorted(ids)


@given(st.integers(min_value=speaking.LIMIT_MIN, max_value=speaking.LIMIT_MAX))
def test_amber_comes_before_red_and_lasts_at_most_a_minute(limit):
    start = speaking.warning_from(limit)
    assert 0 < start < limit
    assert limit - start <= 60
    assert limit - start <= limit // 5
