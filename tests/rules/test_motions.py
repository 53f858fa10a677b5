"""Motions: ballots and entered totals, the same quorum, 全体代表过半数 by default."""

from fractions import Fraction

import pytest

from dahui.rules import (
    InvalidSetting,
    Motion,
    MotionBallot,
    MotionRules,
    ThresholdBase,
    TotalsExceedIssued,
    Vote,
    tally_motion,
    tally_motion_totals,
)

REPORT = Motion(title="工作报告", entitled=298, issued=280)


def test_a_motion_passes_with_more_than_half_of_all_delegates():
    result = tally_motion_totals(REPORT, for_=150, against=100, abstain=30)
    assert (result.status, result.threshold) == ("passed", 150)


def test_a_motion_with_exactly_half_of_all_delegates_is_rejected():
    motion = Motion(title="决议", entitled=300, issued=280)
    result = tally_motion_totals(motion, for_=150, against=100, abstain=30)
    assert (result.status, result.threshold) == ("rejected", 151)


def test_a_motion_counted_on_valid_ballots_uses_the_valid_base():
    motion = Motion(title="决议", entitled=10, issued=9, rules=MotionRules(threshold_base="valid"))
    ballots = [MotionBallot(Vote.FOR)] * 4 + [MotionBallot(Vote.AGAINST)] * 3
    ballots += [MotionBallot(invalid=True)] * 2
    result = tally_motion(motion, ballots)
    assert (result.valid, result.invalid, result.threshold, result.status) == (7, 2, 4, "passed")


def test_a_blank_motion_ballot_abstains():
    motion = Motion(title="决议", entitled=3, issued=3)
    result = tally_motion(motion, [MotionBallot(), MotionBallot("for"), MotionBallot("for")])
    assert (result.for_, result.abstain, result.valid) == (2, 1, 3)


def test_a_motion_below_quorum_counts_nothing():
    motion = Motion(title="决议", entitled=298, issued=198)
    result = tally_motion_totals(motion, for_=190, against=0, abstain=0)
    assert (result.status, result.for_, result.valid, result.quorum_required) == (
        "no_quorum",
        0,
        0,
        199,
    )


def test_more_motion_ballots_than_issued_void_the_vote():
    motion = Motion(title="决议", entitled=5, issued=4)
    result = tally_motion(motion, [MotionBallot("for")] * 5)
    assert result.status == "void"


def test_entered_totals_above_issued_are_refused_with_the_numbers():
    with pytest.raises(TotalsExceedIssued) as refused:
        tally_motion_totals(REPORT, for_=200, against=60, abstain=21)
    assert (refused.value.total, refused.value.issued) == (281, 280)


def test_negative_totals_are_refused():
    with pytest.raises(InvalidSetting):
        tally_motion_totals(REPORT, for_=-1, against=0, abstain=0)


def test_a_motion_with_a_three_quarters_quorum():
    motion = Motion(title="章程修改", entitled=100, issued=74, rules=MotionRules(Fraction(3, 4)))
    assert tally_motion_totals(motion, for_=74, against=0, abstain=0).status == "no_quorum"


def test_issued_base_for_a_motion():
    motion = Motion(
        title="决议",
        entitled=100,
        issued=80,
        rules=MotionRules(threshold_base=ThresholdBase.ISSUED),
    )
    assert tally_motion_totals(motion, for_=41, against=39, abstain=0).status == "passed"
