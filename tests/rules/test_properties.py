"""Invariants of the count over generated elections (hypothesis)."""

from __future__ import annotations

import json
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dahui.rules import (
    Ballot,
    Candidate,
    Election,
    ElectionRules,
    Mark,
    ThresholdBase,
    ballot_to_json,
    election_to_json,
    min_candidates,
    parse_election,
    result_to_json,
    tally_election,
    tally_lines,
)

WRITE_IN_NAMES = ("孙丽", "钱多", "王敏", "周 杰")


@st.composite
def elections_with_ballots(draw):
    seats = draw(st.integers(min_value=1, max_value=4))
    min_excess = draw(st.sampled_from([Fraction(0), Fraction(1, 20), Fraction(1, 5)]))
    count = draw(st.integers(min_value=min_candidates(seats, min_excess), max_value=7))
    candidates = tuple(
        Candidate(f"c{i}", name)
        for i, name in enumerate(("王敏", "李强", "张伟", "刘洋", "陈静", "杨帆", "赵磊")[:count])
    )
    entitled = draw(st.integers(min_value=1, max_value=40))
    issued = draw(st.integers(min_value=0, max_value=entitled))
    rules = ElectionRules(
        min_excess=min_excess,
        threshold_base=draw(st.sampled_from(list(ThresholdBase))),
        write_ins=True,
    )
    election = Election("委员", seats, entitled, issued, candidates, rules)
    mark = st.sampled_from(list(Mark))
    ballot = st.builds(
        Ballot,
        marks=st.dictionaries(st.sampled_from([c.id for c in candidates]), mark),
        write_ins=st.lists(st.sampled_from(WRITE_IN_NAMES), max_size=3).map(tuple),
        invalid=st.sampled_from([False, False, False, True]),
    )
    ballots = draw(st.lists(ballot, max_size=issued + 2))
    return election, ballots


PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(elections_with_ballots())
def test_for_against_abstain_add_up_to_valid_for_every_listed_candidate(case):
    election, ballots = case
    result = tally_election(election, ballots)
    for line in result.results:
        if not line.write_in:
            assert line.for_ + line.against + line.abstain == result.valid


@PROPERTY_SETTINGS
@given(elections_with_ballots())
def test_nobody_is_elected_below_the_threshold(case):
    result = tally_election(*case)
    assert all(line.for_ >= result.threshold for line in result.results if line.elected)
    assert {line.id for line in result.results if line.elected} == set(result.elected)


@PROPERTY_SETTINGS
@given(elections_with_ballots())
def test_never_more_elected_than_seats_and_the_rest_unfilled(case):
    election, ballots = case
    result = tally_election(election, ballots)
    assert len(result.elected) <= election.seats
    assert len(result.elected) + result.unfilled == election.seats
    assert (result.status == "runoff") == (result.runoff is not None)
    if result.runoff is not None:
        assert result.runoff.seats == result.unfilled
        assert not set(result.runoff.candidates) & set(result.elected)


@PROPERTY_SETTINGS
@given(elections_with_ballots(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_ballot_order(case, shuffler):
    election, ballots = case
    shuffled = list(ballots)
    shuffler.shuffle(shuffled)
    assert tally_election(election, shuffled) == tally_election(election, ballots)


@PROPERTY_SETTINGS
@given(elections_with_ballots())
def test_tally_of_the_json_export_equals_the_in_process_result(case):
    election, ballots = case
    text = json.dumps(election_to_json(election), ensure_ascii=False, indent=1)
    lines = [json.dumps(ballot_to_json(b), ensure_ascii=False) + "\n" for b in ballots]
    parsed = parse_election(text, source="election.json")
    assert parsed == election
    exported = tally_lines(parsed, lines, source="ballots.jsonl")
    assert result_to_json(exported) == result_to_json(tally_election(election, ballots))
