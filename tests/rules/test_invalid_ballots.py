"""Rule 5 (over-votes, spoiled ballots) and rule 6 (returned > issued voids the vote)."""

import pytest

from dahui.rules import (
    Ballot,
    UnknownCandidate,
    tally_election,
)

from .factories import ballot, election, for_votes, line_of


def test_more_for_marks_than_seats_makes_the_ballot_invalid():
    contest = election(seats=1, candidates=2)
    result = tally_election(contest, [ballot(for_="c1 c2"), ballot(for_="c1")])
    assert (result.valid, result.invalid) == (1, 1)
    assert for_votes(result, "c1") == 1


def test_for_marks_equal_to_seats_are_valid():
    contest = election(seats=2, candidates=3)
    assert tally_election(contest, [ballot(for_="c1 c2")]).invalid == 0


def test_over_vote_counts_write_ins_as_written_before_any_is_voided():
    # One seat: a for mark plus a write-in that rule 4 would void still over-votes.
    contest = election(seats=1, candidates=2)
    result = tally_election(contest, [ballot(for_="c1", write_ins=("王敏",))])
    assert (result.valid, result.invalid) == (0, 1)


def test_repeated_write_ins_count_twice_towards_an_over_vote():
    contest = election(seats=2, candidates=3)
    result = tally_election(contest, [ballot(against="c1 c2", write_ins=("孙丽", "孙丽", "孙丽"))])
    assert result.invalid == 1


def test_spoiled_ballots_count_as_returned_not_valid():
    contest = election(seats=1, candidates=2, entitled=3)
    result = tally_election(contest, [Ballot(invalid=True), ballot(for_="c1"), Ballot()])
    assert (result.returned, result.valid, result.invalid) == (3, 2, 1)


def test_a_spoiled_ballot_with_marks_adds_nothing_to_the_counts():
    contest = election(seats=1, candidates=2)
    result = tally_election(contest, [Ballot(marks={"c1": "for"}, invalid=True)])
    assert for_votes(result, "c1") == 0


def test_more_ballots_returned_than_issued_voids_the_whole_vote():
    contest = election(entitled=10, issued=8, candidates=2)
    result = tally_election(contest, [ballot(for_="c1")] * 9)
    assert result.status == "void"
    assert (result.returned, result.valid, result.invalid) == (9, 0, 0)
    assert (result.results, result.elected, result.runoff) == ((), (), None)
    assert result.unfilled == 1


def test_returned_equal_to_issued_stands():
    contest = election(entitled=10, issued=8, candidates=2)
    assert tally_election(contest, [ballot(for_="c1")] * 8).status == "elected"


def test_fewer_returned_than_issued_stands():
    contest = election(entitled=10, issued=8, candidates=2)
    result = tally_election(contest, [ballot(for_="c1")] * 6)
    assert (result.status, result.returned) == ("elected", 6)


def test_no_quorum_is_reported_before_void():
    contest = election(entitled=10, issued=5, candidates=2)
    assert tally_election(contest, [Ballot()] * 6).status == "no_quorum"


def test_a_mark_for_an_unknown_candidate_is_bad_data_not_a_spoiled_ballot():
    with pytest.raises(UnknownCandidate):
        tally_election(election(), [Ballot(marks={"c9": "for"})])


def test_write_ins_where_the_rules_forbid_them_are_ignored_and_the_ballot_counts():
    contest = election(seats=1, candidates=2, write_ins=False)
    result = tally_election(contest, [ballot(against="c1", write_ins=("孙丽",))] * 7)
    assert result.valid == 7
    assert result.invalid == 0
    assert not any(line.write_in for line in result.results)
    assert line_of(result, "c1").against == 7


def test_forbidden_write_ins_do_not_count_towards_an_over_vote():
    contest = election(seats=1, candidates=2, write_ins=False)
    result = tally_election(contest, [ballot(for_="c1", write_ins=("孙丽", "钱多"))] * 7)
    assert result.valid == 7
    assert for_votes(result, "c1") == 7
