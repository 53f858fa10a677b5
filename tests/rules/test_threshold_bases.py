"""Rule 7 with each of the three threshold bases."""

from dahui.rules import Ballot, ThresholdBase, tally_election

from .factories import ballot, election


def _vote(base):
    # entitled 20, issued 16, valid 12: 7 for c1.
    contest = election(entitled=20, issued=16, threshold_base=base)
    ballots = [ballot(for_="c1")] * 7 + [Ballot()] * 5 + [Ballot(invalid=True)] * 4
    return tally_election(contest, ballots)


def test_entitled_base_needs_more_than_half_of_entitled():
    result = _vote(ThresholdBase.ENTITLED)
    assert (result.threshold, result.elected) == (11, ())


def test_issued_base_needs_more_than_half_of_issued():
    result = _vote(ThresholdBase.ISSUED)
    assert (result.threshold, result.elected) == (9, ())


def test_valid_base_needs_more_than_half_of_valid_ballots():
    result = _vote(ThresholdBase.VALID)
    assert (result.threshold, result.elected) == (7, ("c1",))


def test_valid_base_with_an_odd_number_of_valid_ballots():
    contest = election(entitled=9, issued=9, threshold_base=ThresholdBase.VALID)
    ballots = [ballot(for_="c1")] * 4 + [Ballot()] * 3 + [Ballot(invalid=True)] * 2
    result = tally_election(contest, ballots)
    assert (result.valid, result.threshold, result.elected) == (7, 4, ("c1",))


def test_odd_electorate_of_nine_needs_five():
    contest = election(entitled=9, issued=9)
    ballots = [ballot(for_="c1")] * 5 + [ballot(for_="c2")] * 4
    result = tally_election(contest, ballots)
    assert (result.threshold, result.elected) == (5, ("c1",))


def test_exactly_half_of_an_even_electorate_is_not_enough():
    contest = election(entitled=10, issued=10)
    result = tally_election(contest, [ballot(for_="c1")] * 5 + [ballot(for_="c2")] * 5)
    assert result.elected == ()
