"""Appraisal ballots (民主评议): grades per subject, shares, approval, the outcome flag."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dahui.rules import (
    AppraisalBallot,
    AppraisalPoll,
    AppraisalRules,
    InvalidSetting,
    Subject,
    UnknownGrade,
    UnknownSubject,
    tally_appraisal,
)
from dahui.rules.appraisal import NOT_GRADED, SATISFACTION_SCALE

SUBJECTS = (Subject("s1", "王芳"), Subject("s2", "丁一"), Subject("s3", "办公室"))


def poll(*, entitled=10, issued=10, rules=None) -> AppraisalPoll:
    return AppraisalPoll("中层干部民主评议", entitled, issued, SUBJECTS, rules or AppraisalRules())


def by_id(result, subject_id):
    return next(s for s in result.subjects if s.id == subject_id)


def test_counts_shares_and_approval_of_one_subject():
    ballots = (
        [AppraisalBallot({"s1": "优秀"})] * 4
        + [AppraisalBallot({"s1": "称职"})] * 3
        + [AppraisalBallot({"s1": "不称职"})] * 1
        + [AppraisalBallot({})]
        + [AppraisalBallot(spoiled=True)]
    )
    result = tally_appraisal(poll(), ballots)
    assert (result.status, result.returned, result.valid, result.invalid) == ("counted", 10, 9, 1)
    s1 = by_id(result, "s1")
    assert [(g.grade, g.count) for g in s1.grades] == [
        ("优秀", 4),
        ("称职", 3),
        ("基本称职", 0),
        ("不称职", 1),
        (NOT_GRADED, 1),
    ]
    assert s1.grades[0].share == Fraction(4, 9)
    assert s1.grades[0].percent == "44.4%"
    assert s1.grades[1].percent == "33.3%"
    assert s1.approval == Fraction(7, 9)
    assert s1.approval_percent == "77.8%"
    assert not s1.flagged


def test_percentages_round_half_up():
    # 1 of 8 = 12.5% exactly; 1 of 16 = 6.25% → 6.3%, never banker's 6.2%.
    result = tally_appraisal(
        poll(entitled=16, issued=16),
        [AppraisalBallot({"s1": "优秀"})] + [AppraisalBallot({})] * 15,
    )
    assert by_id(result, "s1").grades[0].percent == "6.3%"


def test_two_marks_for_one_subject_void_that_grade_only():
    ballot = AppraisalBallot({"s1": ("优秀", "称职"), "s2": "称职"})
    result = tally_appraisal(poll(), [ballot] * 7)
    assert result.valid == 7
    assert by_id(result, "s1").count(NOT_GRADED) == 7
    assert by_id(result, "s1").count("优秀") == 0
    assert by_id(result, "s2").count("称职") == 7


def test_the_same_grade_marked_twice_is_two_marks():
    result = tally_appraisal(poll(), [AppraisalBallot({"s1": ("优秀", "优秀")})] * 7)
    assert by_id(result, "s1").count(NOT_GRADED) == 7


def test_worst_grade_above_a_third_of_valid_ballots_is_flagged_and_a_third_exactly_is_not():
    third = [AppraisalBallot({"s1": "不称职"})] * 3 + [AppraisalBallot({"s1": "称职"})] * 6
    assert not by_id(tally_appraisal(poll(), third), "s1").flagged
    above = [AppraisalBallot({"s1": "不称职"})] * 4 + [AppraisalBallot({"s1": "称职"})] * 5
    assert by_id(tally_appraisal(poll(), above), "s1").flagged


def test_the_flag_is_a_setting_of_the_poll():
    rules = AppraisalRules(scale=SATISFACTION_SCALE, flag_grade="不满意", flag_above=Fraction(1, 2))
    ballots = [AppraisalBallot({"s1": "不满意"})] * 4 + [AppraisalBallot({"s1": "满意"})] * 4
    result = tally_appraisal(poll(rules=rules), ballots)
    assert not by_id(result, "s1").flagged
    assert by_id(result, "s1").approval == Fraction(1, 2)


def test_subjects_are_listed_in_surname_stroke_order():
    result = tally_appraisal(poll(), [AppraisalBallot()] * 7)
    assert [s.name for s in result.subjects] == ["丁一", "王芳", "办公室"]


def test_a_grade_outside_the_scale_is_refused():
    with pytest.raises(UnknownGrade):
        tally_appraisal(poll(), [AppraisalBallot({"s1": "满意"})])
    with pytest.raises(UnknownGrade):
        tally_appraisal(poll(), [AppraisalBallot({"s1": ("优秀", "很好")})])


def test_an_unknown_subject_is_refused():
    with pytest.raises(UnknownSubject):
        tally_appraisal(poll(), [AppraisalBallot({"s9": "优秀"})])


def test_without_quorum_nothing_is_counted():
    result = tally_appraisal(poll(entitled=10, issued=6), [AppraisalBallot({"s1": "优秀"})] * 6)
    assert (result.status, result.quorum_required, result.valid, result.subjects) == (
        "no_quorum",
        7,
        0,
        (),
    )


def test_more_ballots_returned_than_issued_voids_the_poll():
    result = tally_appraisal(poll(entitled=10, issued=7), [AppraisalBallot()] * 8)
    assert (result.status, result.subjects) == ("void", ())


@pytest.mark.parametrize(
    "settings",
    [
        {"scale": ("好",)},
        {"scale": ("好", "好")},
        {"flag_grade": "差"},
        {"flag_above": Fraction(1)},
        {"quorum": 0.5},
        {"flag_above": 0.3},
    ],
)
def test_bad_settings_are_refused(settings):
    with pytest.raises(InvalidSetting):
        AppraisalRules(**settings)


GRADES = st.sampled_from(("优秀", "称职", "基本称职", "不称职"))
MARKS = st.one_of(st.none(), GRADES, st.lists(GRADES, min_size=2, max_size=3).map(tuple))
BALLOTS = st.lists(
    st.one_of(
        st.just(AppraisalBallot(spoiled=True)),
        st.fixed_dictionaries({"s1": MARKS, "s2": MARKS, "s3": MARKS}).map(
            lambda marks: AppraisalBallot({k: v for k, v in marks.items() if v is not None})
        ),
    ),
    max_size=40,
)


@given(BALLOTS)
def test_every_subject_accounts_for_every_valid_ballot_exactly(ballots):
    result = tally_appraisal(poll(entitled=40, issued=40), ballots)
    for subject in result.subjects:
        assert sum(g.count for g in subject.grades) == result.valid
        for g in subject.grades:
            assert isinstance(g.share, Fraction)
            assert g.share == (Fraction(g.count, result.valid) if result.valid else 0)
        if result.valid:
            assert sum(g.share for g in subject.grades) == 1
        assert subject.approval == sum(g.share for g in subject.grades[:2])
        worst = subject.count("不称职")
        assert subject.flagged == (3 * worst > result.valid)


@given(BALLOTS)
def test_no_float_anywhere_in_a_result(ballots):
    result = tally_appraisal(poll(entitled=40, issued=40), ballots)
    assert not _floats(result)


def _floats(value) -> bool:
    from dataclasses import fields, is_dataclass

    if isinstance(value, float):
        return True
    if is_dataclass(value):
        return any(_floats(getattr(value, f.name)) for f in fields(value))
    if isinstance(value, tuple | list):
        return any(_floats(v) for v in value)
    return False
