"""Direct election of a union chair: who may stand, the nomination tally, the vote's rules."""

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dahui.rules import (
    Candidate,
    Election,
    InvalidSetting,
    MayNotStand,
    Standing,
    ThresholdBase,
    chair_vote_rules,
    check_chair_vote_rules,
    check_may_stand,
    standing_exclusions,
    tally_election,
    tally_nominations,
)
from dahui.rules.chair import BAR_REASONS, Bar, notice_is_long_enough

from .factories import ballot


def test_an_ordinary_member_may_stand():
    assert standing_exclusions(Standing()) == ()
    check_may_stand("m1", Standing())


@pytest.mark.parametrize(
    ("standing", "bars"),
    [
        (Standing(executive=True), (Bar.EXECUTIVE,)),
        (Standing(deputy_executive=True), (Bar.DEPUTY_EXECUTIVE,)),
        (Standing(partner=True), (Bar.PARTNER,)),
        (Standing(close_relative_of_executive_or_partner=True), (Bar.CLOSE_RELATIVE,)),
        (Standing(head_of_hr=True), (Bar.HEAD_OF_HR,)),
        (Standing(foreign_employee=True), (Bar.FOREIGN_EMPLOYEE,)),
        (Standing(partner=True, foreign_employee=True), (Bar.PARTNER, Bar.FOREIGN_EMPLOYEE)),
    ],
)
def test_art_6_bars_are_every_reason_that_applies(standing, bars):
    assert standing_exclusions(standing) == bars
    with pytest.raises(MayNotStand) as barred:
        check_may_stand("m1", standing)
    assert barred.value.reasons == tuple(BAR_REASONS[b] for b in bars)


def test_the_most_nominated_make_the_list_rule_2_asks_for():
    nominations = [["a", "b"]] * 6 + [["a", "c"]] * 3 + [["d", "a"]] * 2
    result = tally_nominations(nominations, seats=1)
    assert result.status == "ready"
    assert result.required == 2
    assert result.candidates == ("a", "b")
    assert [(c.person, c.nominations) for c in result.counts] == [
        ("a", 11),
        ("b", 6),
        ("c", 3),
        ("d", 2),
    ]


def test_a_tie_at_the_cut_is_never_broken_by_the_engine():
    nominations = [["a", "b"]] * 5 + [["a", "c"]] * 5
    result = tally_nominations(nominations, seats=1)
    assert result.status == "tie_at_cut"
    assert (result.candidates, result.tied, result.places_left) == (("a",), ("b", "c"), 1)


def test_a_tie_at_the_cut_can_be_taken_whole_where_the_rules_say_so():
    nominations = [["a", "b"]] * 5 + [["a", "c"]] * 5
    result = tally_nominations(nominations, seats=1, include_ties=True)
    assert (result.status, result.candidates) == ("ready", ("a", "b", "c"))


def test_a_tie_that_fits_the_list_is_no_tie():
    result = tally_nominations([["a", "b"], ["a", "b"], ["c"]], seats=1)
    assert (result.status, result.candidates) == ("ready", ("a", "b"))


def test_too_few_nominated_people_is_reported_not_a_short_list():
    result = tally_nominations([["a"]] * 9, seats=1)
    assert (result.status, result.candidates) == ("too_few", ("a",))


def test_equal_lists_are_allowed_when_the_rules_allow_them():
    result = tally_nominations([["a"]] * 9, seats=1, min_excess=Fraction(0))
    assert (result.status, result.candidates) == ("ready", ("a",))


def test_barred_and_unknown_people_are_set_aside_with_the_reason():
    members = {"a": Standing(), "b": Standing(head_of_hr=True), "c": Standing()}
    result = tally_nominations([["a", "b"], ["a", "x"], ["c"]], members=members)
    assert result.candidates == ("a", "c")
    assert [(s.person, s.reasons) for s in result.set_aside] == [
        ("b", ("人力资源部门负责人",)),
        ("x", ("not a member",)),
    ]


def test_a_nomination_naming_too_many_is_void_and_a_repeated_name_counts_once():
    result = tally_nominations([["a", "b", "c"], ["a", "a"], ["b"]], seats=1)
    assert (result.nominations, result.void_nominations) == (2, 1)
    assert [(c.person, c.nominations) for c in result.counts] == [("a", 1), ("b", 1)]


