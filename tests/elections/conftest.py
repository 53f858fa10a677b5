from __future__ import annotations

import pytest

from dahui.elections import services
from dahui.elections.models import Election, Method, Motion, Poll
from tests.elections.people import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


def staff_election(world: World, *, seats: int = 3, names=("王敏", "李强", "张伟", "刘洋"),
                   **settings) -> Election:
    election = services.create_election(
        congress=world.congress, title="第三届委员会委员", body="committee", seats=seats,
        by=world.secretariat, **settings,
    )
    for name in names:
        services.add_candidate(
            election=election, name=name, delegate=world.delegate(name), by=world.secretariat
        )
    services.assign_scrutineer(
        election=election, user=world.chief, role="chief_scrutineer", by=world.secretariat
    )
    services.assign_scrutineer(
        election=election, user=world.scrutineer, role="scrutineer", by=world.secretariat
    )
    for counter in world.counters:
        services.assign_scrutineer(
            election=election, user=counter, role="counter", by=world.secretariat
        )
    return election


@pytest.fixture
def election(world: World) -> Election:
    return staff_election(world)


@pytest.fixture
def election_poll(world: World, election: Election) -> Poll:
    return services.create_election_poll(
        election=election, session=world.session, method=Method.ELECTRONIC, by=world.secretariat
    )


@pytest.fixture
def motion(world: World) -> Motion:
    return services.create_motion(
        congress=world.congress, title="关于工会工作报告的决议", kind="report",
        by=world.secretariat,
    )


@pytest.fixture
def motion_poll(world: World, motion: Motion) -> Poll:
    return services.create_motion_poll(
        motion=motion, session=world.session, method=Method.ELECTRONIC, by=world.secretariat
    )
