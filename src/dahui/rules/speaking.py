"""Speakers lists (发言): the order speakers are called in, when a speech is running short of
time, and the speaking order drawn by lot.

- Points of order (程序性发言) come before every ordinary speech, in the order they were
  asked for; ordinary speeches follow in the list's order.
- The hall's countdown turns amber for the last fifth of the time, and at most the last
  minute (a ten-minute speech is warned one minute before the end, a two-minute point of
  order 24 seconds before), and red once the time is over.
- Delegates (正式代表, 特邀代表) ask for the floor themselves; 列席 do not.
- A draw by lot is a shuffle by a recorded seed: anyone holding the seed and the list as it
  stood can repeat the draw and find the same order.

Standard library only, whole seconds only.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from dahui.rules.errors import InvalidSetting

WARNING_AT_MOST = 60  # seconds: the amber phase is never longer than the last minute
WARNING_SHARE = 5  # ... nor longer than the last fifth of the time
LIMIT_MIN = 10  # seconds
LIMIT_MAX = 2 * 60 * 60


class Phase:
    RUNNING = "running"
    WARNING = "warning"  # amber
    OVER = "over"  # red, counting the overrun


@dataclass(frozen=True)
class Waiting:
    """One request on the list, as far as its place in the order goes."""

    id: int
    point_of_order: bool
    position: int


# Who may ask for the floor: 正式代表 and 特邀代表. 列席 attend and read; they neither vote
# nor take the floor of their own accord (the secretariat may still call anyone).
MAY_ASK = frozenset({"formal", "invited"})


def may_ask_to_speak(*, status: str, credential_withdrawn: bool) -> bool:
    return status in MAY_ASK and not credential_withdrawn


def check_limit(seconds: int) -> int:
    """A speaking-time limit in whole seconds, within what a hall can use."""
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise InvalidSetting("a speaking-time limit is a whole number of seconds")
    if not LIMIT_MIN <= seconds <= LIMIT_MAX:
        raise InvalidSetting(
            f"a speaking-time limit is between {LIMIT_MIN} and {LIMIT_MAX} seconds"
        )
    return seconds


def warning_from(limit: int) -> int:
    """The elapsed second from which the countdown shows amber."""
    check_limit(limit)
    return limit - min(WARNING_AT_MOST, limit // WARNING_SHARE)


def phase(elapsed: int, limit: int) -> str:
    if elapsed >= limit:
        return Phase.OVER
    if elapsed >= warning_from(limit):
        return Phase.WARNING
    return Phase.RUNNING


def speaking_order(entries: Sequence[Waiting]) -> list[int]:
    """The ids in the order they are called: points of order first, each part by position
    (then by id, the order of asking, where two positions are equal)."""
    return [entry.id for entry in sorted(
        entries, key=lambda entry: (not entry.point_of_order, entry.position, entry.id)
    )]


def draw_order(ids: Sequence[int], seed: int) -> list[int]:
    """The ids shuffled by the seed. The input order must be the list's order before the
    draw (ascending positions) so that the same seed repeats the same draw."""
    if len(set(ids)) != len(ids):
        raise InvalidSetting("an id stands twice in the list to draw")
    drawn = list(ids)
    random.Random(seed).shuffle(drawn)
    return drawn
