from __future__ import annotations

import pytest

from dahui.appraisal import services
from dahui.appraisal.models import Appraisal
from dahui.elections.models import Method, Poll
from tests.elections.people import World, build_world

LEADERS = (("王敏", "主席"), ("李强", "副主席"), ("张伟", "副主席"), ("刘洋", "经审主任"))


@pytest.fixture
def world(db) -> World:
    return build_world()


def make_appraisal(world: World, **settings) -> Appraisal:
    appraisal = services.create_appraisal(
        congress=world.congress, title="对第二届委员会领导班子成员的民主评议",
        by=world.secretariat, **settings,
    )
    for name, position in LEADERS:
        services.add_subject(appraisal=appraisal, name=name, position=position,
                             by=world.secretariat)
    return appraisal


@pytest.fixture
def appraisal(world: World) -> Appraisal:
    return make_appraisal(world)


@pytest.fixture
def appraisal_poll(world: World, appraisal: Appraisal) -> Poll:
    return services.create_appraisal_poll(
        appraisal=appraisal, session=world.session, method=Method.ELECTRONIC,
        by=world.secretariat,
    )


def subject_ids(poll: Poll) -> dict[str, str]:
    return {s.name: s.rules_id for s in poll.appraisal.subjects.all()}
