"""Concurrent requests against PostgreSQL, each thread on its own connection."""

from __future__ import annotations

import uuid

import pytest

from dahui.elections import services
from dahui.elections.errors import AlreadyVoted, WrongState
from dahui.elections.models import Method, Poll, PollState
from dahui.voting.models import CastBallot, Participation
from dahui.voting.services import cast_ballot
from tests.concurrency import all_at_once, fresh_pool_afterwards  # noqa: F401 (autouse)
from tests.elections.people import build_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 50


@pytest.fixture
def open_poll(postgres):
    world = build_world()
    motion = services.create_motion(
        congress=world.congress, title="关于工会工作报告的决议", kind="report",
        by=world.secretariat,
    )
    poll = services.create_motion_poll(
        motion=motion, session=world.session, method=Method.ELECTRONIC, by=world.secretariat
    )
    services.open_poll(poll=poll, by=world.secretariat)
    return world, poll


def test_fifty_concurrent_retries_of_one_cast_make_one_ballot_and_one_receipt(open_poll):
    world, poll = open_poll
    voter = world.delegate("王敏")
    same_key = str(uuid.uuid4())
    outcomes = all_at_once(THREADS, lambda _i: cast_ballot(
        poll=poll, voter=voter, choices={"vote": "for"}, idempotency_key=same_key
    ))
    assert not [o for o in outcomes if isinstance(o, Exception)]
    assert len({o.tracker for o in outcomes}) == 1
    assert CastBallot.objects.filter(poll=poll).count() == 1
    assert Participation.objects.filter(poll=poll).count() == 1


def test_fifty_concurrent_casts_with_different_keys_make_exactly_one_ballot(open_poll):
    world, poll = open_poll
    voter = world.delegate("王敏")
    outcomes = all_at_once(THREADS, lambda i: cast_ballot(
        poll=poll, voter=voter, choices={"vote": "for" if i % 2 else "against"},
        idempotency_key=str(uuid.uuid4()),
    ))
    receipts = [o for o in outcomes if not isinstance(o, Exception)]
    refusals = [o for o in outcomes if isinstance(o, AlreadyVoted)]
    assert (len(receipts), len(refusals)) == (1, THREADS - 1)
    assert CastBallot.objects.filter(poll=poll).count() == 1


def test_concurrent_closes_succeed_exactly_once(open_poll):
    world, poll = open_poll
    outcomes = all_at_once(10, lambda _i: services.close_poll(
        poll=Poll.objects.get(pk=poll.pk), by=world.secretariat
    ))
    assert sum(isinstance(o, Poll) for o in outcomes) == 1
    assert sum(isinstance(o, WrongState) for o in outcomes) == 9
    assert Poll.objects.get(pk=poll.pk).state == PollState.CLOSED


def test_casts_racing_a_close_are_either_counted_or_refused_never_lost(open_poll):
    world, poll = open_poll
    voters = world.delegates[:8]

    def act(i: int) -> object:
        if i == len(voters):
            return services.close_poll(poll=Poll.objects.get(pk=poll.pk), by=world.secretariat)
        return cast_ballot(poll=poll, voter=voters[i], choices={"vote": "for"},
                           idempotency_key=str(uuid.uuid4()))

    outcomes = all_at_once(len(voters) + 1, act)
    cast = [o for o in outcomes[:-1] if not isinstance(o, Exception)]
    poll.refresh_from_db()
    assert poll.state == PollState.CLOSED
    assert poll.returned == len(cast) == CastBallot.objects.filter(poll=poll).count()
