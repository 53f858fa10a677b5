"""Motions: reports, resolutions, the 选举办法, lists (RULES.md, "Motions").

A motion ballot with no vote that the scrutineers did not declare invalid abstains, as a
blank election ballot does (rule 3). Entered totals (show of hands, devices) have no
invalid ballots: every hand counted is valid, and returned is their sum.
"""

from __future__ import annotations

from collections.abc import Iterable

from dahui.rules.errors import InvalidSetting, TotalsExceedIssued
from dahui.rules.model import Motion, MotionBallot, MotionResult, ThresholdBase, Vote
from dahui.rules.quorum import quorum_required, threshold


class MotionCount:
    """Motion ballots added one at a time (the exchange reader streams them)."""

    def __init__(self, motion: Motion) -> None:
        self.motion = motion
        self.returned = 0
        self.invalid = 0
        self.for_ = 0
        self.against = 0
        self.abstain = 0

    def add(self, vote: str | None, invalid: bool) -> None:
        self.returned += 1
        if invalid:
            self.invalid += 1
        elif vote == Vote.FOR:
            self.for_ += 1
        elif vote == Vote.AGAINST:
            self.against += 1
        else:
            self.abstain += 1

    def result(self) -> MotionResult:
        return _decide(
            self.motion,
            returned=self.returned,
            invalid=self.invalid,
            for_=self.for_,
            against=self.against,
            abstain=self.abstain,
        )


def tally_motion(motion: Motion, ballots: Iterable[MotionBallot]) -> MotionResult:
    """Count motion ballots: passed when `for` reaches the threshold, under the same quorum."""
    count = MotionCount(motion)
    for ballot in ballots:
        count.add(ballot.vote, ballot.invalid)
    return count.result()


def tally_motion_totals(motion: Motion, *, for_: int, against: int, abstain: int) -> MotionResult:
    """Decide a motion from entered totals; refuses totals above the ballots issued."""
    for name, value in (("for", for_), ("against", against), ("abstain", abstain)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidSetting(f"{name} must be a whole number of at least 0, not {value!r}")
    total = for_ + against + abstain
    if total > motion.issued:
        raise TotalsExceedIssued(total=total, issued=motion.issued)
    return _decide(motion, returned=total, invalid=0, for_=for_, against=against, abstain=abstain)


def _decide(
    motion: Motion, *, returned: int, invalid: int, for_: int, against: int, abstain: int
) -> MotionResult:
    required = quorum_required(motion.entitled, motion.rules.quorum)
    counted = motion.issued >= required and returned <= motion.issued
    valid = returned - invalid if counted else 0
    base = {
        ThresholdBase.ENTITLED: motion.entitled,
        ThresholdBase.ISSUED: motion.issued,
        ThresholdBase.VALID: valid,
    }[motion.rules.threshold_base]
    needed = threshold(base)
    if motion.issued < required:
        status = "no_quorum"
    elif returned > motion.issued:
        status = "void"
    else:
        status = "passed" if for_ >= needed else "rejected"
    return MotionResult(
        title=motion.title,
        status=status,
        entitled=motion.entitled,
        issued=motion.issued,
        returned=returned,
        quorum_required=required,
        valid=valid,
        invalid=invalid if counted else 0,
        for_=for_ if counted else 0,
        against=against if counted else 0,
        abstain=abstain if counted else 0,
        threshold=needed,
    )
