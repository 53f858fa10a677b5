"""An appraisal ballot from set-up to publication, step by step, through the poll's own
services; every refusal named in the issue stores nothing."""

from __future__ import annotations

import uuid

import pytest

from dahui import rules
from dahui.appraisal import services
from dahui.appraisal.models import Appraisal, AppraisalTotal, Scale
from dahui.audit.models import AuditEntry
from dahui.elections import services as polls
from dahui.elections.errors import ChiefNotConfirmed, NotAllowed, Refused, WrongState
from dahui.elections.models import Method, Poll, PollState
from dahui.voting.models import CastBallot, Participation
from dahui.voting.services import cast_ballot
from tests.appraisal.conftest import make_appraisal, subject_ids


def grade(poll, delegate, **by_name):
    ids = subject_ids(poll)
    return cast_ballot(
        poll=poll, voter=delegate, choices={"grades": {ids[n]: g for n, g in by_name.items()}},
        idempotency_key=str(uuid.uuid4()),
    )


def actions(world) -> list[str]:
    entries = AuditEntry.objects.filter(congress_id=world.congress.pk)
    return list(entries.values_list("action", flat=True))


def test_an_appraisal_has_the_default_scale_quorum_and_flag(world, appraisal):
    assert appraisal.scale == ["优秀", "称职", "基本称职", "不称职"]
    assert appraisal.quorum == "2/3"
    assert appraisal.flag_above == "1/3"
    assert "appraisal.created" in actions(world)
    assert actions(world).count("appraisal.subject_added") == 4


def test_the_satisfaction_and_a_custom_scale_are_taken(world):
    satisfaction = services.create_appraisal(
        congress=world.congress, title="部门满意度测评", by=world.secretariat,
        subject_kind="department", scale=Scale.SATISFACTION,
    )
    assert satisfaction.scale == ["满意", "基本满意", "不满意"]
    custom = services.create_appraisal(
        congress=world.congress, title="自定", by=world.secretariat, scale=Scale.CUSTOM,
        custom_scale=["好", "较好", "差"],
    )
    assert custom.scale == ["好", "较好", "差"]


@pytest.mark.parametrize("settings", [
    {"scale": Scale.CUSTOM, "custom_scale": ["好"]},
    {"scale": Scale.CUSTOM, "custom_scale": ["好", "好"]},
    {"quorum": "3/2"},
    {"flag_above": "abc"},
    {"flag_grade": "很差"},
])
def test_a_bad_setting_is_refused_by_the_rules_and_nothing_is_stored(world, settings):
    with pytest.raises(Refused):
        services.create_appraisal(congress=world.congress, title="评议", by=world.secretariat,
                                  **settings)
    assert not Appraisal.objects.filter(congress=world.congress).exists()


def test_the_list_is_fixed_once_ballots_are_issued(world, appraisal_poll):
    polls.open_poll(poll=appraisal_poll, by=world.secretariat)
    with pytest.raises(WrongState):
        services.add_subject(appraisal=appraisal_poll.appraisal, name="陈静",
                             by=world.secretariat)


def test_the_ballot_lists_subjects_in_surname_stroke_order(world, appraisal_poll):
    from dahui.elections import counting

    names = [s.name for s in counting.ballot_subjects(appraisal_poll)]
    assert names == [s.name for s in rules.ballot_order(appraisal_poll.appraisal.subjects.all())]
    assert names == ["王敏", "刘洋", "李强", "张伟"]


def run_to_published(world, poll):
    polls.close_poll(poll=poll, by=world.secretariat)
    polls.count_poll(poll=poll, by=world.secretariat)
    with pytest.raises(ChiefNotConfirmed):
        polls.publish_poll(poll=poll, by=world.secretariat)
    polls.confirm_poll(poll=poll, by=world.counters[0])
    polls.confirm_poll(poll=poll, by=world.chief)
    poll.refresh_from_db()
    assert poll.state == PollState.CONFIRMED
    polls.publish_poll(poll=poll, by=world.secretariat)
    poll.refresh_from_db()
    return poll


