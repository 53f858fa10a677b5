"""The demo congress: seeded once, the same every time, shaped like the real one."""

from __future__ import annotations

import datetime as dt

import pytest

from dahui.congress.demo import SECTORS, demo_rows, seed_demo
from dahui.congress.models import Congress, Delegate, Role
from dahui.congress.selectors import attendance_figures, entitled_delegates


def test_demo_rows_are_the_same_on_every_run():
    assert demo_rows(dt.date(2026, 12, 18)) == demo_rows(dt.date(2026, 12, 18))


@pytest.mark.slow
@pytest.mark.django_db
def test_seed_makes_the_linfen_congress_once():
    text = seed_demo(base_url="http://127.0.0.1:8000/")
    congress = Congress.objects.get()
    assert congress.title == "临汾市总工会第三次代表大会"
    delegates = Delegate.objects.filter(congress=congress)
    # 应到 298: the 298 are confirmed 正式代表; the 特邀 and 列席 come on top of them.
    assert entitled_delegates(congress).count() == 298
    assert delegates.filter(status="formal", credential_status="confirmed").count() == 298
    assert delegates.filter(status="invited").count() == 12
    assert delegates.filter(status="attending").count() == 6
    session = congress.sessions.get(number=1)
    assert attendance_figures(session).entitled == 298
    women = delegates.filter(gender="F").count() / delegates.count()
    assert 0.35 <= women <= 0.45
    assert set(delegates.values_list("delegation__name", flat=True)) == set(SECTORS)
    roles = {role: set(congress.roles.filter(role=role).values_list("user_id", flat=True))
             for role in Role.values}
    assert (len(roles["chief_scrutineer"]), len(roles["scrutineer"]), len(roles["counter"])) == (
        1, 4, 2
    )
    scrutineers = roles["chief_scrutineer"] | roles["scrutineer"] | roles["counter"]
    assert not scrutineers & roles["presidium"]
    assert congress.agenda_items.filter(kind="election").count() == 2
    assert "http://127.0.0.1:8000/d/" in text
    assert "mishu" in text

    again = seed_demo(base_url="http://127.0.0.1:8000")
    assert Delegate.objects.count() == 298 + 12 + 6
    assert "mishu" in again
