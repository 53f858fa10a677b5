"""Named people around two discussion groups (煤炭 and 教育, made from the delegations).

In 煤炭: 王秀英 a plain member, 李强 its convener, 赵敏 its recorder. In 教育: 陈静 its recorder
(a member of another group from the 煤炭 people's view). Staff: the secretary, the chair
(presidium), a scrutineer, an observer; and an outsider with no role at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from dahui.congress import services as congress_services
from dahui.congress.models import AgendaItem, Congress, Delegate, Role
from dahui.congress.roster_import import plan_roster
from dahui.groups import services
from dahui.groups.models import DiscussionGroup
from tests.congress.conftest import TZ, row, staff

WORK_REPORT = "听取和审议第二届委员会工作报告"


@dataclass
class Groups:
    congress: Congress
    coal: DiscussionGroup
    education: DiscussionGroup
    report: AgendaItem
    people: dict[str, object]
    delegates: dict[str, Delegate]

    def at(self, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime(2026, 12, 18, hour, minute, tzinfo=TZ)


@pytest.fixture
def groups_world(db) -> Groups:
    return build_groups_world()


def build_groups_world() -> Groups:
    admin = staff("root")
    admin.is_superuser = True
    admin.save()
    congress = congress_services.create_congress(
        organisation_name="测试市总工会", title="测试市总工会第一次代表大会", term_number=1,
        starts_on=dt.date(2026, 12, 18), ends_on=dt.date(2026, 12, 19), venue="礼堂", by=admin,
    )
    congress_services.add_delegations(congress=congress, names=["煤炭", "教育"], by=admin)
    session = congress_services.add_session(
        congress=congress, number=1, title="第一次全体会议",
        starts_at=dt.datetime(2026, 12, 18, 8, 30, tzinfo=TZ), by=admin)
    people_rows = (("王秀英", "煤炭"), ("李强", "煤炭"), ("赵敏", "煤炭"), ("孙立", "煤炭"),
                   ("陈静", "教育"), ("周红", "教育"))
    rows = [row(name, f"032{line}", line=line, delegation=delegation)
            for line, (name, delegation) in enumerate(people_rows, start=2)]
    congress_services.apply_roster(congress=congress, plan=plan_roster(rows, congress=congress),
                                   by=admin)
    congress_services.confirm_pending_credentials(congress=congress, by=admin)
    delegates = {d.name: d for d in Delegate.objects.filter(congress=congress)}
    people = {"the_admin": admin}
    for username, role in (("secretary", Role.SECRETARIAT), ("chair", Role.PRESIDIUM),
                           ("scrutineer", Role.SCRUTINEER), ("observer", Role.OBSERVER)):
        user = staff(username)
        congress_services.grant_role(congress=congress, user=user, role=role, by=admin)
        people[f"the_{username}"] = user
    people["an_outsider"] = staff("outsider")
    people["a_member"] = delegates["王秀英"].user
    people["the_convener"] = delegates["李强"].user
    people["the_recorder"] = delegates["赵敏"].user
    people["another_groups_delegate"] = delegates["陈静"].user
    report = congress_services.add_agenda_item(congress=congress, kind="report",
                                               title=WORK_REPORT, session=session, by=admin)
    services.groups_from_delegations(congress=congress, by=admin)
    coal = DiscussionGroup.objects.get(congress=congress, name="煤炭")
    education = DiscussionGroup.objects.get(congress=congress, name="教育")
    services.assign_role(group=coal, role="convener", user=people["the_convener"], by=admin)
    services.assign_role(group=coal, role="recorder", user=people["the_recorder"], by=admin)
    services.assign_role(group=education, role="recorder",
                         user=people["another_groups_delegate"], by=admin)
    world = Groups(congress=congress, coal=coal, education=education, report=report,
                   people=people, delegates=delegates)
    services.schedule_sitting(group=coal, item=report, room="第一会议室", starts_at=world.at(14),
                              ends_at=world.at(17), by=admin)
    services.schedule_sitting(group=education, item=report, room="第二会议室",
                              starts_at=world.at(14), ends_at=world.at(17), by=admin)
    return world
