"""Deciding an election from per-candidate totals (homomorphic counts, entered totals)."""

from __future__ import annotations

import pytest
from hypothesis import given

from dahui.rules import (
    Ballot,
    Candidate,
    Election,
    ElectionRules,
    InvalidSetting,
    Mark,
    UnknownCandidate,
    tally_election,
    tally_election_totals,
)
from tests.rules.test_properties import PROPERTY_SETTINGS, elections_with_ballots

CANDIDATES = (
    Candidate("c1", "王敏"),
    Candidate("c2", "李强"),
    Candidate("c3", "张伟"),
    Candidate("c4", "刘洋"),
)
WORKED = Election("第三届委员会委员", 3, 10, 9, CANDIDATES, ElectionRules())


def _totals(election, ballots):
    """What a homomorphic count yields: per-candidate for/against over the valid ballots."""
    result = tally_election(election, ballots)
    counts = {r.id: (r.for_, r.against) for r in result.results if not r.write_in}
    return result, counts


def test_the_worked_example_from_its_totals():
    result = tally_election_totals(
        WORKED,
        returned=9,
        invalid=1,
        counts={"c1": (8, 0), "c2": (5, 0), "c3": (6, 0), "c4": (3, 0)},
    )
    assert result.status == "runoff"
    assert result.elected == ("c1", "c3")
    assert result.runoff.reason == "shortage"
    assert result.runoff.candidates == ("c2", "c4")


@PROPERTY_SETTINGS
@given(elections_with_ballots())
def test_totals_decide_exactly_as_the_ballots_do_without_write_ins(case):
    election, ballots = case
    ballots = [Ballot(marks=b.marks, invalid=b.invalid) for b in ballots]
    from_ballots, counts = _totals(election, ballots)
    if from_ballots.status in ("no_quorum", "void"):
        counts = {c.id: (0, 0) for c in election.candidates}
    from_totals = tally_election_totals(
        election, returned=from_ballots.returned, invalid=from_ballots.invalid, counts=counts
    )
    assert from_totals == from_ballots


def test_a_candidate_without_totals_is_refused():
    with pytest.raises(InvalidSetting, match="c4"):
        tally_election_totals(WORKED, returned=9, counts={"c1": (1, 0), "c2": (1, 0), "c3": (1, 0)})


def test_totals_for_someone_not_on_the_list_are_refused():
    counts = {c.id: (0, 0) for c in CANDIDATES} | {"c9": (1, 0)}
    with pytest.raises(UnknownCandidate):
        tally_election_totals(WORKED, returned=9, counts=counts)


def test_for_and_against_above_the_valid_ballots_are_refused():
    counts = {c.id: (0, 0) for c in CANDIDATES} | {"c2": (6, 3)}
    with pytest.raises(InvalidSetting, match="8 valid ballots"):
        tally_election_totals(WORKED, returned=9, invalid=1, counts=counts)


def test_more_for_votes_than_seats_per_ballot_are_refused():
    counts = {"c1": (2, 0), "c2": (2, 0), "c3": (2, 0), "c4": (1, 0)}
    with pytest.raises(InvalidSetting, match="at most 3 each"):
        tally_election_totals(WORKED, returned=2, counts=counts)


def test_marks_of_a_ballot_are_what_the_totals_count():
    ballots = [Ballot(marks={"c1": Mark.FOR, "c2": Mark.AGAINST})] * 7
    result, counts = _totals(WORKED, ballots)
    assert counts["c1"] == (7, 0)
    assert counts["c2"] == (0, 7)
    assert tally_election_totals(WORKED, returned=7, counts=counts) == result
