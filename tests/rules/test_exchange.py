"""The exchange formats read and written as pure functions over text."""

import json
from fractions import Fraction

import pytest

from dahui.rules import (
    Ballot,
    ElectionRules,
    ExchangeError,
    Motion,
    MotionBallot,
    ThresholdBase,
    Vote,
    election_to_json,
    parse_ballots,
    parse_election,
)

from .factories import election

MINIMAL = (
    '{"kind": "election", "title": "主席", "seats": 1, "entitled": 5, "issued": 5,'
    ' "candidates": [{"id": "a", "name": "王敏"}, {"id": "b", "name": "李强"}]}'
)


def test_rules_left_out_take_the_defaults():
    parsed = parse_election(MINIMAL, source="e.json")
    assert parsed.rules == ElectionRules()


def test_rules_are_read_as_exact_fractions():
    data = json.loads(MINIMAL) | {
        "rules": {"quorum": "3/4", "min_excess": "0.2", "threshold_base": "valid"}
    }
    parsed = parse_election(json.dumps(data), source="e.json")
    assert parsed.rules.quorum == Fraction(3, 4)
    assert parsed.rules.min_excess == Fraction(1, 5)
    assert parsed.rules.threshold_base is ThresholdBase.VALID


def test_a_zero_denominator_is_a_problem_not_a_crash():
    data = json.loads(MINIMAL) | {"rules": {"quorum": "2/0"}}
    with pytest.raises(ExchangeError) as refused:
        parse_election(json.dumps(data), source="e.json")
    assert [p.field for p in refused.value.problems] == ["rules.quorum"]


def test_a_motion_file_gives_a_motion():
    text = '{"kind": "motion", "title": "工作报告", "entitled": 10, "issued": 9}'
    assert parse_election(text, source="m.json") == Motion("工作报告", 10, 9)


def test_every_problem_is_collected_not_only_the_first():
    data = json.loads(MINIMAL) | {"seats": 0, "issued": -1, "title": ""}
    with pytest.raises(ExchangeError) as refused:
        parse_election(json.dumps(data), source="e.json")
    assert sorted(p.field for p in refused.value.problems) == ["issued", "seats", "title"]


def test_parse_ballots_gives_ballot_values():
    contest = parse_election(MINIMAL, source="e.json")
    lines = ['{"marks": {"a": "for"}}\n', "\n", '{"invalid": true}\n']
    assert parse_ballots(lines, source="b.jsonl", election=contest) == [
        Ballot(marks={"a": "for"}),
        Ballot(invalid=True),
    ]


def test_parse_ballots_for_a_motion_gives_motion_ballots():
    motion = Motion("报告", 3, 3)
    lines = ['{"vote": "for"}', '{"vote": "against"}', "{}"]
    assert parse_ballots(lines, source="b.jsonl", election=motion) == [
        MotionBallot(Vote.FOR),
        MotionBallot(Vote.AGAINST),
        MotionBallot(),
    ]


def test_parse_ballots_raises_with_every_problem_and_its_line():
    contest = parse_election(MINIMAL, source="e.json")
    with pytest.raises(ExchangeError) as refused:
        parse_ballots(['{"marks": {"z": "for"}}', "{", "{}"], source="b.jsonl", election=contest)
    assert [(p.source, p.line, p.field) for p in refused.value.problems] == [
        ("b.jsonl", 1, "marks.z"),
        ("b.jsonl", 2, ""),
    ]


def test_election_export_reads_back_equal():
    original = election(seats=2, candidates=4, min_excess=Fraction(1, 5), write_ins=False)
    text = json.dumps(election_to_json(original), ensure_ascii=False)
    assert parse_election(text, source="e.json") == original
