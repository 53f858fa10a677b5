"""A congress collecting proposals, with named people for every role.

On top of `tests.elections.people.build_world` (ten formal delegates 王敏 … 吴霞, the 列席
郑列席, the secretariat, presidium and scrutineers): an observer, the proposals committee
(提案委) and two departments, 劳动保护部 and 经济工作部, each with one user. Collection is
open from yesterday to tomorrow, the default two seconders or three joint signers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from dahui.congress.models import Role
from dahui.proposals import services
from dahui.proposals.models import DEFAULT_CATEGORIES, Department
from tests.elections.people import World, build_world, make_user


@dataclass
class ProposalWorld:
    world: World
    committee: object
    observer: object
    safety: Department
    economy: Department
    safety_user: object
    economy_user: object

    def __getattr__(self, name):
        return getattr(self.world, name)

    def delegate(self, name: str):
        if name == self.world.attending.name:
            return self.world.attending
        return self.world.delegate(name)


def open_collection(congress, by, **changes):
    now = timezone.now()
    values = {"opens_at": now - dt.timedelta(days=1), "closes_at": now + dt.timedelta(days=1),
              "min_seconders": 2, "min_joint": 3, "categories": list(DEFAULT_CATEGORIES),
              "second_reply_days": 30}
    values.update(changes)
    return services.configure(congress=congress, by=by, **values)


@pytest.fixture
def pw(db) -> ProposalWorld:
    world = build_world()
    congress = world.congress
    committee = make_user(f"committee{congress.pk}", congress=congress, role=Role.PROPOSALS)
    observer = make_user(f"observer{congress.pk}", congress=congress, role=Role.OBSERVER)
    open_collection(congress, world.secretariat)
    safety = services.add_department(congress=congress, name="劳动保护部", by=world.secretariat)
    economy = services.add_department(congress=congress, name="经济工作部", by=world.secretariat)
    safety_user = services.add_department_member(
        department=safety, username=f"safety{congress.pk}", password="pass-for-tests",
        by=world.secretariat).user
    economy_user = services.add_department_member(
        department=economy, username=f"economy{congress.pk}", password="pass-for-tests",
        by=world.secretariat).user
    return ProposalWorld(world=world, committee=committee, observer=observer, safety=safety,
                         economy=economy, safety_user=safety_user, economy_user=economy_user)


def draft(pw: ProposalWorld, proposer: str = "王敏", *, invite=("李强", "张伟"), joint=False,
          title="关于加强高温作业劳动保护的建议"):
    delegate = pw.delegate(proposer)
    return services.write_proposal(
        proposer=delegate, title=title, case="夏季高温作业时间长，防暑措施落实不到位。",
        measures="督促企业落实高温津贴，调整作业时间。", category="劳动保护/安全生产", joint=joint,
        invite=[pw.delegate(name) for name in invite], by=delegate.user,
    )


def submitted(pw: ProposalWorld, proposer: str = "王敏", seconders=("李强", "张伟"), **kwargs):
    proposal = draft(pw, proposer, invite=seconders, **kwargs)
    for name in seconders:
        services.second(proposal=proposal, delegate=pw.delegate(name),
                        by=pw.delegate(name).user)
    return services.submit(proposal=proposal, by=pw.delegate(proposer).user)


def registered(pw: ProposalWorld, **kwargs):
    proposal = submitted(pw, **kwargs)
    return services.register(proposal=proposal, by=pw.committee)


def assigned(pw: ProposalWorld, *, days: int = 30, **kwargs):
    proposal = registered(pw, **kwargs)
    return services.assign(proposal=proposal, departments=[pw.safety, pw.economy],
                           lead=pw.safety, deadline=timezone.localdate() + dt.timedelta(days=days),
                           by=pw.committee)
