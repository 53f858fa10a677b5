"""The demo's proposals: every state, two departments with a user each, seeded once."""

from __future__ import annotations

from dahui.proposals.demo import seed_proposals
from dahui.proposals.models import DepartmentMember, Proposal
from dahui.rules import proposals as rules
from tests.elections.people import build_world, make_delegate


def test_the_demo_seeds_proposals_in_every_state_once(db):
    world = build_world(delegates=10)
    delegation = world.congress.delegations.get()
    for index in range(40):
        make_delegate(world.congress, delegation, f"代表{index:02d}")
    text = seed_proposals(congress=world.congress)
    states = set(Proposal.objects.filter(congress=world.congress).values_list("state", flat=True))
    assert states == {rules.DRAFT, rules.SUBMITTED, rules.HANDLING, rules.REPLIED,
                      rules.CLOSED, rules.REOPENED, rules.NOT_REGISTERED, rules.MERGED,
                      rules.OPINION}
    assert DepartmentMember.objects.filter(department__congress=world.congress,
                                           user__username__in=["laobao", "jingji"]).count() == 2
    assert "tian" in text
    assert seed_proposals(congress=world.congress) == text
    assert Proposal.objects.filter(congress=world.congress).count() == 10
