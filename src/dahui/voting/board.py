"""The bulletin board: where a voter finds their ballot's tracker (docs/threat-model.md).

A tracker is 64 hex characters; the receipt also shows its short form, the first ten
grouped `3fa8 9c1d 42`, which is what people copy down. A lookup takes either (spaces and
case ignored); a short form that more than one tracker starts with asks for more.

Who sees what, and when:
- nothing while the poll is open (no tracker is final before the close);
- once it is closed, anyone with a role in the congress may look up a tracker, but the
  list and its length (the turnout) are not shown until the result is published;
- after publication, the sorted list of trackers and their number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from dahui.elections.models import Poll, PollState
from dahui.voting.models import CastBallot

SHORT = 10
MIN_QUERY = 8
_HEX = re.compile(r"[0-9a-f]+")


def short_form(tracker: str) -> str:
    """`3fa8 9c1d 42`: the first ten characters in groups of four."""
    head = tracker[:SHORT]
    return " ".join(head[i:i + 4] for i in range(0, len(head), 4))


def grouped(tracker: str) -> str:
    return " ".join(tracker[i:i + 8] for i in range(0, len(tracker), 8))


class Lookup(StrEnum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    AMBIGUOUS = "ambiguous"  # a short form more than one tracker starts with
    MALFORMED = "malformed"  # not 8 to 64 hex characters


@dataclass(frozen=True)
class Answer:
    query: str
    outcome: Lookup | None  # None: nothing asked
    tracker: str = ""


def closed(poll: Poll) -> bool:
    return poll.state not in (PollState.DRAFT, PollState.OPEN)


def lists_trackers(poll: Poll) -> bool:
    """The whole list (and so the turnout) is public only with the result."""
    return poll.state == PollState.PUBLISHED


def look_up(poll: Poll, text: str) -> Answer:
    query = "".join(text.split()).lower()[:80]
    if not query:
        return Answer(query="", outcome=None)
    if not closed(poll):
        return Answer(query=query, outcome=Lookup.NOT_FOUND)
    if not (MIN_QUERY <= len(query) <= 64 and _HEX.fullmatch(query)):
        return Answer(query=query, outcome=Lookup.MALFORMED)
    matches = list(CastBallot.objects.filter(poll=poll, tracker__startswith=query)
                   .values_list("tracker", flat=True)[:2])
    if not matches:
        return Answer(query=query, outcome=Lookup.NOT_FOUND)
    if len(matches) > 1:
        return Answer(query=query, outcome=Lookup.AMBIGUOUS)
    return Answer(query=query, outcome=Lookup.FOUND, tracker=matches[0])


def trackers(poll: Poll) -> list[str]:
    """The published list, sorted so its order says nothing; empty before publication."""
    if not lists_trackers(poll):
        return []
    return sorted(CastBallot.objects.filter(poll=poll).values_list("tracker", flat=True))
