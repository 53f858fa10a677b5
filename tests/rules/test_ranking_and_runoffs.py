"""Rules 8 (ranking, tie runoffs) and 9 (shortage runoffs and their candidate lists)."""

from fractions import Fraction

import pytest

from dahui.rules import (
    Ballot,
    Candidate,
    NoRunoff,
    Runoff,
    runoff_election,
    tally_election,
)

from .factories import ballot, election, line_of


def _votes(counts: dict[str, int], total: int, seats: int) -> list[Ballot]:
    """`total` ballots giving each candidate its count of for marks, none over-voted.

    Marks are dealt round the ballots in turn (McNaughton's wrap-around), which never puts
    two marks for one candidate on a ballot nor more than `seats` on any ballot as long as
    every count is at most `total` and they sum to at most seats × total.
    """
    assert sum(counts.values()) <= seats * total
    assert max(counts.values()) <= total
    marks: list[dict[str, str]] = [{} for _ in range(total)]
    position = 0
    for candidate_id, count in counts.items():
        for _ in range(count):
            marks[position % total][candidate_id] = "for"
            position += 1
    return [Ballot(marks=m) for m in marks]


def test_when_more_reach_the_threshold_than_seats_the_most_votes_win():
    contest = election(seats=2, candidates=4, entitled=12)
    result = tally_election(contest, _votes({"c1": 9, "c2": 8, "c3": 7}, 12, 2))
    assert (result.status, result.threshold) == ("elected", 7)
    assert set(result.elected) == {"c1", "c2"}
    assert not line_of(result, "c3").elected


def test_a_tie_at_the_last_seat_goes_to_a_runoff_and_those_above_are_elected():
    contest = election(seats=2, candidates=4, entitled=12)
    result = tally_election(contest, _votes({"c1": 9, "c2": 7, "c3": 7}, 12, 2))
    assert result.status == "runoff"
    assert result.elected == ("c1",)
    assert result.runoff == Runoff(reason="tie", seats=1, candidates=("c2", "c3"))
    assert result.unfilled == 1


def test_a_tie_that_fits_inside_the_seats_elects_everyone_tied():
    contest = election(seats=3, candidates=4, entitled=12)
    result = tally_election(contest, _votes({"c1": 9, "c2": 7, "c3": 7, "c4": 6}, 12, 3))
    assert result.status == "elected"
    assert set(result.elected) == {"c1", "c2", "c3"}


def test_three_tied_for_two_seats_with_nobody_above():
    contest = election(seats=2, candidates=3, entitled=12, min_excess=Fraction(0))
    result = tally_election(contest, _votes({"c1": 8, "c2": 8, "c3": 8}, 12, 2))
    assert result.elected == ()
    assert result.runoff == Runoff(reason="tie", seats=2, candidates=("c1", "c2", "c3"))


def test_a_tie_below_the_threshold_is_not_a_tie_runoff():
    contest = election(seats=1, candidates=3, entitled=13)
    result = tally_election(contest, _votes({"c1": 7, "c2": 3, "c3": 3}, 13, 1))
    assert (result.status, result.elected) == ("elected", ("c1",))


def test_shortage_takes_as_many_runoff_candidates_as_rule_two_requires():
    contest = election(seats=3, candidates=6, entitled=10)
    result = tally_election(
        contest, _votes({"c1": 8, "c2": 5, "c3": 4, "c4": 3, "c5": 2, "c6": 1}, 10, 3)
    )
    assert result.elected == ("c1",)
    # Two seats left: ⌈2 × 1.05⌉ = 3 and at least 3.
    assert result.runoff == Runoff(reason="shortage", seats=2, candidates=("c2", "c3", "c4"))


def test_shortage_with_an_equal_contest_takes_as_many_as_the_seats_left():
    contest = election(seats=2, candidates=4, entitled=10, min_excess=Fraction(0))
    result = tally_election(contest, _votes({"c1": 8, "c2": 5, "c3": 4, "c4": 3}, 10, 2))
    assert result.runoff == Runoff(reason="shortage", seats=1, candidates=("c2",))


def test_shortage_takes_everyone_tied_with_the_last_one_taken():
    contest = election(seats=2, candidates=5, entitled=10)
    result = tally_election(contest, _votes({"c1": 8, "c2": 5, "c3": 3, "c4": 3, "c5": 1}, 10, 2))
    # One seat left needs 2: c2 and c3, and c4 tied with c3 comes too.
    assert result.runoff == Runoff(reason="shortage", seats=1, candidates=("c2", "c3", "c4"))


def test_shortage_with_too_few_left_takes_all_of_them():
    contest = election(seats=3, candidates=4, entitled=10)
    result = tally_election(contest, _votes({"c1": 8, "c2": 8, "c3": 2, "c4": 1}, 10, 3))
    # One seat left needs 2 candidates, and c3, c4 are all there are.
    assert result.runoff == Runoff(reason="shortage", seats=1, candidates=("c3", "c4"))


def test_shortage_runoff_includes_write_ins_in_count_order():
    contest = election(seats=2, candidates=3, entitled=10)
    ballots = [ballot(for_="c1")] * 6 + [ballot(against="c2", write_ins=("孙丽",))] * 4
    result = tally_election(contest, ballots)
    assert result.runoff.candidates[0] == "write-in:孙丽"


def test_nobody_reaching_the_threshold_leaves_every_seat_to_the_runoff():
    contest = election(seats=2, candidates=4, entitled=10)
    result = tally_election(contest, _votes({"c1": 3, "c2": 2, "c3": 1}, 10, 2))
    assert (result.elected, result.unfilled) == ((), 2)
    assert result.runoff.candidates == ("c1", "c2", "c3")


def test_counts_table_orders_ties_in_candidate_list_order():
    contest = election(seats=1, candidates=4, entitled=10)
    result = tally_election(contest, _votes({"c3": 2, "c2": 2, "c4": 5}, 10, 1))
    assert [line.id for line in result.results] == ["c4", "c2", "c3", "c1"]


def test_elected_are_announced_in_stroke_order_not_count_order():
    contest = election(seats=3, candidates=4, entitled=10)
    # 王 has 4 strokes; 李 and 张 have 7, and 李 starts with 横 where 张 starts with 乛.
    result = tally_election(contest, _votes({"c3": 9, "c2": 8, "c1": 7}, 10, 3))
    assert result.elected == ("c1", "c2", "c3")


def test_runoff_election_carries_the_seats_left_and_the_runoff_candidates():
    contest = election(seats=2, candidates=4, entitled=12)
    result = tally_election(contest, _votes({"c1": 9, "c2": 7, "c3": 7}, 12, 2))
    second = runoff_election(contest, result, title="委员会委员（再次投票）", issued=9)
    assert second.seats == 1
    assert [c.id for c in second.candidates] == ["c2", "c3"]
    assert (second.entitled, second.issued, second.rules) == (12, 9, contest.rules)


def test_runoff_election_keeps_write_in_ids_and_names():
    contest = election(seats=2, candidates=3, entitled=10)
    ballots = [ballot(for_="c1")] * 6 + [ballot(against="c2", write_ins=("孙丽",))] * 4
    result = tally_election(contest, ballots)
    second = runoff_election(contest, result, title="另行选举")
    assert Candidate("write-in:孙丽", "孙丽") in second.candidates
    assert second.issued == 0


def test_runoff_election_refuses_a_result_without_a_runoff():
    contest = election(seats=1, candidates=2, entitled=10)
    result = tally_election(contest, [ballot(for_="c1")] * 10)
    with pytest.raises(NoRunoff):
        runoff_election(contest, result, title="再次投票")
