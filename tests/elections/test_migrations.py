"""Entries made under serials move to stack positions without losing a reading."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
# The congress app goes back too: its later columns (the screen language) are not in
# the historical models the rows below are made with.
BEFORE = [("elections", "0001_initial"), ("congress", "0001_initial")]
AFTER = [("elections", "0002_paper_positions_and_motion_rounds")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_serials_become_positions_and_a_third_entry_left_by_a_race_is_dropped():
    old = _migrate(BEFORE)
    world_apps = old
    User = world_apps.get_model("auth", "User")
    Organisation = world_apps.get_model("congress", "Organisation")
    Congress = world_apps.get_model("congress", "Congress")
    PlenarySession = world_apps.get_model("congress", "PlenarySession")
    Motion = world_apps.get_model("elections", "Motion")
    Poll = world_apps.get_model("elections", "Poll")
    PaperEntry = world_apps.get_model("elections", "PaperEntry")
    PaperBallot = world_apps.get_model("elections", "PaperBallot")
    import datetime

    from django.utils import timezone

    org = Organisation.objects.create(name="迁移测试工会")
    congress = Congress.objects.create(
        organisation=org, title="迁移测试大会", term_number=1, starts_on=datetime.date.today(),
        ends_on=datetime.date.today(), venue="会场", screen_token="migration-test",
    )
    session = PlenarySession.objects.create(congress=congress, number=1, title="第一次",
                                            starts_at=timezone.now())
    motion = Motion.objects.create(congress=congress, title="决议", kind="report")
    poll = Poll.objects.create(congress=congress, motion=motion, session=session,
                               method="paper", state="closed")
    a, b, c = (User.objects.create(username=f"mig-{n}") for n in "abc")
    for serial, counter in [("0007", a), ("0007", b), ("0007", c), ("X1", a)]:
        PaperEntry.objects.create(poll=poll, serial=serial, counter=counter,
                                  content={"vote": "for"})
    PaperBallot.objects.create(poll=poll, serial="0007", content={"vote": "for"})
    try:
        new = _migrate(AFTER)
        Entry = new.get_model("elections", "PaperEntry")
        rows = sorted(Entry.objects.values_list("position", "slot", "counter_id"))
        assert rows == [(7, 1, a.pk), (7, 2, b.pk), (8, 1, a.pk)]
        assert list(new.get_model("elections", "PaperBallot").objects
                    .values_list("position", flat=True)) == [7]
    finally:
        _migrate(executor_leaf())


def executor_leaf():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
