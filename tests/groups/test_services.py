"""The group discussion services, step by step: grouping, regrouping, roles, sittings,
summaries and the bulletin. Every refusal leaves nothing stored and names what is wrong."""

from __future__ import annotations

import datetime as dt

import pytest

from dahui.audit.models import AuditEntry
from dahui.groups import services
from dahui.groups.models import (
    Bulletin,
    DiscussionGroup,
    DiscussionSummary,
    GroupMember,
    GroupSitting,
)
from dahui.groups.services import GroupError


def members_of(group) -> set[str]:
    return set(GroupMember.objects.filter(group=group).values_list("delegate__name", flat=True))


def actions(world) -> list[str]:
    return list(AuditEntry.objects.filter(congress_id=world.congress.pk)
                .order_by("seq").values_list("action", flat=True))


def test_the_delegations_are_the_groups_by_default(groups_world):
    assert members_of(groups_world.coal) == {"王秀英", "李强", "赵敏", "孙立"}
    assert members_of(groups_world.education) == {"陈静", "周红"}
    assert "groups.made_from_delegation" in actions(groups_world)


def test_making_the_groups_again_adds_nothing_twice(groups_world):
    made = services.groups_from_delegations(congress=groups_world.congress, by=None)
    assert made == []
    assert GroupMember.objects.filter(group__congress=groups_world.congress).count() == 6


def test_a_delegate_moves_to_another_group(groups_world):
    moved = services.move_delegates(delegates=[groups_world.delegates["孙立"]],
                                    to=groups_world.education, by=None)
    assert moved == 1
    assert "孙立" in members_of(groups_world.education)
    assert "孙立" not in members_of(groups_world.coal)
    assert "groups.member_moved" in actions(groups_world)


def test_split_and_merge(groups_world):
    new = services.split_group(group=groups_world.coal, name="煤炭二组",
                               delegates=[groups_world.delegates["孙立"]], by=None)
    assert members_of(new) == {"孙立"}
    services.merge_groups(group=new, into=groups_world.education, by=None)
    assert not DiscussionGroup.objects.filter(pk=new.pk).exists()
    assert "孙立" in members_of(groups_world.education)


def test_splitting_off_everybody_is_refused(groups_world):
    everyone = [groups_world.delegates[n] for n in ("王秀英", "李强", "赵敏", "孙立")]
    with pytest.raises(GroupError, match="至少要留一人"):
        services.split_group(group=groups_world.coal, name="新组", delegates=everyone, by=None)
    assert not DiscussionGroup.objects.filter(name="新组").exists()


def test_a_group_with_summaries_is_not_merged(groups_world):
    services.save_summary(group=groups_world.coal, item=groups_world.report, text="一致拥护。",
                          present=4, by=groups_world.people["the_recorder"])
    with pytest.raises(GroupError, match="已有讨论情况记录"):
        services.merge_groups(group=groups_world.coal, into=groups_world.education, by=None)
    assert DiscussionGroup.objects.filter(pk=groups_world.coal.pk).exists()


def test_rename_refuses_a_taken_or_empty_name(groups_world):
    with pytest.raises(GroupError, match="已有名为“教育”的小组"):
        services.rename_group(group=groups_world.coal, name="教育", by=None)
    with pytest.raises(GroupError, match="请填写小组名称"):
        services.rename_group(group=groups_world.coal, name="  ", by=None)
    services.rename_group(group=groups_world.coal, name="第一组（煤炭）", by=None)
    assert DiscussionGroup.objects.get(pk=groups_world.coal.pk).name == "第一组（煤炭）"


def test_a_role_goes_to_a_member_or_staff_only(groups_world):
    with pytest.raises(GroupError, match="召集人须从本组代表或大会工作人员中选定"):
        services.assign_role(group=groups_world.coal, role="convener",
                             user=groups_world.people["another_groups_delegate"], by=None)
    with pytest.raises(GroupError):
        services.assign_role(group=groups_world.coal, role="convener",
                             user=groups_world.people["an_outsider"], by=None)
    services.assign_role(group=groups_world.coal, role="recorder",
                         user=groups_world.people["the_secretary"], by=None)
    assert groups_world.coal.roles.get(role="recorder").user == groups_world.people[
        "the_secretary"]


