"""Group discussions (分组讨论): when a group may sit where, and what a summary must hold.

Standard library only. A group sits in a room for a time (`Slot`); two sittings clash when
their times overlap and they share the room (two groups in one room) or the group (one group
in two rooms). A group discussing two items in one sitting in the same room is no clash.
A summary (讨论情况) needs its text and a number present between 1 and the group's size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dahui.rules.errors import RulesError

SUMMARY_MAX_CHARS = 20_000
ROOM_MAX_CHARS = 100


@dataclass(frozen=True)
class Slot:
    group: int  # the group's id
    group_name: str
    room: str
    starts: dt.datetime
    ends: dt.datetime


class ScheduleRefused(RulesError):
    """A sitting that cannot be held as asked; `chinese()` says why."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)

    def chinese(self) -> str:
        return self.message


class ScheduleClash(ScheduleRefused):
    def __init__(self, *, new: Slot, other: Slot) -> None:
        self.new = new
        self.other = other
        when = f"{other.starts:%m月%d日 %H:%M}–{other.ends:%H:%M}"
        if other.group == new.group:
            text = (f"时间冲突：{new.group_name}在{when}已安排在“{other.room}”讨论，"
                    f"不能同时在“{new.room}”讨论")
        else:
            text = f"会场冲突：“{other.room}”在{when}已安排给{other.group_name}"
        super().__init__(text)


def _room_key(room: str) -> str:
    return " ".join(room.split()).casefold()


def check_slot(new: Slot, existing: Iterable[Slot]) -> None:
    """Refuse a sitting with an empty room, an end not after its start, or a clash."""
    if not new.room.strip():
        raise ScheduleRefused("请填写讨论地点（会议室）")
    if len(new.room) > ROOM_MAX_CHARS:
        raise ScheduleRefused(f"讨论地点过长：{len(new.room)} 个字符，最多 {ROOM_MAX_CHARS} 个")
    if new.ends <= new.starts:
        raise ScheduleRefused("结束时间必须晚于开始时间")
    for other in existing:
        overlaps = other.starts < new.ends and new.starts < other.ends
        if not overlaps:
            continue
        same_room = _room_key(other.room) == _room_key(new.room)
        if other.group == new.group and not same_room:
            raise ScheduleClash(new=new, other=other)
        if other.group != new.group and same_room:
            raise ScheduleClash(new=new, other=other)


class SummaryRefused(RulesError):
    """A discussion summary that cannot be kept as written; `chinese()` names the field."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)

    def chinese(self) -> str:
        return self.message


def check_summary(*, text: str, present: int | None, members: int, final: bool) -> None:
    """Every saved summary has its text (at most SUMMARY_MAX_CHARS) and, if given, a number
    present of 0…members; a final (提交) one needs the number present as well."""
    if len(text) > SUMMARY_MAX_CHARS:
        raise SummaryRefused(
            f"讨论情况过长：{len(text)} 个字符，最多 {SUMMARY_MAX_CHARS} 个"
        )
    if present is not None and not 0 <= present <= members:
        raise SummaryRefused(
            f"出席人数 {present} 不在 0 到本组人数 {members} 之间"
        )
    if not text.strip():
        raise SummaryRefused("讨论情况为空：请填写讨论情况后再保存")
    if final and not present:
        raise SummaryRefused("请填写出席人数后再提交")