def test_a_list_shorter_than_rule_2_is_refused():
    with pytest.raises(InvalidSetting):
        tally_nominations([["a"]], seats=2, places=2)


@given(st.lists(st.lists(st.sampled_from("abcdefg"), max_size=3), max_size=60))
def test_the_list_is_the_top_of_the_counts_and_ties_are_all_in_or_all_out(nominations):
    result = tally_nominations(nominations, seats=1, places=2, max_names=3)
    counts = {c.person: c.nominations for c in result.counts}
    chosen = set(result.candidates)
    for person, n in counts.items():
        if person not in chosen and person not in result.tied:
            assert all(counts[c] >= n for c in chosen)
    if result.status == "tie_at_cut":
        assert len(set(counts[p] for p in result.tied)) == 1
        assert len(result.tied) > result.places_left
    if result.status == "ready":
        assert len(result.candidates) == 2


def test_the_chair_vote_threshold_base_is_always_entitled():
    rules = chair_vote_rules()
    assert rules.threshold_base == ThresholdBase.ENTITLED
    assert rules.quorum == Fraction(2, 3)
    for base in ("valid", "issued", ThresholdBase.VALID):
        with pytest.raises(InvalidSetting, match="entitled"):
            chair_vote_rules(threshold_base=base)


def test_the_chair_vote_allows_no_proxy_and_no_lower_quorum():
    with pytest.raises(InvalidSetting, match="proxy"):
        chair_vote_rules(proxy_voting=True)
    with pytest.raises(InvalidSetting, match="2/3"):
        chair_vote_rules(quorum=Fraction(1, 2))
    assert chair_vote_rules(quorum=Fraction(3, 4)).quorum == Fraction(3, 4)


def test_rules_built_elsewhere_are_checked_against_the_preset():
    from dahui.rules import ElectionRules

    check_chair_vote_rules(ElectionRules())
    with pytest.raises(InvalidSetting):
        check_chair_vote_rules(ElectionRules(threshold_base=ThresholdBase.VALID))


def test_a_chair_needs_more_than_half_of_all_entitled_voters_not_of_the_valid():
    chair = Election(
        "工会主席",
        seats=1,
        entitled=100,
        issued=70,
        candidates=(Candidate("a", "王敏"), Candidate("b", "李强")),
        rules=chair_vote_rules(),
    )
    result = tally_election(chair, [ballot(for_="a")] * 50 + [ballot(for_="b")] * 20)
    assert result.threshold == 51
    assert result.elected == ()
    assert result.status == "runoff"


def test_the_public_notice_runs_at_least_seven_days():
    assert notice_is_long_enough(posted=date(2026, 3, 1), vote=date(2026, 3, 8))
    assert not notice_is_long_enough(posted=date(2026, 3, 2), vote=date(2026, 3, 8))


def test_twenty_thousand_nomination_ballots_are_counted_well_under_two_seconds():
    import random
    import time

    rng = random.Random(7)
    people = [f"m{i}" for i in range(400)]
    ballots = [rng.sample(people, rng.randint(1, 3)) for _ in range(20_000)]
    start = time.perf_counter()
    result = tally_nominations(ballots, seats=1, places=3, max_names=3)
    assert time.perf_counter() - start < 1.0
    assert result.nominations == 20_000


def test_the_next_election_is_due_on_the_terms_anniversary():
    from dahui.rules.chair import next_election_due

    assert next_election_due(elected_on=date(2026, 12, 18), term_years=5) == date(2031, 12, 18)
    assert next_election_due(elected_on=date(2024, 2, 29), term_years=5) == date(2029, 2, 28)
    with pytest.raises(InvalidSetting):
        next_election_due(elected_on=date(2026, 1, 1), term_years=0)


def test_a_vacancy_is_filled_within_three_months_art_18():
    from dahui.rules.chair import vacancy_fill_by

    assert vacancy_fill_by(vacated_on=date(2026, 3, 15)) == date(2026, 6, 15)
    assert vacancy_fill_by(vacated_on=date(2026, 11, 30)) == date(2027, 2, 28)
