"""A chair election's stages, each refusal with its reason and nothing stored."""

from __future__ import annotations

import datetime as dt

import pytest

from dahui.audit.models import AuditEntry
from dahui.unions import services
from dahui.unions.errors import Refused
from dahui.unions.models import (
    Candidate,
    ChairTerm,
    Decision,
    Nomination,
    NominationName,
    Objection,
    Stage,
)

from .conftest import branch, member

POSTED = dt.date(2026, 12, 1)


def test_branches_nominate_and_the_majoritys_nominations_make_the_list(nominated, people):
    services.draw_up_candidates(election=nominated, by=people["huaxiang_prep"])
    nominated.refresh_from_db()
    assert nominated.stage == Stage.CANDIDATES
    listed = {c.member.name: c.nominations for c in nominated.candidates.all()}
    assert listed == {"王秀英": 2, "张伟": 2}
    assert AuditEntry.objects.filter(action="chair.candidates").count() == 1


def test_a_nominee_barred_by_art_6_is_refused_with_the_reason_and_nothing_stored(
        election, huaxiang, people):
    services.open_nomination(election=election, by=people["huaxiang_prep"])
    with pytest.raises(Refused, match="企业行政负责人"):
        services.nominate(election=election, branch=branch(huaxiang, "机关分会"),
                          numbers=["1005", "1006"], by=people["huaxiang_prep"])
    with pytest.raises(Refused, match="人力资源部门负责人"):
        services.nominate(election=election, branch=branch(huaxiang, "机关分会"),
                          numbers=["1007"], by=people["huaxiang_prep"])
    with pytest.raises(Refused, match="外籍职工"):
        services.nominate(election=election, branch=branch(huaxiang, "二车间分会"),
                          numbers=["1012"], by=people["huaxiang_prep"])
    assert not Nomination.objects.exists()
    assert not NominationName.objects.exists()
    refusals = AuditEntry.objects.filter(action="chair.nomination_refused")
    assert [e.data["reasons"] for e in refusals] == [["企业行政负责人"], ["人力资源部门负责人"],
                                                     ["外籍职工"]]


def test_a_person_not_on_the_roster_is_refused(election, huaxiang, liheng, people):
    services.open_nomination(election=election, by=people["huaxiang_prep"])
    with pytest.raises(Refused, match="9999、2001"):
        # 2001 is a member of another union: not on this union's roster.
        services.nominate(election=election, branch=branch(huaxiang, "一车间分会"),
                          numbers=["9999", "2001"], by=people["huaxiang_prep"])
    assert not Nomination.objects.exists()


def test_a_branch_nominates_once_and_only_for_its_own_union(election, huaxiang, liheng,
                                                            people):
    prep = people["huaxiang_prep"]
    services.open_nomination(election=election, by=prep)
    services.nominate(election=election, branch=branch(huaxiang, "一车间分会"),
                      numbers=["1001"], by=prep)
    with pytest.raises(Refused, match="已经推荐过"):
        services.nominate(election=election, branch=branch(huaxiang, "一车间分会"),
                          numbers=["1002"], by=prep)
    with pytest.raises(Refused):
        services.nominate(election=election, branch=branch(liheng, "炼钢分会"),
                          numbers=["1002"], by=prep)
    with pytest.raises(Refused):
        services.nominate(election=election, branch=branch(huaxiang, "二车间分会"),
                          numbers=["1002", "1003", "1004"], by=prep)  # more than the list
    assert Nomination.objects.count() == 1


def test_nominations_are_refused_outside_the_nomination_stage(election, huaxiang, people):
    with pytest.raises(Refused):
        services.nominate(election=election, branch=branch(huaxiang, "一车间分会"),
                          numbers=["1001"], by=people["huaxiang_prep"])


