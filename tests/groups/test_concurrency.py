"""Writers at once on PostgreSQL: the recorder and the convener saving the same version of a
summary, and two desks scheduling the same room, never both get through."""

from __future__ import annotations

import pytest

from dahui.groups import services
from dahui.groups.models import DiscussionSummary, GroupSitting
from dahui.groups.services import GroupError
from tests.concurrency import all_at_once, fresh_pool_afterwards  # noqa: F401 (autouse)
from tests.groups.conftest import build_groups_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_writers_on_one_version_one_wins_the_other_is_told(postgres):
    world = build_groups_world()
    writers = [world.people["the_recorder"], world.people["the_convener"]]
    services.save_summary(group=world.coal, item=world.report, text="初稿", present=3,
                          by=writers[0])
    results = all_at_once(2, lambda i: services.save_summary(
        group=world.coal, item=world.report, text=f"第{i}稿", present=4, version=1,
        by=writers[i]))
    refused = [r for r in results if isinstance(r, GroupError)]
    assert len(refused) == 1, results
    assert "刚被别人保存过" in str(refused[0])
    summary = DiscussionSummary.objects.get()
    assert summary.version == 2
    assert summary.text in ("第0稿", "第1稿")


def test_two_groups_asking_for_one_room_at_once_get_it_once(postgres):
    world = build_groups_world()
    from dahui.congress import services as congress_services

    item = congress_services.add_agenda_item(congress=world.congress, kind="report",
                                             title="经费审查报告", by=None)
    groups = [world.coal, world.education]
    results = all_at_once(2, lambda i: services.schedule_sitting(
        group=groups[i], item=item, room="第九会议室", starts_at=world.at(19),
        ends_at=world.at(21), by=None))
    assert sum(isinstance(r, GroupError) for r in results) == 1, results
    assert GroupSitting.objects.filter(item=item).count() == 1
