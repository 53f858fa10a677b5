"""The group discussion rules: sittings that clash, summaries that cannot be kept."""

from __future__ import annotations

import datetime as dt

import pytest

from dahui.rules.discussion import (
    ScheduleClash,
    ScheduleRefused,
    Slot,
    SummaryRefused,
    check_slot,
    check_summary,
)
from dahui.rules.errors import RulesError


def at(hour: int) -> dt.datetime:
    return dt.datetime(2026, 12, 18, hour, tzinfo=dt.UTC)


COAL = Slot(group=1, group_name="煤炭", room="第一会议室", starts=at(14), ends=at(17))


def test_another_group_in_the_same_room_at_an_overlapping_time_clashes():
    new = Slot(group=2, group_name="教育", room=" 第一会议室", starts=at(16), ends=at(18))
    with pytest.raises(ScheduleClash) as refused:
        check_slot(new, [COAL])
    assert "会场冲突" in refused.value.chinese()
    assert "煤炭" in refused.value.chinese()


def test_back_to_back_sittings_do_not_clash():
    check_slot(Slot(group=2, group_name="教育", room="第一会议室", starts=at(17), ends=at(18)),
               [COAL])


def test_one_group_in_two_rooms_at_once_clashes_but_one_room_for_two_items_does_not():
    with pytest.raises(ScheduleClash, match="时间冲突"):
        check_slot(Slot(group=1, group_name="煤炭", room="第二会议室", starts=at(15),
                        ends=at(16)), [COAL])
    check_slot(Slot(group=1, group_name="煤炭", room="第一会议室", starts=at(15), ends=at(16)),
               [COAL])


@pytest.mark.parametrize(("room", "starts", "ends", "words"), [
    ("", at(14), at(15), "讨论地点"),
    ("甲" * 101, at(14), at(15), "讨论地点过长"),
    ("第三会议室", at(15), at(15), "结束时间必须晚于开始时间"),
])
def test_a_sitting_without_room_or_with_no_duration_is_refused(room, starts, ends, words):
    with pytest.raises(ScheduleRefused, match=words):
        check_slot(Slot(group=3, group_name="交通", room=room, starts=starts, ends=ends), [])


def test_refusals_are_rules_errors():
    assert issubclass(ScheduleRefused, RulesError)
    assert issubclass(SummaryRefused, RulesError)


@pytest.mark.parametrize(("text", "present", "final", "words"), [
    ("", 3, False, "讨论情况为空"),
    ("  \n", None, True, "讨论情况为空"),
    ("讨论", 11, False, "出席人数 11 不在 0 到本组人数 10 之间"),
    ("讨论", None, True, "请填写出席人数后再提交"),
    ("讨论", 0, True, "请填写出席人数后再提交"),
    ("字" * 20_001, 3, False, "讨论情况过长"),
])
def test_summaries_that_cannot_be_kept(text, present, final, words):
    with pytest.raises(SummaryRefused, match=words):
        check_summary(text=text, present=present, members=10, final=final)


def test_a_draft_may_leave_the_number_present_open():
    check_summary(text="讨论中", present=None, members=10, final=False)
    check_summary(text="讨论完毕", present=10, members=10, final=True)
