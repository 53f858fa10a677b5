"""Rules 3 (marks, blank ballots) and 4 (write-ins and every way they are void)."""

import pytest

from dahui.rules import Ballot, InvalidSetting, Mark, UnknownMark, tally_election

from .factories import ballot, election, for_votes, line_of


def test_unmarked_candidates_abstain_and_the_three_counts_add_up_to_valid():
    contest = election(seats=2, candidates=3)
    result = tally_election(contest, [ballot(for_="c1", against="c2"), ballot(for_="c2"), Ballot()])
    assert (line_of(result, "c1").for_, line_of(result, "c1").abstain) == (1, 2)
    assert (line_of(result, "c2").for_, line_of(result, "c2").against) == (1, 1)
    assert line_of(result, "c3").abstain == 3
    for line in result.results:
        assert line.for_ + line.against + line.abstain == result.valid == 3


def test_an_explicit_abstain_mark_is_the_same_as_no_mark():
    contest = election()
    explicit = tally_election(contest, [Ballot(marks={"c1": Mark.ABSTAIN})])
    unmarked = tally_election(contest, [Ballot()])
    assert explicit == unmarked


def test_blank_ballots_are_valid_and_abstain_on_everyone():
    result = tally_election(election(candidates=3, seats=2), [Ballot()] * 10)
    assert (result.valid, result.invalid) == (10, 0)
    assert all(line.abstain == 10 for line in result.results)
    assert result.elected == ()


def test_all_abstain_ballots_elect_nobody_and_every_candidate_goes_to_the_runoff():
    result = tally_election(election(candidates=3, seats=2), [Ballot()] * 10)
    assert result.status == "runoff"
    assert result.runoff.reason == "shortage"
    assert result.runoff.candidates == ("c1", "c2", "c3")


def test_a_write_in_replacing_an_against_mark_gets_a_for_vote():
    result = tally_election(
        election(seats=1, candidates=2), [ballot(against="c1", write_ins=("孙丽",))]
    )
    assert for_votes(result, "write-in:孙丽") == 1
    written = line_of(result, "write-in:孙丽")
    assert written.write_in
    assert (written.against, written.abstain) == (0, 0)


def test_write_in_names_are_compared_after_nfkc_and_without_white_space():
    contest = election(seats=2, candidates=3, entitled=4)
    ballots = [
        ballot(against="c1", write_ins=("孙 丽",)),
        ballot(against="c1", write_ins=("孙\u3000丽",)),
        ballot(against="c1", write_ins=(" 孙丽 ",)),
    ]
    result = tally_election(contest, ballots)
    assert for_votes(result, "write-in:孙丽") == 3


def test_a_write_in_naming_a_listed_candidate_is_void_but_the_ballot_counts():
    contest = election(seats=2, candidates=3)
    result = tally_election(contest, [ballot(against="c2", write_ins=("王 敏",))])
    assert result.valid == 1
    assert for_votes(result, "c1") == 0
    assert not any(line.write_in for line in result.results)


def test_a_repeated_write_in_on_one_ballot_counts_once():
    contest = election(seats=3, candidates=4)
    result = tally_election(contest, [ballot(against="c1 c2", write_ins=("孙丽", "孙丽"))])
    assert for_votes(result, "write-in:孙丽") == 1


def test_write_ins_beyond_the_against_marks_are_void_the_earliest_count():
    contest = election(seats=3, candidates=4)
    result = tally_election(contest, [ballot(against="c1", write_ins=("孙丽", "钱多"))])
    assert for_votes(result, "write-in:孙丽") == 1
    assert not any(line.id == "write-in:钱多" for line in result.results)
    assert result.valid == 1


def test_a_write_in_without_any_against_mark_is_void():
    contest = election(seats=2, candidates=3)
    result = tally_election(contest, [ballot(for_="c1", write_ins=("孙丽",))])
    assert result.valid == 1
    assert [line.id for line in result.results if line.write_in] == []


def test_a_void_write_in_does_not_use_up_an_against_mark():
    contest = election(seats=3, candidates=4)
    result = tally_election(contest, [ballot(against="c2", write_ins=("王敏", "孙丽"))])
    assert for_votes(result, "write-in:孙丽") == 1


def test_for_mark_and_write_in_of_the_same_person_count_the_mark_only():
    contest = election(seats=2, candidates=3)
    result = tally_election(contest, [ballot(for_="c1", against="c2", write_ins=("王敏",))])
    assert result.valid == 1
    assert for_votes(result, "c1") == 1


def test_write_ins_are_ordered_after_listed_candidates_at_equal_counts():
    contest = election(seats=2, candidates=3)
    result = tally_election(contest, [ballot(for_="c3", against="c1", write_ins=("孙丽",))])
    assert [line.id for line in result.results][:2] == ["c3", "write-in:孙丽"]


def test_a_write_in_that_is_not_text_is_refused_when_the_ballot_is_built():
    with pytest.raises(InvalidSetting):
        Ballot(marks={"c1": "against"}, write_ins=(7,))  # type: ignore[arg-type]
    with pytest.raises(InvalidSetting):
        Ballot(marks={"c1": "against"}, write_ins=("\ud800",))


def test_an_unknown_mark_is_refused_when_the_ballot_is_built():
    with pytest.raises(UnknownMark):
        Ballot(marks={"c1": "yes"})


def test_ballot_marks_cannot_be_changed_after_the_ballot_is_built():
    source = {"c1": "for"}
    built = Ballot(marks=source)
    source["c1"] = "against"
    assert built.marks["c1"] is Mark.FOR
    with pytest.raises(TypeError):
        built.marks["c1"] = Mark.AGAINST  # type: ignore[index]
