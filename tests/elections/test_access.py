"""The poll gate, need by need, for every role."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from dahui.elections import services
from dahui.elections.access import PollNeed, access_poll
from dahui.elections.models import PollState
from tests.elections.people import make_user

ROLES = ["secretariat", "presidium", "chief", "counter", "observer", "delegate", "attending",
         "outsider"]
# Who may, before the result is published.
ALLOWED = {
    PollNeed.SET_UP: {"secretariat"},
    PollNeed.RUN: {"secretariat", "presidium"},
    PollNeed.COUNT: {"chief", "counter"},
    PollNeed.RESULT: {"secretariat", "presidium", "chief", "counter", "observer"},
    PollNeed.VOTE: {"delegate"},
}


def person(world, role: str):
    if role == "observer":
        return make_user(f"observer-{world.congress.pk}", congress=world.congress,
                         role="observer")
    if role == "outsider":
        return make_user(f"outsider-{world.congress.pk}")
    return {
        "secretariat": world.secretariat, "presidium": world.presidium, "chief": world.chief,
        "counter": world.counters[0], "delegate": world.delegate("王敏").user,
        "attending": world.attending.user,
    }[role]


@pytest.mark.parametrize("need", list(PollNeed))
@pytest.mark.parametrize("role", ROLES)
def test_the_poll_gate_lets_in_exactly_the_roles_of_each_need(world, election_poll, role, need):
    user = person(world, role)
    if role in ALLOWED[need]:
        assert access_poll(user, election_poll.pk, need=need) == election_poll
    else:
        with pytest.raises(PermissionDenied):
            access_poll(user, election_poll.pk, need=need)


@pytest.mark.parametrize("role", ROLES)
def test_a_published_result_is_open_to_every_participant_not_outsiders(
    world, motion_poll, role
):
    services.open_poll(poll=motion_poll, by=world.secretariat)
    services.close_poll(poll=motion_poll, by=world.secretariat)
    services.count_poll(poll=motion_poll, by=world.secretariat)
    services.publish_poll(poll=motion_poll, by=world.secretariat)
    assert motion_poll.state == PollState.PUBLISHED
    user = person(world, role)
    if role == "outsider":
        with pytest.raises(PermissionDenied):
            access_poll(user, motion_poll.pk, need=PollNeed.RESULT)
    else:
        assert access_poll(user, motion_poll.pk, need=PollNeed.RESULT) == motion_poll


@pytest.mark.parametrize("role", ROLES)
def test_a_motion_is_counted_by_the_congress_scrutineers_and_counters_only(
    world, motion_poll, role
):
    # A motion has no scrutineers of its own: the congress's count its paper ballots.
    user = person(world, role)
    if role in {"chief", "counter"}:
        assert access_poll(user, motion_poll.pk, need=PollNeed.COUNT) == motion_poll
    else:
        with pytest.raises(PermissionDenied):
            access_poll(user, motion_poll.pk, need=PollNeed.COUNT)