def test_a_phone_appraisal_is_counted_by_the_rules_confirmed_and_published(
    world, appraisal_poll
):
    polls.open_poll(poll=appraisal_poll, by=world.secretariat)
    assert appraisal_poll.issued == 8
    d = world.delegates
    grade(appraisal_poll, d[0], 王敏="优秀", 李强="称职", 张伟="不称职", 刘洋="优秀")
    grade(appraisal_poll, d[1], 王敏="优秀", 李强="基本称职", 张伟="不称职")
    grade(appraisal_poll, d[2], 王敏="称职", 李强="称职", 张伟="不称职", 刘洋="优秀")
    grade(appraisal_poll, d[3], 王敏="优秀", 李强="不称职", 张伟="称职", 刘洋="称职")
    grade(appraisal_poll, d[4], 王敏="优秀", 张伟="优秀", 刘洋="优秀")
    grade(appraisal_poll, d[5])  # nobody graded (不评)
    poll = run_to_published(world, appraisal_poll)
    result = poll.result
    assert result["kind"] == "appraisal"
    assert result["status"] == "counted"
    assert (result["issued"], result["returned"], result["valid"]) == (8, 6, 6)
    by_name = {s["name"]: s for s in result["subjects"]}
    assert [s["name"] for s in result["subjects"]] == ["王敏", "刘洋", "李强", "张伟"]
    wang = {line["grade"]: line for line in by_name["王敏"]["grades"]}
    assert wang["优秀"]["count"] == 4
    assert wang["优秀"]["share"] == "2/3"
    assert wang["优秀"]["percent"] == rules.percent_text(rules.appraisal.Fraction(2, 3))
    assert wang["not_graded"]["count"] == 1
    # 张伟: 3 of 6 valid ballots 不称职, above 1/3: flagged; 李强 1 of 6 is not.
    assert by_name["张伟"]["flagged"] is True
    assert by_name["李强"]["flagged"] is False
    assert poll.state == PollState.PUBLISHED
    assert {"poll.created", "poll.opened", "poll.closed", "poll.counted", "count.confirmed",
            "result.published"} <= set(actions(world))


def test_a_grade_outside_the_scale_is_refused_in_chinese_and_nothing_is_stored(
    world, appraisal_poll
):
    from django.utils import translation

    from dahui.elections.refusals import refusal_message

    polls.open_poll(poll=appraisal_poll, by=world.secretariat)
    with pytest.raises(rules.UnknownGrade) as refused:
        grade(appraisal_poll, world.delegates[0], 王敏="满意")
    with translation.override("zh-hans"):
        message = refusal_message(refused.value)
    assert "王敏" in message
    assert "满意" in message
    assert "不是" in message
    assert not CastBallot.objects.filter(poll=appraisal_poll).exists()
    assert not Participation.objects.filter(poll=appraisal_poll).exists()


def test_an_unknown_subject_is_refused_and_nothing_is_stored(world, appraisal_poll):
    polls.open_poll(poll=appraisal_poll, by=world.secretariat)
    with pytest.raises(rules.UnknownSubject):
        cast_ballot(poll=appraisal_poll, voter=world.delegates[0],
                    choices={"grades": {"s999999": "优秀"}}, idempotency_key=str(uuid.uuid4()))
    assert not CastBallot.objects.filter(poll=appraisal_poll).exists()


def test_only_the_congress_scrutineers_confirm_an_appraisal(world, appraisal_poll):
    polls.open_poll(poll=appraisal_poll, by=world.secretariat)
    grade(appraisal_poll, world.delegates[0], 王敏="优秀")
    polls.close_poll(poll=appraisal_poll, by=world.secretariat)
    polls.count_poll(poll=appraisal_poll, by=world.secretariat)
    for outsider in (world.secretariat, world.presidium, world.delegates[1].user):
        with pytest.raises(NotAllowed):
            polls.confirm_poll(poll=appraisal_poll, by=outsider)


def test_below_quorum_nothing_is_counted(world, appraisal):
    from dahui.congress.models import Attendance

    # 4 of 10 entitled delegates checked in: fewer than 2/3 were issued ballots.
    Attendance.objects.filter(session=world.session,
                              delegate__in=world.delegates[4:]).delete()
    poll = totals_poll(world, appraisal)
    assert poll.issued == 4
    ids = subject_ids(poll)
    services.enter_appraisal_totals(poll=poll, returned=4, totals={ids["王敏"]: {"优秀": 4}},
                                    by=world.secretariat)
    polls.count_poll(poll=poll, by=world.secretariat)
    assert poll.result["status"] == "no_quorum"
    assert poll.result["subjects"] == []
    again = polls.hold_again(poll=poll, by=world.secretariat)
    assert again.appraisal_id == appraisal.pk
    assert again.round == 2
    assert again.title.endswith("（第2次投票）")


def totals_poll(world, appraisal) -> Poll:
    poll = services.create_appraisal_poll(appraisal=appraisal, session=world.session,
                                          method=Method.TOTALS, by=world.secretariat)
    polls.open_poll(poll=poll, by=world.secretariat)
    polls.close_poll(poll=poll, by=world.secretariat)
    return poll


