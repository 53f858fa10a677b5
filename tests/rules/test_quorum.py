"""Rule 1 (quorum) and rule 7 (threshold), exact arithmetic."""

from fractions import Fraction

import pytest

from dahui.rules import (
    Ballot,
    InvalidSetting,
    has_quorum,
    quorum_required,
    tally_election,
    threshold,
)

from .factories import ballot, election

TWO_THIRDS = Fraction(2, 3)


@pytest.mark.parametrize(
    ("entitled", "required"),
    [(298, 199), (300, 200), (299, 200), (10, 7), (9, 6), (7, 5), (1, 1), (3, 2), (0, 0)],
)
def test_quorum_is_two_thirds_rounded_up(entitled, required):
    assert quorum_required(entitled, TWO_THIRDS) == required


def test_exactly_two_thirds_present_makes_the_quorum_because_yishang_includes_the_bound():
    assert has_quorum(entitled=300, present=200, quorum=TWO_THIRDS)
    assert not has_quorum(entitled=300, present=199, quorum=TWO_THIRDS)


def test_one_short_of_quorum_of_298_fails_and_199_passes():
    assert not has_quorum(entitled=298, present=198, quorum=TWO_THIRDS)
    assert has_quorum(entitled=298, present=199, quorum=TWO_THIRDS)


def test_a_half_quorum_setting_is_applied_exactly():
    assert quorum_required(9, Fraction(1, 2)) == 5
    assert quorum_required(10, Fraction(1, 2)) == 5


@pytest.mark.parametrize(
    ("base", "needed"), [(298, 150), (299, 150), (300, 151), (10, 6), (9, 5), (1, 1), (0, 1)]
)
def test_threshold_is_more_than_half(base, needed):
    assert threshold(base) == needed


def test_negative_numbers_are_refused():
    with pytest.raises(InvalidSetting):
        threshold(-1)
    with pytest.raises(InvalidSetting):
        quorum_required(-3, TWO_THIRDS)
    with pytest.raises(InvalidSetting):
        has_quorum(entitled=10, present=-1, quorum=TWO_THIRDS)


def test_election_below_quorum_counts_nothing():
    contest = election(entitled=298, issued=198, candidates=2)
    result = tally_election(contest, [ballot(for_="c1")] * 198)
    assert result.status == "no_quorum"
    assert result.quorum_required == 199
    assert result.returned == 198
    assert (result.valid, result.invalid, result.results, result.elected) == (0, 0, (), ())
    assert result.unfilled == 1
    assert result.runoff is None


def test_election_at_quorum_of_298_proceeds_with_threshold_150():
    contest = election(entitled=298, issued=199, candidates=2)
    ballots = [ballot(for_="c1")] * 150 + [Ballot()] * 49
    result = tally_election(contest, ballots)
    assert result.status == "elected"
    assert result.threshold == 150
    assert result.elected == ("c1",)


def test_149_votes_of_298_entitled_are_not_enough():
    contest = election(entitled=298, issued=199, candidates=2)
    result = tally_election(contest, [ballot(for_="c1")] * 149 + [Ballot()] * 50)
    assert result.elected == ()
    assert result.status == "runoff"