def test_too_few_nominated_people_make_no_list(election, huaxiang, people):
    prep = people["huaxiang_prep"]
    services.open_nomination(election=election, by=prep)
    services.nominate(election=election, branch=branch(huaxiang, "一车间分会"),
                      numbers=["1001"], by=prep)
    with pytest.raises(Refused, match="须有 2 名"):
        services.draw_up_candidates(election=election, by=prep)
    assert not Candidate.objects.exists()
    election.refresh_from_db()
    assert election.stage == Stage.NOMINATION


def test_a_tie_at_the_cut_is_named_never_broken(election, huaxiang, people):
    prep = people["huaxiang_prep"]
    services.open_nomination(election=election, by=prep)
    services.nominate(election=election, branch=branch(huaxiang, "一车间分会"),
                      numbers=["1001", "1002"], by=prep)
    services.nominate(election=election, branch=branch(huaxiang, "二车间分会"),
                      numbers=["1001", "1003"], by=prep)
    with pytest.raises(Refused, match="推荐数相同"):
        services.draw_up_candidates(election=election, by=prep)
    assert not Candidate.objects.exists()
    services.draw_up_candidates(election=election, include_ties=True, by=prep)
    assert Candidate.objects.count() == 3


def test_vetting_and_approval_are_recorded_with_who_and_when(approved, people):
    approved.refresh_from_db()
    assert approved.stage == Stage.APPROVED
    party, higher = Decision.objects.filter(election=approved).order_by("recorded_at")
    assert (party.decided_by, party.recorded_by) == ("公司党委", people["huaxiang_prep"])
    assert (higher.decided_by, higher.recorded_by) == ("临汾市总工会", people["city_staff"])
    assert higher.recorded_at is not None


def test_a_rejected_list_is_recorded_and_the_election_stays(nominated, people):
    services.draw_up_candidates(election=nominated, by=people["huaxiang_prep"])
    services.record_party_vetting(election=nominated, approved=False, decided_by="公司党委",
                                  note="候选人需进一步考察", by=people["huaxiang_prep"])
    nominated.refresh_from_db()
    assert nominated.stage == Stage.CANDIDATES
    with pytest.raises(Refused):
        services.approve_by_higher_union(election=nominated, approved=True,
                                         by=people["city_staff"])


def test_a_notice_shorter_than_7_days_is_refused_and_nothing_stored(approved, people):
    with pytest.raises(Refused, match="不少于7天"):
        services.post_notice(election=approved, posted_on=POSTED,
                             vote_on=POSTED + dt.timedelta(days=6), by=people["huaxiang_prep"])
    approved.refresh_from_db()
    assert approved.stage == Stage.APPROVED
    assert approved.notice_posted_on is None


def run_to_statements(election, people):
    prep = people["huaxiang_prep"]
    services.post_notice(election=election, posted_on=POSTED,
                         vote_on=POSTED + dt.timedelta(days=7), by=prep)
    objection = services.submit_objection(election=election, text="张伟曾受处分？", name="",
                                          contact="")
    with pytest.raises(Refused, match="答复全部异议"):
        services.draw_speaking_order(election=election, by=prep)
    services.answer_objection(objection=objection, answer="经核实，无此事。", by=prep)
    return services.draw_speaking_order(election=election, by=prep)


def test_objections_are_answered_before_the_speaking_order_is_drawn(approved, people):
    order = run_to_statements(approved, people)
    assert sorted(c.speaking_order for c in order) == [1, 2]
    assert Objection.objects.get().answered_by == people["huaxiang_prep"]
    entry = AuditEntry.objects.get(action="chair.speaking_order")
    assert entry.data["order"] == [c.member.name for c in order]


