"""Each step of a proposal, from the draft to the proposer's verdict, and every refusal the
issue names: refused with its reason, nothing stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dahui.audit.models import AuditEntry
from dahui.proposals import selectors, services
from dahui.proposals.models import Proposal, ProposerVerdict, Reply, Signature
from dahui.rules import proposals as rules
from tests.proposals.conftest import assigned, draft, open_collection, registered, submitted


def actions(congress) -> list[str]:
    return list(AuditEntry.objects.filter(congress_id=congress.pk).order_by("seq")
                .values_list("action", flat=True))


def test_a_draft_with_two_confirmed_seconders_is_handed_in_with_a_number(pw):
    proposal = draft(pw)
    assert proposal.state == rules.DRAFT
    assert proposal.number is None
    assert Signature.objects.filter(proposal=proposal, confirmed_at__isnull=True).count() == 2
    for name in ("李强", "张伟"):
        services.second(proposal=proposal, delegate=pw.delegate(name), by=pw.delegate(name).user)
    proposal = services.submit(proposal=proposal, by=pw.delegate("王敏").user)
    assert proposal.state == rules.SUBMITTED
    assert proposal.number == 1
    assert actions(pw.congress)[-4:] == ["proposal.written", "proposal.seconded",
                                         "proposal.seconded", "proposal.submitted"]


def test_a_seconder_may_pick_a_draft_from_the_list_without_an_invitation(pw):
    proposal = draft(pw, invite=())
    assert proposal in selectors.open_for_seconding(pw.delegate("陈静"))
    services.second(proposal=proposal, delegate=pw.delegate("陈静"), by=pw.delegate("陈静").user)
    services.second(proposal=proposal, delegate=pw.delegate("杨帆"), by=pw.delegate("杨帆").user)
    assert services.submit(proposal=proposal, by=None).state == rules.SUBMITTED


def test_handing_in_without_enough_seconders_is_refused_and_stays_a_draft(pw):
    proposal = draft(pw)
    services.second(proposal=proposal, delegate=pw.delegate("李强"), by=None)
    with pytest.raises(rules.NotEnoughSupport) as refused:
        services.submit(proposal=proposal, by=None)
    assert (refused.value.have, refused.value.required) == (1, 2)
    proposal.refresh_from_db()
    assert proposal.state == rules.DRAFT
    assert proposal.number is None
    assert "proposal.submitted" not in actions(pw.congress)


def test_an_invitation_not_yet_confirmed_does_not_count(pw):
    proposal = draft(pw)
    with pytest.raises(rules.NotEnoughSupport):
        services.submit(proposal=proposal, by=None)


def test_seconding_twice_is_refused_and_stores_one_signature(pw):
    proposal = draft(pw)
    services.second(proposal=proposal, delegate=pw.delegate("李强"), by=None)
    with pytest.raises(services.Refused, match=r"已经附议|already seconded"):
        services.second(proposal=proposal, delegate=pw.delegate("李强"), by=None)
    assert Signature.objects.filter(proposal=proposal, delegate=pw.delegate("李强")).count() == 1


def test_seconding_ones_own_proposal_is_refused(pw):
    proposal = draft(pw)
    with pytest.raises(rules.OwnProposal):
        services.second(proposal=proposal, delegate=pw.delegate("王敏"), by=None)
    assert not Signature.objects.filter(proposal=proposal, delegate=pw.delegate("王敏")).exists()


def test_inviting_oneself_is_refused_and_nothing_is_written(pw):
    with pytest.raises(rules.OwnProposal):
        draft(pw, invite=("王敏",))
    assert not Proposal.objects.exists()


def test_an_attendee_without_vote_may_neither_propose_nor_second(pw):
    with pytest.raises(rules.MayNotSign):
        draft(pw, proposer="郑列席")
    proposal = draft(pw)
    with pytest.raises(rules.MayNotSign):
        services.second(proposal=proposal, delegate=pw.attending, by=None)
    with pytest.raises(rules.MayNotSign):
        draft(pw, proposer="陈静", invite=("郑列席",), title="另一件")
    assert Proposal.objects.count() == 1
    assert not Signature.objects.filter(delegate=pw.attending).exists()


@pytest.mark.parametrize(("opens", "closes"), [(1, 2), (-2, -1)])
def test_outside_the_collection_window_nothing_is_written_or_seconded(pw, opens, closes):
    proposal = draft(pw)
    now = timezone.now()
    open_collection(pw.congress, pw.secretariat, opens_at=now + dt.timedelta(days=opens),
                    closes_at=now + dt.timedelta(days=closes))
    with pytest.raises(rules.CollectionClosed):
        draft(pw, proposer="陈静", title="窗口外")
    with pytest.raises(rules.CollectionClosed):
        services.second(proposal=proposal, delegate=pw.delegate("李强"), by=None)
    assert Proposal.objects.count() == 1
    assert not Signature.objects.filter(confirmed_at__isnull=False).exists()


def test_a_joint_proposal_needs_three_delegates_including_the_first(pw):
    proposal = draft(pw, joint=True, invite=("李强", "张伟"))
    services.second(proposal=proposal, delegate=pw.delegate("李强"), by=None)
    with pytest.raises(rules.NotEnoughSupport) as refused:
        services.submit(proposal=proposal, by=None)
    assert refused.value.joint
    assert refused.value.required == 2
    services.second(proposal=proposal, delegate=pw.delegate("张伟"), by=None)
    assert services.submit(proposal=proposal, by=None).state == rules.SUBMITTED
    assert set(proposal.signatures.values_list("kind", flat=True)) == {"joint"}


def test_the_number_of_seconders_is_the_congress_setting(pw):
    open_collection(pw.congress, pw.secretariat, min_seconders=3)
    proposal = draft(pw)
    for name in ("李强", "张伟"):
        services.second(proposal=proposal, delegate=pw.delegate(name), by=None)
    with pytest.raises(rules.NotEnoughSupport):
        services.submit(proposal=proposal, by=None)


def test_a_paper_proposal_is_entered_and_handed_in_at_once(pw):
    proposal = services.enter_paper(
        proposer=pw.delegate("陈静"), title="关于职工书屋建设的建议", case="书屋藏书陈旧。",
        measures="每年更新图书。", category="职工生活", joint=False,
        signers=[pw.delegate("杨帆"), pw.delegate("赵磊")], by=pw.secretariat,
    )
    assert proposal.on_paper
    assert proposal.state == rules.SUBMITTED
    assert proposal.number == 1
    assert proposal.signatures.filter(confirmed_at__isnull=False).count() == 2


def test_a_paper_proposal_without_enough_signers_stores_nothing(pw):
    with pytest.raises(rules.NotEnoughSupport):
        services.enter_paper(
            proposer=pw.delegate("陈静"), title="关于职工书屋建设的建议", case="书屋藏书陈旧。",
            measures="每年更新图书。", category="职工生活", joint=False,
            signers=[pw.delegate("杨帆")], by=pw.secretariat,
        )
    assert not Proposal.objects.exists()


def test_a_category_outside_the_list_is_refused(pw):
    with pytest.raises(services.Refused):
        services.write_proposal(proposer=pw.delegate("王敏"), title="题目", case="案由",
                                measures="建议", category="别的", joint=False, by=None)
    assert not Proposal.objects.exists()


def test_the_committee_declines_with_a_reason_and_the_reason_is_required(pw):
    proposal = submitted(pw)
    with pytest.raises(services.Refused):
        services.decline(proposal=proposal, reason="  ", by=pw.committee)
    proposal = services.decline(proposal=proposal, by=pw.committee,
                                reason="属于企业内部管理事项，建议向所在单位反映。")
    assert proposal.state == rules.NOT_REGISTERED
    assert proposal.reason.startswith("属于")


def test_a_proposal_merged_points_to_the_registered_one(pw):
    main = registered(pw)
    other = submitted(pw, proposer="陈静", seconders=("杨帆", "赵磊"), title="高温津贴")
    with pytest.raises(rules.BadMergeTarget):
        services.merge(proposal=other, into=other, by=pw.committee)
    other = services.merge(proposal=other, into=main, by=pw.committee, reason="内容相近")
    assert other.state == rules.MERGED
    assert other.merged_into == main
    assert list(main.merged.all()) == [other]


def test_merging_into_a_proposal_not_registered_is_refused(pw):
    first = submitted(pw)
    other = submitted(pw, proposer="陈静", seconders=("杨帆", "赵磊"), title="高温津贴")
    with pytest.raises(rules.BadMergeTarget):
        services.merge(proposal=other, into=first, by=pw.committee)
    other.refresh_from_db()
    assert other.state == rules.SUBMITTED


def test_a_proposal_is_turned_into_an_opinion(pw):
    proposal = services.to_opinion(proposal=submitted(pw), reason="作为意见建议转有关部门参考",
                                   by=pw.committee)
    assert proposal.state == rules.OPINION


def test_a_decision_is_taken_once(pw):
    proposal = submitted(pw)
    stale = Proposal.objects.get(pk=proposal.pk)
    services.register(proposal=proposal, by=pw.committee)
    with pytest.raises(services.Refused):
        services.decline(proposal=stale, reason="晚了", by=pw.committee)
    proposal.refresh_from_db()
    assert proposal.state == rules.REGISTERED


def test_assignment_needs_the_lead_among_the_departments(pw):
    proposal = registered(pw)
    with pytest.raises(services.Refused):
        services.assign(proposal=proposal, departments=[pw.economy], lead=pw.safety,
                        deadline=timezone.localdate(), by=pw.committee)
    proposal.refresh_from_db()
    assert proposal.state == rules.REGISTERED
    assert not proposal.assignments.exists()


def test_the_full_handling_round_with_one_reopening(pw):
    proposal = assigned(pw)
    assert proposal.state == rules.HANDLING
    assert [(a.department, a.lead) for a in proposal.assignments.all()] == [
        (pw.safety, True), (pw.economy, False)]
    services.reply(proposal=proposal, department=pw.economy, text="协办意见：配合检查。",
                   by=pw.economy_user)
    proposal.refresh_from_db()
    assert proposal.state == rules.HANDLING  # the lead has not answered yet
    services.reply(proposal=proposal, department=pw.safety, text="已部署高温专项检查。",
                   by=pw.safety_user)
    proposal.refresh_from_db()
    assert proposal.state == rules.REPLIED

    proposal = services.record_verdict(proposal=proposal, verdict=rules.NOT_SATISFIED,
                                       note="检查未覆盖中小企业", by=pw.delegate("王敏").user)
    assert proposal.state == rules.REOPENED
    assert proposal.round == 2
    assert proposal.deadline == timezone.localdate() + dt.timedelta(days=30)
    services.reply(proposal=proposal, department=pw.safety, text="已扩大到中小企业。",
                   by=pw.safety_user)
    proposal.refresh_from_db()
    assert proposal.state == rules.REPLIED
    # The second 不满意 is final: no third round.
    proposal = services.record_verdict(proposal=proposal, verdict=rules.NOT_SATISFIED, by=None)
    assert proposal.state == rules.CLOSED
    assert list(ProposerVerdict.objects.filter(proposal=proposal)
                .values_list("round", "verdict")) == [(1, "not_satisfied"), (2, "not_satisfied")]


def test_satisfied_closes_it(pw):
    proposal = assigned(pw)
    services.reply(proposal=proposal, department=pw.safety, text="已办理。", by=pw.safety_user)
    proposal = services.record_verdict(proposal=Proposal.objects.get(pk=proposal.pk),
                                       verdict=rules.SATISFIED, by=None)
    assert proposal.state == rules.CLOSED


def test_replying_to_a_proposal_not_assigned_to_the_department_is_refused(pw):
    proposal = registered(pw)
    services.assign(proposal=proposal, departments=[pw.safety], lead=pw.safety,
                    deadline=timezone.localdate(), by=pw.committee)
    with pytest.raises(services.Refused, match="经济工作部"):
        services.reply(proposal=proposal, department=pw.economy, text="越权答复",
                       by=pw.economy_user)
    assert not Reply.objects.exists()


def test_a_department_replies_once_per_round(pw):
    proposal = assigned(pw)
    services.reply(proposal=proposal, department=pw.economy, text="一", by=None)
    with pytest.raises(services.Refused):
        services.reply(proposal=proposal, department=pw.economy, text="二", by=None)
    assert Reply.objects.count() == 1


def test_a_verdict_before_the_reply_is_refused(pw):
    proposal = assigned(pw)
    with pytest.raises(rules.StepNotAllowed):
        services.record_verdict(proposal=proposal, verdict=rules.SATISFIED, by=None)
    assert not ProposerVerdict.objects.exists()


def test_overdue_lists_only_those_awaiting_a_reply_past_the_deadline(pw):
    late = assigned(pw)
    Proposal.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - dt.timedelta(1))
    on_time = assigned(pw, proposer="陈静", seconders=("杨帆", "赵磊"), title="按时")
    assert [p.pk for p in selectors.overdue(pw.congress)] == [late.pk]
    assert on_time.pk not in [p.pk for p in selectors.overdue(pw.congress)]


def test_counts_by_category_and_outcome(pw):
    registered(pw)
    services.decline(proposal=submitted(pw, proposer="陈静", seconders=("杨帆", "赵磊"),
                                        title="二"), reason="不属于工会职责", by=pw.committee)
    draft(pw, proposer="周涛", title="草稿")
    counts = selectors.review_counts(pw.congress)
    assert (counts.total, counts.registered, counts.not_registered) == (2, 1, 1)
    safety = next(line for line in counts.by_category if line[0] == "劳动保护/安全生产")
    assert safety[1:3] == (2, 1)


def test_the_hall_shows_counts_only_when_switched_on_or_at_the_report_item(pw):
    from dahui.congress.models import AgendaItem

    registered(pw)
    assert selectors.screen_counts(pw.congress) is None
    services.show_on_screen(congress=pw.congress, on=True, by=pw.secretariat)
    assert selectors.screen_counts(pw.congress)["registered"] == 1
    services.show_on_screen(congress=pw.congress, on=False, by=pw.secretariat)
    item = AgendaItem.objects.create(congress=pw.congress, order=1, kind="report",
                                     title="提案审查委员会工作报告")
    open_collection(pw.congress, pw.secretariat, report_item=item)
    assert selectors.screen_counts(pw.congress) is None
    pw.congress.current_item = item
    pw.congress.save()
    assert selectors.screen_counts(pw.congress)["total"] == 1
