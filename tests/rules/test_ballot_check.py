"""check_ballot: an electronic ballot is refused before it is stored, with the reason."""

import pytest

from dahui.rules import (
    Ballot,
    OverVote,
    UnknownCandidate,
    WriteInsNotAllowed,
    WriteInVoid,
    check_ballot,
)

from .factories import ballot, election


def test_a_sound_ballot_passes():
    check_ballot(
        election(seats=2, candidates=3), ballot(for_="c1", against="c2", write_ins=("孙丽",))
    )


def test_over_vote_is_refused_with_the_counts():
    with pytest.raises(OverVote) as refused:
        check_ballot(
            election(seats=2, candidates=3), ballot(for_="c1 c2", against="c3", write_ins=("孙丽",))
        )
    assert (refused.value.for_marks, refused.value.write_ins, refused.value.seats) == (2, 1, 2)


def test_unknown_candidate_is_refused():
    with pytest.raises(UnknownCandidate) as refused:
        check_ballot(election(), Ballot(marks={"c7": "for"}))
    assert refused.value.candidate_id == "c7"


def test_write_ins_are_refused_where_the_rules_forbid_them():
    with pytest.raises(WriteInsNotAllowed):
        check_ballot(election(write_ins=False), ballot(against="c1", write_ins=("孙丽",)))


@pytest.mark.parametrize(
    ("marks", "write_ins"),
    [
        ({"against": "c1"}, ("王敏",)),
        ({"against": "c1 c2"}, ("孙丽", "孙 丽")),
        ({"against": "c1"}, ("孙丽", "钱多")),
    ],
    ids=["listed name", "repeated name", "more than against marks"],
)
def test_write_ins_the_count_would_void_are_refused(marks, write_ins):
    with pytest.raises(WriteInVoid):
        check_ballot(election(seats=3, candidates=4), ballot(**marks, write_ins=write_ins))


def test_a_blank_write_in_is_refused_on_an_electronic_ballot():
    contest = election(seats=2, candidates=3)
    with pytest.raises(WriteInVoid, match="empty"):
        check_ballot(contest, ballot(against="c1", write_ins=("\u200b",)))


def test_an_over_long_write_in_is_refused_on_an_electronic_ballot():
    contest = election(seats=2, candidates=3)
    with pytest.raises(WriteInVoid, match="longer than 30"):
        check_ballot(contest, ballot(against="c1", write_ins=("王" * 31,)))
