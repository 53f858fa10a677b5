"""A small congress with named people, built straight in the database for service tests.

Ten formal delegates (the first eight checked in), one 列席, the secretariat 秘书长, a
presidium member, and the scrutineers: 总监票人 钱监, 监票人 孙监, 计票人 周计 and 吴计.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from dahui.congress.models import (
    Attendance,
    Congress,
    CredentialStatus,
    Delegate,
    DelegateStatus,
    Delegation,
    Organisation,
    PlenarySession,
    Role,
)

DELEGATE_NAMES = ["王敏", "李强", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周涛", "吴霞"]
_serial = itertools.count(1)


@dataclass
class World:
    congress: Congress
    session: PlenarySession
    delegates: list[Delegate]
    attending: Delegate
    secretariat: object
    presidium: object
    chief: object
    scrutineer: object
    counters: list = field(default_factory=list)

    def delegate(self, name: str) -> Delegate:
        return next(d for d in self.delegates if d.name == name)


def make_user(username: str, *, congress: Congress | None = None, role: str | None = None):
    user = get_user_model().objects.create_user(username=username, password="pass-for-tests")
    if congress is not None and role is not None:
        congress.roles.create(user=user, role=role)
    return user


def make_delegate(
    congress: Congress, delegation: Delegation, name: str, *, status: str = "formal"
) -> Delegate:
    n = next(_serial)
    user = make_user(f"d{n}")
    return Delegate.objects.create(
        congress=congress, number=f"{n:04d}", name=name, gender="F" if n % 2 else "M",
        ethnicity="汉族", birth_date=datetime.date(1980, 1, 1), id_tail=f"{n:04d}"[-4:],
        work_unit="临汾钢铁公司", delegation=delegation, status=status,
        credential_status=CredentialStatus.CONFIRMED, access_code=f"AC{n:06d}", user=user,
    )


def build_world(*, delegates: int = 10, checked_in: int = 8) -> World:
    n = next(_serial)
    organisation = Organisation.objects.create(name=f"临汾市总工会{n}")
    today = datetime.date.today()
    congress = Congress.objects.create(
        organisation=organisation, title="临汾市总工会第三次代表大会", term_number=3,
        starts_on=today, ends_on=today, venue="临汾市会议中心", screen_token=f"screen{n}",
    )
    session = PlenarySession.objects.create(
        congress=congress, number=1, title="第一次全体会议", starts_at=timezone.now()
    )
    delegation = Delegation.objects.create(congress=congress, name="冶金")
    people = [make_delegate(congress, delegation, name) for name in DELEGATE_NAMES[:delegates]]
    attending = make_delegate(
        congress, delegation, "郑列席", status=DelegateStatus.ATTENDING
    )
    for delegate in [*people[:checked_in], attending]:
        Attendance.objects.create(
            session=session, delegate=delegate, checked_in_at=timezone.now(), method="desk"
        )
    return World(
        congress=congress,
        session=session,
        delegates=people,
        attending=attending,
        secretariat=make_user(f"secretariat{n}", congress=congress, role=Role.SECRETARIAT),
        presidium=make_user(f"presidium{n}", congress=congress, role=Role.PRESIDIUM),
        chief=make_user(f"chief{n}", congress=congress, role=Role.CHIEF_SCRUTINEER),
        scrutineer=make_user(f"scrutineer{n}", congress=congress, role=Role.SCRUTINEER),
        counters=[
            make_user(f"counter{n}a", congress=congress, role=Role.COUNTER),
            make_user(f"counter{n}b", congress=congress, role=Role.COUNTER),
        ],
    )
