from __future__ import annotations

from dahui.congress.access import SCRUTINEERS
from dahui.elections import counting
from dahui.elections.demo import seed_elections
from tests.elections.people import build_world, make_delegate


def test_the_demo_elections_have_a_contest_and_no_scrutineer_among_candidates(db):
    world = build_world(delegates=10)
    delegation = world.congress.delegations.first()
    for n in range(30):
        make_delegate(world.congress, delegation, f"代表{n:02d}号")
    world.congress.roles.create(user=world.delegate("王敏").user, role="counter")
    text = seed_elections(congress=world.congress)
    assert "第三届委员会委员" in text
    assert world.congress.motions.count() == 3
    counting_users = set(
        world.congress.roles.filter(role__in=SCRUTINEERS).values_list("user_id", flat=True)
    )
    for election in world.congress.elections.all():
        candidates = election.candidates.all()
        counting.check_list(election, candidates=candidates.count())
        assert not {c.delegate.user_id for c in candidates} & counting_users
        assert election.polls.get().candidates.count() == candidates.count()
    assert seed_elections(congress=world.congress) == text
