"""Named people and a small congress for the congress tests.

The congress has two delegations (煤炭, 教育), two sessions, and delegates made through the
roster import service, the same way a real roster arrives.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from dahui.congress import services
from dahui.congress.models import (
    Category,
    Congress,
    Delegate,
    DelegateStatus,
    Gender,
    Role,
)
from dahui.congress.roster_import import RosterRow, plan_roster

TZ = ZoneInfo("Asia/Shanghai")


def staff(username: str):
    return get_user_model().objects.create_user(username=username, password="pw-" + username)


@pytest.fixture
def the_admin(db):
    return get_user_model().objects.create_superuser(username="root", password="pw-root")


@pytest.fixture
def congress(db, the_admin) -> Congress:
    congress = services.create_congress(
        organisation_name="测试市总工会", title="测试市总工会第一次代表大会", term_number=1,
        starts_on=dt.date(2026, 12, 18), ends_on=dt.date(2026, 12, 19), venue="礼堂",
        by=the_admin,
    )
    services.add_delegations(congress=congress, names=["煤炭", "教育"], by=the_admin)
    services.add_session(congress=congress, number=1, title="第一次全体会议",
                         starts_at=dt.datetime(2026, 12, 18, 8, 30, tzinfo=TZ), by=the_admin)
    services.add_session(congress=congress, number=2, title="第二次全体会议",
                         starts_at=dt.datetime(2026, 12, 18, 14, 30, tzinfo=TZ), by=the_admin)
    return congress


@pytest.fixture
def first_session(congress):
    return congress.sessions.get(number=1)


def row(name: str, id_tail: str, **fields) -> RosterRow:
    values = {
        "line": 2, "number": "", "name": name, "gender": Gender.MALE, "ethnicity": "汉族",
        "birth_date": "1980-01-02", "id_tail": id_tail, "work_unit": "某煤矿", "position": "",
        "delegation": "煤炭", "categories": (Category.FRONTLINE,), "status": DelegateStatus.FORMAL,
    }
    values.update(fields)
    return RosterRow(**values)


@pytest.fixture
def add_delegates(congress, the_admin):
    """`add_delegates(rows)` imports rows into the congress and returns their delegates."""

    def add(rows: list[RosterRow]) -> list[Delegate]:
        plan = plan_roster(
            [*rows, *_existing_rows(congress)], congress=congress
        )
        services.apply_roster(congress=congress, plan=plan, by=the_admin)
        return [Delegate.objects.get(congress=congress, name=r.name, id_tail=r.id_tail)
                for r in rows]

    return add


def _existing_rows(congress) -> list[RosterRow]:
    return [
        row(d.name, d.id_tail, number=d.number, gender=d.gender, ethnicity=d.ethnicity,
            birth_date=d.birth_date.isoformat(), work_unit=d.work_unit, position=d.position,
            delegation=d.delegation.name, categories=tuple(d.categories), status=d.status)
        for d in congress.delegates.select_related("delegation")
    ]


@pytest.fixture
def delegate_record(add_delegates):
    """A formal delegate whose credential is confirmed."""
    (delegate,) = add_delegates([row("王秀英", "032X", gender=Gender.FEMALE)])
    return services.decide_credential(delegate=delegate, decision="confirmed", by=None)


@pytest.fixture
def a_delegate(delegate_record):
    """The user behind a confirmed formal delegate."""
    return delegate_record.user


@pytest.fixture
def attending_delegate(add_delegates):
    (delegate,) = add_delegates([row("列席者", "1111", status=DelegateStatus.ATTENDING)])
    return delegate.user


def _with_role(congress, username: str, role: str):
    user = staff(username)
    services.grant_role(congress=congress, user=user, role=role, by=None)
    return user


@pytest.fixture
def the_secretary(congress):
    return _with_role(congress, "secretary", Role.SECRETARIAT)


@pytest.fixture
def the_chair(congress):
    return _with_role(congress, "chair", Role.PRESIDIUM)


@pytest.fixture
def a_credentials_member(congress):
    return _with_role(congress, "credentials", Role.CREDENTIALS)


@pytest.fixture
def the_chief_scrutineer(congress):
    return _with_role(congress, "chief", Role.CHIEF_SCRUTINEER)


@pytest.fixture
def a_scrutineer(congress):
    return _with_role(congress, "scrutineer", Role.SCRUTINEER)


@pytest.fixture
def a_counter(congress):
    return _with_role(congress, "counter", Role.COUNTER)


@pytest.fixture
def an_observer(congress):
    return _with_role(congress, "observer", Role.OBSERVER)


@pytest.fixture
def an_outsider(db):
    return staff("outsider")
