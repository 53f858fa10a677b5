from __future__ import annotations

from dahui.appraisal.demo import POSITIONS, seed_appraisal
from dahui.appraisal.models import Appraisal
from dahui.elections.models import PollState
from tests.elections.people import build_world


def test_the_demo_appraises_four_presidium_leaders_once_ready_to_vote(db):
    world = build_world(delegates=10)
    for delegate in world.delegates[:6]:
        world.congress.roles.create(user=delegate.user, role="presidium")
    text = seed_appraisal(congress=world.congress)
    appraisal = Appraisal.objects.get(congress=world.congress)
    subjects = list(appraisal.subjects.all())
    assert [s.position for s in subjects] == list(POSITIONS)
    assert {s.name for s in subjects} <= {d.name for d in world.delegates[:6]}
    assert appraisal.polls.get().state == PollState.DRAFT
    assert appraisal.scale == ["优秀", "称职", "基本称职", "不称职"]
    assert seed_appraisal(congress=world.congress) == text
    assert "民主评议" in text
