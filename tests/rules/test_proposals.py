"""The proposal rules: who signs, how much support, the window, the steps, the counts."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dahui.rules import InvalidSetting
from dahui.rules import proposals as rules

NOON = dt.datetime(2026, 12, 18, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(("status", "withdrawn", "invitees_vote", "may"), [
    ("formal", False, False, True),  # pending or confirmed: collection precedes the review
    ("formal", True, False, False),  # rejected or replaced
    ("invited", False, False, False),
    ("invited", False, True, True),
    ("attending", False, True, False),  # 列席 never
])
def test_who_may_sign_a_proposal(status, withdrawn, invitees_vote, may):
    assert rules.may_sign(status=status, credential_withdrawn=withdrawn,
                          invitees_vote=invitees_vote) is may


def test_an_attendee_is_refused_by_name_of_status():
    with pytest.raises(rules.MayNotSign) as refused:
        rules.check_may_sign(status="attending", credential_withdrawn=False, invitees_vote=False)
    assert refused.value.status == "attending"


def test_two_seconders_by_default_or_three_jointly_counting_the_first():
    support = rules.SupportRules()
    assert support.required(joint=False) == 2
    assert support.required(joint=True) == 2
    rules.check_support(rules=support, joint=False, confirmed=2)
    with pytest.raises(rules.NotEnoughSupport):
        rules.check_support(rules=support, joint=False, confirmed=1)
    with pytest.raises(rules.NotEnoughSupport):
        rules.check_support(rules=rules.SupportRules(min_joint=5), joint=True, confirmed=3)


@pytest.mark.parametrize(("seconders", "joint"), [(-1, 3), (51, 3), (2, 1), (2, 51)])
def test_support_settings_out_of_range_are_refused(seconders, joint):
    with pytest.raises(InvalidSetting):
        rules.SupportRules(min_seconders=seconders, min_joint=joint)


def test_the_window_includes_its_opening_and_excludes_its_close():
    opens, closes = NOON - dt.timedelta(days=1), NOON
    rules.check_window(opens_at=opens, closes_at=closes, now=opens)
    with pytest.raises(rules.CollectionClosed) as early:
        rules.check_window(opens_at=opens, closes_at=closes, now=opens - dt.timedelta(seconds=1))
    assert early.value.not_yet
    with pytest.raises(rules.CollectionClosed) as late:
        rules.check_window(opens_at=opens, closes_at=closes, now=closes)
    assert not late.value.not_yet
    with pytest.raises(rules.CollectionClosed):
        rules.check_window(opens_at=None, closes_at=None, now=NOON)


def test_nobody_seconds_their_own():
    with pytest.raises(rules.OwnProposal):
        rules.check_seconder(proposer_id=7, delegate_id=7)
    rules.check_seconder(proposer_id=7, delegate_id=8)


def test_the_review_steps_start_only_from_submitted():
    for step, target in ((rules.REGISTER, rules.REGISTERED), (rules.DECLINE, rules.NOT_REGISTERED),
                         (rules.MERGE, rules.MERGED), (rules.TO_OPINION, rules.OPINION)):
        assert rules.next_state(state=rules.SUBMITTED, step=step) == target
        with pytest.raises(rules.StepNotAllowed):
            rules.next_state(state=rules.DRAFT, step=step)
        with pytest.raises(rules.StepNotAllowed):
            rules.next_state(state=rules.REGISTERED, step=step)


def test_not_satisfied_reopens_once_then_the_verdict_is_final():
    assert rules.after_verdict(state=rules.REPLIED, verdict=rules.NOT_SATISFIED,
                               reopenings=0) == rules.REOPENED
    assert rules.after_verdict(state=rules.REPLIED, verdict=rules.NOT_SATISFIED,
                               reopenings=1) == rules.CLOSED
    for verdict in (rules.SATISFIED, rules.BASICALLY_SATISFIED):
        assert rules.after_verdict(state=rules.REPLIED, verdict=verdict,
                                   reopenings=0) == rules.CLOSED
    with pytest.raises(rules.StepNotAllowed):
        rules.after_verdict(state=rules.HANDLING, verdict=rules.SATISFIED, reopenings=0)
    with pytest.raises(InvalidSetting):
        rules.after_verdict(state=rules.REPLIED, verdict="很好", reopenings=0)


def test_merging_goes_only_into_another_registered_proposal_of_the_congress():
    rules.check_merge_target(source_id=1, target_id=2, target_state=rules.HANDLING,
                             same_congress=True)
    for kwargs in ({"target_id": 1, "target_state": rules.REGISTERED, "same_congress": True},
                   {"target_id": 2, "target_state": rules.SUBMITTED, "same_congress": True},
                   {"target_id": 2, "target_state": rules.REGISTERED, "same_congress": False}):
        with pytest.raises(rules.BadMergeTarget):
            rules.check_merge_target(source_id=1, **kwargs)


def test_overdue_is_awaiting_a_reply_after_the_deadline_day():
    day = dt.date(2027, 3, 1)
    assert not rules.is_overdue(state=rules.HANDLING, deadline=day, today=day)
    assert rules.is_overdue(state=rules.HANDLING, deadline=day, today=day + dt.timedelta(1))
    assert rules.is_overdue(state=rules.REOPENED, deadline=day, today=day + dt.timedelta(1))
    assert not rules.is_overdue(state=rules.REPLIED, deadline=day, today=day + dt.timedelta(1))


@given(st.lists(st.tuples(st.sampled_from(["经济发展", "其他", "旧类别"]),
                          st.sampled_from(rules.STATES)), max_size=40))
def test_the_counts_add_up_by_outcome_and_by_category(lines):
    counts = rules.count_review([rules.ReviewLine(category=c, state=s) for c, s in lines],
                                categories=("经济发展", "其他"))
    handed_in = [line for line in lines if line[1] != rules.DRAFT]
    assert counts.total == len(handed_in)
    assert counts.total == (counts.registered + counts.not_registered + counts.merged
                            + counts.opinion + counts.pending)
    assert sum(line[1] for line in counts.by_category) == counts.total
    assert [line[0] for line in counts.by_category][:2] == ["经济发展", "其他"]
    for index in range(2, 7):
        assert sum(line[index] for line in counts.by_category) == (
            counts.registered, counts.not_registered, counts.merged, counts.opinion,
            counts.pending)[index - 2]