def test_the_vote_elects_with_more_than_half_of_all_members_and_the_register_follows(
        approved, huaxiang, people):
    run_to_statements(approved, people)
    prep = people["huaxiang_prep"]
    wang, zhang = member(huaxiang, "1001"), member(huaxiang, "1003")
    vote_on = POSTED + dt.timedelta(days=7)
    # 12 members entitled; 11 vote; 王秀英 has 7: more than half of 12 (threshold 7).
    services.record_vote(election=approved, entitled=12, issued=11, returned=11, invalid=0,
                         counts={wang.pk: (7, 4), zhang.pk: (4, 7)}, voted_on=vote_on, by=prep)
    approved.refresh_from_db()
    assert approved.stage == Stage.VOTED
    assert approved.elected == wang
    assert approved.result["threshold"] == 7
    services.report_to_higher_union(election=approved, reported_on=vote_on, by=prep)
    term = services.register_chair(election=approved, by=people["city_staff"])
    assert (term.name, term.elected_on, term.next_election_due) == (
        "王秀英", vote_on, dt.date(2031, 12, 8))


def test_the_papers_hold_the_tally_the_list_the_decisions_and_the_count(client, approved,
                                                                        huaxiang, people):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    run_to_statements(approved, people)
    wang, zhang = member(huaxiang, "1001"), member(huaxiang, "1003")
    services.record_vote(election=approved, entitled=12, issued=11, returned=11, invalid=0,
                         counts={wang.pk: (7, 4), zhang.pk: (4, 7)},
                         voted_on=POSTED + dt.timedelta(days=7), by=people["huaxiang_prep"])
    client.force_login(people["city_staff"])
    response = client.get(reverse("unions:papers", args=[approved.pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["推荐统计", "候选人名单", "审查审批", "选举结果"]
    candidates = list(book["候选人名单"].iter_rows(min_row=2, values_only=True))
    assert [row[2] for row in candidates] == ["王秀英", "张伟"]
    result = list(book["选举结果"].iter_rows(values_only=True))
    assert result[1] == (12, 11, 11, 11, 0, 7)
    assert result[4][:5] == ("王秀英", 7, 4, 0, "当选")


def test_half_of_the_valid_ballots_is_not_enough_the_base_is_all_members(approved, huaxiang,
                                                                         people):
    run_to_statements(approved, people)
    wang, zhang = member(huaxiang, "1001"), member(huaxiang, "1003")
    # 9 of 12 vote (quorum 8): 王秀英's 6 are more than half of the 9 valid, not of the 12.
    services.record_vote(election=approved, entitled=12, issued=9, returned=9, invalid=0,
                         counts={wang.pk: (6, 3), zhang.pk: (3, 6)},
                         voted_on=POSTED + dt.timedelta(days=7), by=people["huaxiang_prep"])
    approved.refresh_from_db()
    assert approved.stage == Stage.STATEMENTS
    assert approved.elected is None
    assert approved.result["threshold"] == 7


def test_a_vote_before_the_notice_ran_7_days_is_refused(approved, huaxiang, people):
    run_to_statements(approved, people)
    wang, zhang = member(huaxiang, "1001"), member(huaxiang, "1003")
    with pytest.raises(Refused):
        services.record_vote(election=approved, entitled=12, issued=11, returned=11, invalid=0,
                             counts={wang.pk: (7, 4), zhang.pk: (4, 7)},
                             voted_on=POSTED + dt.timedelta(days=3), by=people["huaxiang_prep"])
    approved.refresh_from_db()
    assert approved.result == {}


def test_a_vacancy_is_to_be_filled_within_three_months(huaxiang, people):
    term = services.add_register_entry(union=huaxiang, name="王秀英",
                                       elected_on=dt.date(2022, 3, 1), term_years=5,
                                       by=people["city_staff"])
    services.record_vacancy(term=term, vacated_on=dt.date(2026, 11, 30),
                            by=people["city_staff"])
    term.refresh_from_db()
    assert term.fill_by == dt.date(2027, 2, 28)
    with pytest.raises(Refused):
        services.record_vacancy(term=term, vacated_on=dt.date(2026, 12, 1),
                                by=people["city_staff"])
    assert ChairTerm.objects.count() == 1
