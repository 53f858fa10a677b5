"""Rule 2: the contest (差额) is checked when the election is set up."""

from fractions import Fraction

import pytest

from dahui.rules import ContestTooSmall, ElectionRules, check_contest, min_candidates

FIVE_PERCENT = Fraction(1, 20)


@pytest.mark.parametrize(
    ("seats", "required"), [(1, 2), (3, 4), (19, 20), (20, 21), (21, 23), (35, 37), (40, 42)]
)
def test_five_percent_excess_rounds_up_and_adds_at_least_one(seats, required):
    assert min_candidates(seats, FIVE_PERCENT) == required


def test_twenty_percent_excess_for_a_committee_of_fifteen_needs_eighteen():
    assert min_candidates(15, Fraction(1, 5)) == 18


def test_equal_contest_needs_exactly_the_seats():
    assert min_candidates(1, Fraction(0)) == 1
    assert min_candidates(7, Fraction(0)) == 7


def test_a_list_too_short_is_refused_with_the_numbers():
    with pytest.raises(ContestTooSmall) as refused:
        check_contest(seats=21, candidates=22, rules=ElectionRules())
    assert (refused.value.seats, refused.value.candidates, refused.value.required) == (21, 22, 23)


def test_a_list_long_enough_passes():
    check_contest(seats=21, candidates=23, rules=ElectionRules())
    check_contest(seats=3, candidates=3, rules=ElectionRules(min_excess=Fraction(0)))


def test_equal_contest_still_refuses_fewer_candidates_than_seats():
    with pytest.raises(ContestTooSmall):
        check_contest(seats=3, candidates=2, rules=ElectionRules(min_excess=Fraction(0)))
