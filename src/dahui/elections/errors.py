"""Refusals of the election and voting services that are not rule decisions.

Rule decisions (over-vote, 差额, totals above issued, poll closed, no vote) are the rules
core's `RulesError`s and pass through unchanged. These are the refusals of the process
around them: a step taken in the wrong state, by the wrong person, or twice. Each carries a
translated message that views show as is.
"""

from __future__ import annotations


class Refused(Exception):
    """An action the services will not take; `str()` is the message for the user."""


class WrongState(Refused):
    """A lifecycle step asked of a poll that is not in the state the step starts from."""


class NotAllowed(Refused):
    """The person may not take this step (not a scrutineer of the election, not a counter)."""


class NotCheckedIn(Refused):
    """An entitled delegate who was not checked in when the poll opened."""


class AlreadyVoted(Refused):
    """A second ballot from the same delegate in the same poll, with a different key."""


class ScrutineerConflict(Refused):
    """A candidate asked to scrutinise or count, or a scrutineer nominated."""


class ChiefNotConfirmed(Refused):
    """Publishing an election's result before the 总监票人 confirmed the count."""


class CountIncomplete(Refused):
    """A paper count with unsettled or single entries, or counts not recorded."""
