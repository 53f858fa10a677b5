"""A small congress with named people: the secretary, a delegate, an attendee (列席),
an outsider, and the hall screen's token."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from dahui.congress.models import (
    AgendaItem,
    Congress,
    CongressRole,
    CredentialStatus,
    Delegate,
    DelegateStatus,
    Delegation,
    Organisation,
    PlenarySession,
    Role,
)


@dataclass
class Hall:
    congress: Congress
    session: PlenarySession
    items: list[AgendaItem]
    secretary: object
    delegate: Delegate
    attendee: Delegate
    outsider: object


def _delegate(congress, delegation, number: str, name: str, status: str) -> Delegate:
    user = get_user_model().objects.create_user(username=f"d{congress.pk}-{number}")
    return Delegate.objects.create(
        congress=congress, number=number, name=name, gender="F", ethnicity="汉族",
        birth_date=dt.date(1980, 5, 1), id_tail=number[-4:].rjust(4, "0"),
        work_unit="市第一机床厂", delegation=delegation, status=status,
        credential_status=CredentialStatus.CONFIRMED, access_code=f"C{congress.pk}X{number}",
        user=user,
    )


def make_hall(term: int = 3) -> Hall:
    users = get_user_model().objects
    organisation, _ = Organisation.objects.get_or_create(name="市总工会")
    congress = Congress.objects.create(
        organisation=organisation, title=f"市总工会第{term}次代表大会", term_number=term,
        starts_on=dt.date(2025, 3, 1), ends_on=dt.date(2025, 3, 2),
        screen_token=f"screen-token-{term}",
    )
    session = PlenarySession.objects.create(
        congress=congress, number=1, title="第一次全体会议",
        starts_at=timezone.now() - dt.timedelta(hours=1),
    )
    items = [
        AgendaItem.objects.create(congress=congress, session=session, order=n, kind=kind,
                                  title=title)
        for n, (kind, title) in enumerate(
            [("report", "工作报告"), ("report", "经费审查委员会工作报告"),
             ("election", "选举第三届委员会委员")], start=1)
    ]
    delegation = Delegation.objects.create(congress=congress, name="机械冶金")
    secretary = users.create_user(username=f"secretary-{term}", password="x")
    CongressRole.objects.create(congress=congress, user=secretary, role=Role.SECRETARIAT)
    return Hall(
        congress=congress, session=session, items=items, secretary=secretary,
        delegate=_delegate(congress, delegation, "0001", "王敏", DelegateStatus.FORMAL),
        attendee=_delegate(congress, delegation, "0002", "李强", DelegateStatus.ATTENDING),
        outsider=users.create_user(username=f"outsider-{term}"),
    )


@pytest.fixture
def hall(db) -> Hall:
    return make_hall()
