"""The hall follows the current agenda item: its session's check-in and its own poll."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dahui.audit.head import current_head
from dahui.congress.models import AgendaItem, Attendance, PlenarySession
from dahui.congress.services import set_current_item
from dahui.elections import services
from dahui.elections.models import Method, Poll
from dahui.elections.records import publication_head
from dahui.live.hall import Stage, hall_stage, item_poll
from dahui.live.snapshot import build_snapshot
from tests.elections.people import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _item(world, title: str, *, session=None, kind: str = "motion") -> AgendaItem:
    order = AgendaItem.objects.filter(congress=world.congress).count() + 1
    return AgendaItem.objects.create(congress=world.congress, session=session, order=order,
                                     kind=kind, title=title)


def _afternoon(world) -> PlenarySession:
    # Starts in three hours: a clock would still say "morning".
    return PlenarySession.objects.create(
        congress=world.congress, number=2, title="第二次全体会议",
        starts_at=timezone.now() + dt.timedelta(hours=3))


def _motion_poll(world, item: AgendaItem, title: str, *, session=None) -> Poll:
    motion = services.create_motion(congress=world.congress, title=title, kind="resolution",
                                    agenda_item=item, by=world.secretariat)
    return services.create_motion_poll(motion=motion, session=session or world.session,
                                       method=Method.TOTALS, by=world.secretariat)


def _publish(world, poll: Poll, *, votes_for: int = 7) -> Poll:
    services.open_poll(poll=poll, by=world.secretariat)
    services.close_poll(poll=poll, by=world.secretariat)
    services.enter_totals(poll=poll, votes_for=votes_for, against=1, abstain=0,
                          by=world.secretariat)
    services.count_poll(poll=poll, by=world.secretariat)
    return services.publish_poll(poll=poll, by=world.secretariat)


def _point_at(world, item: AgendaItem | None) -> None:
    set_current_item(congress=world.congress, item=item, by=world.secretariat)
    world.congress.refresh_from_db()


def test_without_a_current_item_the_clock_chooses_the_session_and_no_poll_is_shown(world):
    _publish(world, _motion_poll(world, _item(world, "大会决议", session=world.session), "决议"))
    stage = hall_stage(world.congress)
    assert stage.item is None
    assert stage.session == world.session
    assert stage.poll is None


def test_the_session_is_the_current_items_not_the_clocks(world):
    afternoon = _afternoon(world)
    for delegate in world.delegates[:3]:
        Attendance.objects.create(session=afternoon, delegate=delegate,
                                  checked_in_at=timezone.now(), method="desk")
    election_item = _item(world, "选举委员会委员", session=afternoon, kind="election")
    _point_at(world, election_item)

    stage = hall_stage(world.congress)
    assert stage.session == afternoon
    snapshot = build_snapshot(world.congress, with_attendance=True)
    assert snapshot["attendance"]["session_id"] == afternoon.pk
    assert snapshot["attendance"]["present"] == 3  # not the morning's 8
    screen = Client().get(reverse("screen-snapshot", args=[world.congress.pk,
                                                           world.congress.screen_token])).json()
    assert screen["session"]["title"] == "第二次全体会议"
    assert screen["figures"]["present"] == 3

    _point_at(world, _item(world, "开幕", session=world.session))
    assert hall_stage(world.congress).session == world.session


def test_an_item_filed_under_no_session_counts_its_polls_session(world):
    afternoon = _afternoon(world)
    item = _item(world, "表决决议")
    poll = _motion_poll(world, item, "关于提案工作的决议", session=afternoon)
    services.open_poll(poll=poll, by=world.secretariat)
    _point_at(world, item)
    assert hall_stage(world.congress).session == afternoon


def test_the_items_own_poll_goes_from_open_to_counting_to_published(world):
    item = _item(world, "审议工作报告", session=world.session)
    poll = _motion_poll(world, item, "关于工作报告的决议")
    _point_at(world, item)
    assert hall_stage(world.congress).poll is None  # a draft is not shown

    services.open_poll(poll=poll, by=world.secretariat)
    assert (hall_stage(world.congress).poll, hall_stage(world.congress).poll_stage) == (
        poll, Stage.OPEN)
    services.close_poll(poll=poll, by=world.secretariat)
    assert hall_stage(world.congress).poll_stage == Stage.COUNTING
    services.enter_totals(poll=poll, votes_for=7, against=1, abstain=0, by=world.secretariat)
    services.count_poll(poll=poll, by=world.secretariat)
    assert hall_stage(world.congress).poll_stage == Stage.COUNTING
    services.publish_poll(poll=poll, by=world.secretariat)
    assert hall_stage(world.congress).poll_stage == Stage.PUBLISHED


def test_another_items_later_result_never_shows_under_the_current_item(world):
    current = _item(world, "审议经费审查报告", session=world.session)
    other = _item(world, "审议工作报告", session=world.session)
    mine = _motion_poll(world, current, "关于经费审查报告的决议")
    theirs = _motion_poll(world, other, "关于工作报告的决议")
    _point_at(world, current)
    services.open_poll(poll=mine, by=world.secretariat)
    services.close_poll(poll=mine, by=world.secretariat)
    _publish(world, theirs)  # published after the current item's poll closed

    stage = hall_stage(world.congress)
    assert stage.poll == mine
    assert stage.poll_stage == Stage.COUNTING
    partial = Client().get(reverse("elections:screen-results-partial",
                                   args=[world.congress.pk, world.congress.screen_token]))
    assert "关于工作报告的决议" not in partial.content.decode()


def test_of_two_polls_under_one_item_the_one_acted_on_last_is_shown(world):
    item = _item(world, "表决两项决议", session=world.session)
    first = _publish(world, _motion_poll(world, item, "第一项决议"))
    second = _motion_poll(world, item, "第二项决议")
    _point_at(world, item)
    assert item_poll(item) == first
    services.open_poll(poll=second, by=world.secretariat)
    assert item_poll(item) == second
    services.close_poll(poll=second, by=world.secretariat)
    # Closed within the same minute as the first was published: the count awaited wins.
    assert item_poll(item) == second
    services.enter_totals(poll=second, votes_for=3, against=5, abstain=0, by=world.secretariat)
    services.count_poll(poll=second, by=world.secretariat)
    services.publish_poll(poll=second, by=world.secretariat)
    assert item_poll(item) == second
    assert second.result["status"] == "rejected"


def test_an_older_poll_left_uncounted_does_not_hide_a_later_result(world):
    item = _item(world, "表决决议", session=world.session)
    stuck = _motion_poll(world, item, "第一次表决")
    services.open_poll(poll=stuck, by=world.secretariat)
    services.close_poll(poll=stuck, by=world.secretariat)
    Poll.objects.filter(pk=stuck.pk).update(
        opened_at=timezone.now() - dt.timedelta(hours=1),
        closed_at=timezone.now() - dt.timedelta(minutes=50))
    later = _publish(world, _motion_poll(world, item, "重新表决"))
    assert item_poll(item) == later


def test_the_screen_snapshot_says_the_polls_stage_and_progress(world):
    item = _item(world, "审议工作报告", session=world.session)
    motion = services.create_motion(congress=world.congress, title="关于工作报告的决议",
                                    kind="report", agenda_item=item, by=world.secretariat)
    poll = services.create_motion_poll(motion=motion, session=world.session,
                                       method=Method.ELECTRONIC, by=world.secretariat)
    services.open_poll(poll=poll, by=world.secretariat)
    _point_at(world, item)
    url = reverse("screen-snapshot", args=[world.congress.pk, world.congress.screen_token])
    shown = Client().get(url).json()["poll"]
    assert shown == {"id": poll.pk, "title": "关于工作报告的决议", "state": "open",
                     "stage": "open", "method": "electronic", "issued": 8, "returned": 0,
                     "session_id": world.session.pk, "rehearsal": False}


def test_the_hall_screen_speaks_the_congresss_language_not_the_browsers(world):
    item = _item(world, "审议工作报告", session=world.session)
    _publish(world, _motion_poll(world, item, "关于工作报告的决议"))
    _point_at(world, item)
    english_browser = Client(headers={"accept-language": "en-US,en;q=0.9"})
    args = [world.congress.pk, world.congress.screen_token]
    page = english_browser.get(reverse("screen", args=args)).content.decode()
    assert 'lang="zh-CN"' in page
    assert "应到" in page
    assert "Quorum" not in page
    partial = english_browser.get(reverse("elections:screen-results-partial", args=args))
    assert ">通过<" in partial.content.decode()
    assert ">passed<" not in partial.content.decode()
    results = english_browser.get(reverse("elections:screen-results", args=args))
    assert "赞成" in results.content.decode()

    world.congress.language = "en"
    world.congress.save(update_fields=["language"])
    chinese_browser = Client(headers={"accept-language": "zh-CN"})
    partial = chinese_browser.get(reverse("elections:screen-results-partial", args=args))
    assert ">passed<" in partial.content.decode()


def test_the_results_view_shows_only_a_published_poll_of_its_own_congress(world):
    other_world = build_world()
    foreign = _publish(other_world, _motion_poll(other_world, _item(other_world, "外会"),
                                                 "外会的决议"))
    item = _item(world, "审议工作报告", session=world.session)
    unpublished = _motion_poll(world, item, "尚未公布的决议")
    services.open_poll(poll=unpublished, by=world.secretariat)
    args = [world.congress.pk, world.congress.screen_token]
    for poll_param in (foreign.pk, unpublished.pk, "x1"):
        html = Client().get(reverse("elections:screen-results-partial", args=args),
                            {"poll": poll_param}).content.decode()
        assert "决议" not in html
        assert "结果尚未公布" in html


def test_a_published_result_shows_the_audit_log_head(world):
    item = _item(world, "审议工作报告", session=world.session)
    poll = _publish(world, _motion_poll(world, item, "关于工作报告的决议"))
    # The head right after the publication was logged: the one the count report and the
    # election record publish too.
    head = publication_head(poll)
    assert head is not None
    assert head == current_head(world.congress)
    html = Client().get(reverse("elections:screen-results-partial",
                                args=[world.congress.pk, world.congress.screen_token]),
                        {"poll": poll.pk}).content.decode()
    assert f"审计日志 #{head.seq} · {head.short}" in html


def test_the_poll_page_names_its_sessions_check_in_and_links_the_screen_result(world):
    item = _item(world, "审议工作报告", session=world.session)
    poll = _motion_poll(world, item, "关于工作报告的决议")
    client = Client()
    client.force_login(world.secretariat)
    html = client.get(reverse("elections:poll", args=[poll.pk])).content.decode()
    assert "签到依据：第一次全体会议" in html
    link = reverse("elections:screen-results",
                   args=[world.congress.pk, world.congress.screen_token])
    assert f'href="{link}?poll={poll.pk}"' in html


def test_a_congress_is_set_up_in_chinese_unless_it_says_otherwise(world):
    from dahui.congress.services import ServiceError, create_congress

    made = {"organisation_name": "市总工会", "starts_on": dt.date(2026, 3, 1),
            "ends_on": dt.date(2026, 3, 2), "by": world.secretariat}
    assert create_congress(title="第五次代表大会", term_number=5, **made).language == "zh-hans"
    english = create_congress(title="Sixth congress", term_number=6, language="en", **made)
    assert english.language == "en"
    with pytest.raises(ServiceError, match="大屏语言"):
        create_congress(title="第七次代表大会", term_number=7, language="fr", **made)


def test_the_desk_pages_count_the_same_session_as_the_screen(world):
    from dahui.congress.selectors import current_session

    afternoon = _afternoon(world)
    assert current_session(world.congress) == world.session  # no current item: the clock
    _point_at(world, _item(world, "选举主席", session=afternoon, kind="election"))
    assert current_session(world.congress) == afternoon
    assert build_snapshot(world.congress, with_attendance=True)["attendance"]["session_id"] == (
        afternoon.pk)
    _point_at(world, _item(world, "闭幕"))  # filed under no session: the clock again
    assert current_session(world.congress) == world.session


def _unfiled_poll(world, title: str, *, session=None) -> Poll:
    motion = services.create_motion(congress=world.congress, title=title, kind="resolution",
                                    by=world.secretariat)
    return services.create_motion_poll(motion=motion, session=session or world.session,
                                       method=Method.TOTALS, by=world.secretariat)


def test_a_poll_filed_under_no_item_belongs_to_the_item_current_when_it_opened(world):
    earlier = _unfiled_poll(world, "早先的决议")
    _publish(world, earlier)
    Poll.objects.filter(pk=earlier.pk).update(
        opened_at=timezone.now() - dt.timedelta(minutes=30),
        closed_at=timezone.now() - dt.timedelta(minutes=29))
    item = _item(world, "表决大会决议", session=world.session)
    _point_at(world, item)
    assert hall_stage(world.congress).poll is None  # opened before this item: not its own

    now_voted = _unfiled_poll(world, "大会决议")
    assert hall_stage(world.congress).poll is None  # a draft
    _publish(world, now_voted)
    assert hall_stage(world.congress).poll == now_voted

    # Another session's unfiled poll, or an item with a poll of its own, take none of them.
    afternoon_item = _item(world, "下午的表决", session=_afternoon(world))
    _point_at(world, afternoon_item)
    services.open_poll(poll=_unfiled_poll(world, "上午会议的表决"), by=world.secretariat)
    assert hall_stage(world.congress).poll is None
    filed = _item(world, "审议工作报告", session=world.session)
    own = _motion_poll(world, filed, "关于工作报告的决议")
    _point_at(world, filed)
    services.open_poll(poll=_unfiled_poll(world, "临时动议"), by=world.secretariat)
    assert hall_stage(world.congress).poll is None  # its own poll is still a draft
    services.open_poll(poll=own, by=world.secretariat)
    assert hall_stage(world.congress).poll == own