def test_keypad_totals_per_subject_and_grade_are_counted_by_the_rules(world, appraisal):
    poll = totals_poll(world, appraisal)
    ids = subject_ids(poll)
    totals = {
        ids["王敏"]: {"优秀": 5, "称职": 2, "基本称职": 0, "不称职": 0},
        ids["李强"]: {"优秀": 1, "称职": 1, "基本称职": 1, "不称职": 4},
        ids["张伟"]: {"优秀": 3, "称职": 3},
        ids["刘洋"]: {},
    }
    services.enter_appraisal_totals(poll=poll, returned=8, totals=totals, by=world.secretariat)
    polls.count_poll(poll=poll, by=world.secretariat)
    by_name = {s["name"]: s for s in poll.result["subjects"]}
    li = {line["grade"]: line["count"] for line in by_name["李强"]["grades"]}
    assert li == {"优秀": 1, "称职": 1, "基本称职": 1, "不称职": 4, "not_graded": 1}
    assert by_name["李强"]["flagged"] is True  # 4 of 8 > 1/3
    assert {line["grade"]: line["count"] for line in by_name["刘洋"]["grades"]}["not_graded"] == 8
    assert "appraisal.totals_entered" in actions(world)


@pytest.mark.parametrize(("totals", "returned"), [
    ({"王敏": {"优秀": 9}}, 8),  # more grades than ballots returned
    ({"王敏": {"满意": 1}}, 8),  # a grade off the scale
    ({"王敏": {"优秀": 1}}, 99),  # more returned than issued
])
def test_bad_totals_are_refused_and_nothing_is_stored(world, appraisal, totals, returned):
    poll = totals_poll(world, appraisal)
    ids = subject_ids(poll)
    with pytest.raises((Refused, rules.RulesError)):
        services.enter_appraisal_totals(
            poll=poll, returned=returned,
            totals={ids[name]: by_grade for name, by_grade in totals.items()},
            by=world.secretariat,
        )
    assert not AppraisalTotal.objects.filter(poll=poll).exists()
    poll.refresh_from_db()
    assert poll.returned is None


def test_an_appraisal_without_subjects_has_no_vote(world):
    appraisal = services.create_appraisal(congress=world.congress, title="空", by=world.secretariat)
    with pytest.raises(Refused):
        services.create_appraisal_poll(appraisal=appraisal, session=world.session,
                                       method=Method.ELECTRONIC, by=world.secretariat)


def test_a_second_vote_on_one_appraisal_is_refused(world, appraisal, appraisal_poll):
    with pytest.raises(Refused):
        services.create_appraisal_poll(appraisal=appraisal, session=world.session,
                                       method=Method.PAPER, by=world.secretariat)


def test_the_satisfaction_scale_flags_its_worst_grade(world):
    appraisal = make_appraisal(world, scale=Scale.SATISFACTION)
    poll = totals_poll(world, appraisal)
    ids = subject_ids(poll)
    services.enter_appraisal_totals(
        poll=poll, returned=6, totals={ids["王敏"]: {"不满意": 2}, ids["李强"]: {"不满意": 3}},
        by=world.secretariat,
    )
    polls.count_poll(poll=poll, by=world.secretariat)
    flags = {s["name"]: s["flagged"] for s in poll.result["subjects"]}
    assert flags["王敏"] is False
    assert flags["李强"] is True


def test_a_counted_appraisal_waits_for_the_congress_scrutineers_confirmation(
    world, appraisal_poll
):
    from dahui.elections.selectors import awaiting_confirmation

    polls.open_poll(poll=appraisal_poll, by=world.secretariat)
    grade(appraisal_poll, world.delegates[0], 王敏="优秀")
    polls.close_poll(poll=appraisal_poll, by=world.secretariat)
    polls.count_poll(poll=appraisal_poll, by=world.secretariat)
    assert list(awaiting_confirmation(world.chief, world.congress)) == [appraisal_poll]
    assert list(awaiting_confirmation(world.counters[0], world.congress)) == [appraisal_poll]
    assert not awaiting_confirmation(world.secretariat, world.congress).exists()
    polls.confirm_poll(poll=appraisal_poll, by=world.chief)
    assert not awaiting_confirmation(world.chief, world.congress).exists()


def test_the_database_holds_a_poll_to_exactly_one_subject(world, appraisal):
    from django.db import IntegrityError, transaction

    from dahui.elections import services as setup

    motion = setup.create_motion(congress=world.congress, title="决议", kind="report",
                                 by=world.secretariat)
    with pytest.raises(IntegrityError), transaction.atomic():
        Poll.objects.create(congress=world.congress, motion=motion, appraisal=appraisal,
                            session=world.session, method=Method.ELECTRONIC)


@pytest.mark.parametrize("field", ["title", "quorum", "flag_above"])
def test_control_characters_and_overlong_settings_are_refused(world, field):
    for value in ("x\x01y", "9" * 30 if field != "title" else "王" * 201):
        with pytest.raises(Refused):
            services.create_appraisal(congress=world.congress, by=world.secretariat,
                                      **{"title": "评议", field: value})
    assert not Appraisal.objects.filter(congress=world.congress).exists()


def test_a_subject_or_panel_entry_with_a_control_character_is_refused(world, appraisal):
    with pytest.raises(Refused):
        services.add_subject(appraisal=appraisal, name="陈\x07静", by=world.secretariat)
    with pytest.raises(Refused):
        services.create_panel(congress=world.congress, title="x\x01y", by=world.secretariat)
