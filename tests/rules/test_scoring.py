"""Scoring panels: exact scores, trimmed means, conflicts, incomplete entries, shared ranks."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dahui.rules import (
    ConflictedScore,
    Entry,
    InvalidScore,
    Judge,
    Panel,
    ScoringRules,
    score_panel,
)
from dahui.rules.scoring import AUTHOR, SAME_UNIT, entry_score, parse_score

JUDGES = tuple(
    Judge(f"j{i}", name, unit)
    for i, (name, unit) in enumerate(
        [("王敏", "机修"), ("李强", "电工"), ("张伟", "质检"), ("刘洋", "仓储"), ("陈静", "机修")],
        start=1,
    )
)


def panel(entries, *, judges=JUDGES, rules=None) -> Panel:
    return Panel("五小创新评审", judges, tuple(entries), rules or ScoringRules())


def all_scores(entry_id, values, judges=JUDGES):
    return {(j.id, entry_id): v for j, v in zip(judges, values, strict=True)}


def test_five_scores_drop_one_highest_and_one_lowest():
    result = score_panel(
        panel([Entry("e1", "刀具改进")]), all_scores("e1", ["90", "85.5", "70", "99", "88"])
    )
    (entry,) = result.entries
    assert entry.status == "scored"
    assert (entry.dropped_high, entry.dropped_low) == (99, 70)
    assert entry.score == Fraction(90 + Fraction(171, 2) + 88, 3)
    assert entry.shown == "87.83"
    assert entry.rank == 1


def test_fewer_than_five_scores_are_all_averaged():
    judges = JUDGES[:4]
    result = score_panel(
        panel([Entry("e1", "x")], judges=judges), all_scores("e1", [80, 81, 82, 84], judges)
    )
    (entry,) = result.entries
    assert entry.score == Fraction(327, 4)
    assert (entry.dropped_high, entry.dropped_low) == (None, None)
    assert entry.shown == "81.75"


def test_shown_score_rounds_half_up_to_two_decimals():
    judges = JUDGES[:3]
    # (80 + 80.1 + 80.1) / 3 = 80.0666… → 80.07; (0.1 + 0 + 0)/… cases below.
    result = score_panel(
        panel([Entry("e1", "x")], judges=judges), all_scores("e1", ["80", "80.1", "80.1"], judges)
    )
    assert result.entries[0].shown == "80.07"
    judges = JUDGES[:4]
    result = score_panel(
        panel([Entry("e1", "x")], judges=judges), all_scores("e1", ["0.1", "0", "0", "0"], judges)
    )
    assert result.entries[0].shown == "0.03"  # 0.025 rounds up, not to even


def test_the_author_does_not_score_their_entry_and_the_reason_is_recorded():
    entry = Entry("e1", "x", authors=("j2",))
    scores = {(j.id, "e1"): 80 for j in JUDGES if j.id != "j2"}
    result = score_panel(panel([entry]), scores)
    (line,) = result.entries
    assert line.status == "scored"
    assert [(e.judge, e.reasons) for e in line.excluded] == [("j2", (AUTHOR,))]
    assert len(line.scores) == 4
    assert line.dropped_high is None


def test_a_judge_of_the_same_unit_is_excluded_only_if_the_panel_says_so():
    entry = Entry("e1", "x", unit="机修")
    scores = {(j.id, "e1"): 80 for j in JUDGES if j.unit != "机修"}
    strict = score_panel(panel([entry], rules=ScoringRules(exclude_same_unit=True)), scores)
    assert [(e.judge, e.reasons) for e in strict.entries[0].excluded] == [
        ("j1", (SAME_UNIT,)),
        ("j5", (SAME_UNIT,)),
    ]
    lenient = score_panel(panel([entry]), scores)
    assert lenient.entries[0].status == "incomplete"
    assert lenient.entries[0].missing == ("j1", "j5")


def test_a_score_from_an_excluded_judge_is_refused():
    entry = Entry("e1", "x", authors=("j1",))
    with pytest.raises(ConflictedScore):
        score_panel(panel([entry]), all_scores("e1", [80] * 5))


def test_a_missing_score_makes_the_entry_incomplete_and_never_ranked():
    entries = [Entry("e1", "a"), Entry("e2", "b")]
    scores = all_scores("e1", [80] * 5) | {(j.id, "e2"): 95 for j in JUDGES[:4]}
    result = score_panel(panel(entries), scores)
    e1, e2 = result.entries
    assert (e1.id, e1.rank) == ("e1", 1)
    assert (e2.id, e2.status, e2.rank, e2.score, e2.shown) == ("e2", "incomplete", None, None, "")
    assert e2.missing == ("j5",)


def test_equal_scores_share_a_rank_and_the_next_rank_skips():
    entries = [Entry(f"e{i}", str(i)) for i in range(1, 5)]
    values = {"e1": 70, "e2": 90, "e3": 80, "e4": 80}
    scores = {}
    for entry_id, value in values.items():
        scores |= all_scores(entry_id, [value] * 5)
    result = score_panel(panel(entries), scores)
    assert [(e.id, e.rank) for e in result.entries] == [("e2", 1), ("e3", 2), ("e4", 2), ("e1", 4)]


@pytest.mark.parametrize(
    "value",
    ["87.55", "101", "-1", "８７", "87.", ".5", "", "1e2", 87.5, True, None, Fraction(1, 3), 101],
)
def test_scores_off_the_scale_or_inexact_are_refused(value):
    with pytest.raises(InvalidScore):
        parse_score(value, ScoringRules())


def test_scores_on_the_scale_are_exact():
    assert parse_score("87.5", ScoringRules()) == Fraction(175, 2)
    assert parse_score("100", ScoringRules()) == 100
    assert parse_score(0, ScoringRules()) == 0
    assert parse_score("87.55", ScoringRules(decimals=2)) == Fraction(8755, 100)


SCORE = st.integers(0, 1000).map(lambda tenths: Fraction(tenths, 10))


@given(st.lists(SCORE, min_size=1, max_size=12))
def test_the_score_drops_one_highest_and_one_lowest_from_five_on(values):
    score, high, low = entry_score(values, 5)
    assert isinstance(score, Fraction)
    if len(values) >= 5:
        assert (high, low) == (max(values), min(values))
        assert score == Fraction(sum(values) - max(values) - min(values), len(values) - 2)
    else:
        assert (high, low) == (None, None)
        assert score == Fraction(sum(values), len(values))
    assert min(values) <= score <= max(values)


@given(st.lists(st.lists(SCORE, min_size=5, max_size=5), min_size=1, max_size=8))
def test_ranks_are_competition_ranks_by_exact_score(rows):
    entries = [Entry(f"e{i}", str(i)) for i in range(len(rows))]
    scores = {}
    for entry, values in zip(entries, rows, strict=True):
        scores |= all_scores(entry.id, values)
    result = score_panel(panel(entries), scores)
    for line in result.entries:
        assert line.rank == 1 + sum(other.score > line.score for other in result.entries)
        assert isinstance(line.score, Fraction)