def test_a_room_taken_by_another_group_is_a_clash(groups_world):
    with pytest.raises(GroupError, match=r"会场冲突：“第一会议室”.*煤炭"):
        services.schedule_sitting(group=groups_world.education, item=groups_world.report,
                                  room="第一会议室", starts_at=groups_world.at(16),
                                  ends_at=groups_world.at(18), by=None)
    sitting = GroupSitting.objects.get(group=groups_world.education)
    assert sitting.room == "第二会议室"


def test_one_group_in_two_rooms_at_once_is_a_clash(groups_world, ):
    from dahui.congress import services as congress_services

    other = congress_services.add_agenda_item(congress=groups_world.congress, kind="report",
                                              title="经费审查报告", by=None)
    with pytest.raises(GroupError, match="时间冲突"):
        services.schedule_sitting(group=groups_world.coal, item=other, room="第三会议室",
                                  starts_at=groups_world.at(15), ends_at=groups_world.at(16),
                                  by=None)
    # The same room and time for a second item of the same group is one sitting, no clash.
    services.schedule_sitting(group=groups_world.coal, item=other, room="第一会议室",
                              starts_at=groups_world.at(15), ends_at=groups_world.at(16), by=None)


def test_a_sitting_that_ends_before_it_starts_is_refused(groups_world):
    with pytest.raises(GroupError, match="结束时间必须晚于开始时间"):
        services.schedule_sitting(group=groups_world.coal, item=groups_world.report,
                                  room="第一会议室", starts_at=groups_world.at(17),
                                  ends_at=groups_world.at(14), by=None)


def test_the_recorder_saves_a_draft_then_submits(groups_world):
    recorder = groups_world.people["the_recorder"]
    draft = services.save_summary(group=groups_world.coal, item=groups_world.report,
                                  text="代表们认为报告实事求是。", present=None, by=recorder)
    assert not draft.is_final
    assert draft.version == 1
    final = services.save_summary(
        group=groups_world.coal, item=groups_world.report, text="代表们认为报告实事求是。",
        opinions="加强职工技能培训\n\n关心困难职工", present=4, version=1, submit=True,
        by=recorder)
    assert final.is_final
    assert final.version == 2
    assert final.opinion_lines() == ["加强职工技能培训", "关心困难职工"]
    assert actions(groups_world)[-2:] == ["groups.summary_saved", "groups.summary_submitted"]


def test_a_summary_by_someone_not_recorder_or_convener_is_refused(groups_world):
    for who in ("a_member", "the_secretary", "another_groups_delegate", "the_chair"):
        with pytest.raises(GroupError, match="只有“煤炭”的记录人或召集人可以填写讨论情况"):
            services.save_summary(group=groups_world.coal, item=groups_world.report,
                                  text="意见", present=3, by=groups_world.people[who])
    assert not DiscussionSummary.objects.exists()


def test_the_convener_may_edit_too(groups_world):
    services.save_summary(group=groups_world.coal, item=groups_world.report, text="初稿",
                          present=3, by=groups_world.people["the_recorder"])
    summary = services.save_summary(group=groups_world.coal, item=groups_world.report,
                                    text="修改稿", present=4,
                                    by=groups_world.people["the_convener"])
    assert summary.text == "修改稿"


def test_an_empty_summary_is_refused(groups_world):
    with pytest.raises(GroupError, match="讨论情况为空"):
        services.save_summary(group=groups_world.coal, item=groups_world.report, text=" \n ",
                              present=4, by=groups_world.people["the_recorder"])
    assert not DiscussionSummary.objects.exists()


def test_more_present_than_members_is_refused(groups_world):
    with pytest.raises(GroupError, match="出席人数 9 不在 0 到本组人数 4 之间"):
        services.save_summary(group=groups_world.coal, item=groups_world.report, text="讨论",
                              present=9, by=groups_world.people["the_recorder"])


def test_submitting_needs_the_number_present(groups_world):
    with pytest.raises(GroupError, match="请填写出席人数后再提交"):
        services.save_summary(group=groups_world.coal, item=groups_world.report, text="讨论",
                              present=None, submit=True, by=groups_world.people["the_recorder"])


def test_a_save_over_a_newer_version_is_refused(groups_world):
    recorder, convener = groups_world.people["the_recorder"], groups_world.people["the_convener"]
    services.save_summary(group=groups_world.coal, item=groups_world.report, text="一稿",
                          present=3, by=recorder)
    services.save_summary(group=groups_world.coal, item=groups_world.report, text="二稿",
                          present=3, version=1, by=convener)
    with pytest.raises(GroupError, match="刚被别人保存过"):
        services.save_summary(group=groups_world.coal, item=groups_world.report, text="旧稿",
                              present=3, version=1, by=recorder)
    assert DiscussionSummary.objects.get().text == "二稿"


def test_a_submitted_summary_is_locked_until_the_convener_reopens_it(groups_world):
    recorder, convener = groups_world.people["the_recorder"], groups_world.people["the_convener"]
    summary = services.save_summary(group=groups_world.coal, item=groups_world.report,
                                    text="定稿", present=4, submit=True, by=recorder)
    with pytest.raises(GroupError, match="已提交"):
        services.save_summary(group=groups_world.coal, item=groups_world.report, text="改",
                              present=4, by=recorder)
    with pytest.raises(GroupError, match="只有“煤炭”的召集人"):
        services.reopen_summary(summary=summary, reason="补充", by=recorder)
    with pytest.raises(GroupError, match="请填写退回修改的原因"):
        services.reopen_summary(summary=summary, reason=" ", by=convener)
    services.reopen_summary(summary=summary, reason="补充意见", by=convener)
    assert not DiscussionSummary.objects.get().is_final


def test_a_summary_for_an_item_the_group_does_not_discuss_is_refused(groups_world):
    from dahui.congress import services as congress_services

    other = congress_services.add_agenda_item(congress=groups_world.congress, kind="report",
                                              title="经费审查报告", by=None)
    with pytest.raises(GroupError, match="没有安排讨论“经费审查报告”"):
        services.save_summary(group=groups_world.coal, item=other, text="讨论", present=3,
                              by=groups_world.people["the_recorder"])


def test_a_control_character_in_the_summary_is_refused(groups_world):
    with pytest.raises(GroupError, match="U\\+0007"):
        services.save_summary(group=groups_world.coal, item=groups_world.report,
                              text="讨论\x07", present=3, by=groups_world.people["the_recorder"])


def test_bulletins_are_numbered_in_the_order_issued(groups_world):
    congress, by = groups_world.congress, groups_world.people["the_secretary"]
    second = services.issue_bulletin(congress=congress, day=dt.date(2026, 12, 19),
                                     pdf_for=lambda n: b"%PDF-" + str(n).encode(), by=by)
    first = services.issue_bulletin(congress=congress, day=dt.date(2026, 12, 18),
                                    pdf_for=lambda n: b"%PDF-" + str(n).encode(), by=by)
    assert (second.number, first.number) == (1, 2)
    again = services.issue_bulletin(congress=congress, day=dt.date(2026, 12, 19),
                                    pdf_for=lambda n: b"%PDF-again", by=by)
    assert again.number == 1
    assert bytes(again.pdf) == b"%PDF-again"
    assert Bulletin.objects.count() == 2
    assert actions(groups_world)[-3:] == ["bulletin.issued", "bulletin.issued",
                                          "bulletin.reissued"]


def test_a_bulletin_outside_the_congress_days_is_refused(groups_world):
    with pytest.raises(GroupError, match="不在会期"):
        services.issue_bulletin(congress=groups_world.congress, day=dt.date(2026, 12, 25),
                                pdf_for=lambda n: b"%PDF-", by=None)
    assert not Bulletin.objects.exists()


def test_saving_submitting_and_reopening_publish_the_event_on_commit(
    groups_world, monkeypatch, django_capture_on_commit_callbacks
):
    from dahui.live import events

    sent = []
    monkeypatch.setattr(events, "publish", sent.append)
    recorder, convener = groups_world.people["the_recorder"], groups_world.people["the_convener"]
    with django_capture_on_commit_callbacks(execute=True):
        services.save_summary(group=groups_world.coal, item=groups_world.report, text="讨论",
                              present=3, by=recorder)
    with django_capture_on_commit_callbacks(execute=True):
        summary = services.save_summary(group=groups_world.coal, item=groups_world.report,
                                        text="讨论", present=3, submit=True, by=recorder)
    with django_capture_on_commit_callbacks(execute=True):
        services.reopen_summary(summary=summary, reason="补充", by=convener)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(GroupError):
        services.save_summary(group=groups_world.coal, item=groups_world.report, text="",
                              present=3, by=recorder)
    assert [e.type for e in sent] == ["discussion.summary"] * 3
    assert {(e.group_id, e.item_id) for e in sent} == {(groups_world.coal.pk,
                                                        groups_world.report.pk)}
