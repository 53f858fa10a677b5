"""Casting an electronic ballot: who may, how often, and what the server refuses."""

from __future__ import annotations

import uuid

import pytest

from dahui import rules
from dahui.elections import services
from dahui.elections.errors import AlreadyVoted, NotCheckedIn
from dahui.voting.models import CastBallot, Participation
from dahui.voting.services import cast_ballot


def key() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def open_motion(world, motion_poll):
    return services.open_poll(poll=motion_poll, by=world.secretariat)


def test_a_checked_in_delegate_casts_and_gets_a_tracker(world, open_motion):
    receipt = cast_ballot(
        poll=open_motion, voter=world.delegate("王敏"), choices={"vote": "for"},
        idempotency_key=key(),
    )
    assert len(receipt.tracker) == 64
    assert CastBallot.objects.get(poll=open_motion).tracker == receipt.tracker


def test_a_retry_with_the_same_key_returns_the_same_receipt_and_no_second_ballot(
    world, open_motion
):
    same = key()
    first = cast_ballot(
        poll=open_motion, voter=world.delegate("王敏"), choices={"vote": "for"},
        idempotency_key=same,
    )
    again = cast_ballot(
        poll=open_motion, voter=world.delegate("王敏"), choices={"vote": "for"},
        idempotency_key=same,
    )
    assert again.tracker == first.tracker
    assert again.repeated
    assert CastBallot.objects.filter(poll=open_motion).count() == 1


def test_voting_twice_with_another_key_is_refused(world, open_motion):
    cast_ballot(poll=open_motion, voter=world.delegate("王敏"), choices={"vote": "for"},
                idempotency_key=key())
    with pytest.raises(AlreadyVoted):
        cast_ballot(poll=open_motion, voter=world.delegate("王敏"),
                    choices={"vote": "against"}, idempotency_key=key())
    assert CastBallot.objects.filter(poll=open_motion).count() == 1


def test_voting_in_a_draft_poll_is_refused(world, motion_poll):
    with pytest.raises(rules.PollClosed):
        cast_ballot(poll=motion_poll, voter=world.delegate("王敏"), choices={"vote": "for"},
                    idempotency_key=key())


def test_voting_in_a_draft_election_is_refused_as_not_open(world, election_poll):
    first = election_poll.candidates.first()
    with pytest.raises(rules.PollClosed):
        cast_ballot(poll=election_poll, voter=world.delegate("王敏"),
                    choices={"marks": {first.rules_id: "for"}}, idempotency_key=key())


def test_voting_in_a_closed_poll_is_refused(world, open_motion):
    services.close_poll(poll=open_motion, by=world.secretariat)
    with pytest.raises(rules.PollClosed):
        cast_ballot(poll=open_motion, voter=world.delegate("王敏"), choices={"vote": "for"},
                    idempotency_key=key())
    assert not CastBallot.objects.filter(poll=open_motion).exists()


def test_a_delegate_not_checked_in_at_opening_cannot_vote(world, open_motion):
    with pytest.raises(NotCheckedIn):
        cast_ballot(poll=open_motion, voter=world.delegate("周涛"), choices={"vote": "for"},
                    idempotency_key=key())


def test_checking_in_after_opening_gives_no_ballot(world, open_motion):
    from django.utils import timezone

    world.session.attendances.create(
        delegate=world.delegate("周涛"), checked_in_at=timezone.now(), method="desk"
    )
    with pytest.raises(NotCheckedIn):
        cast_ballot(poll=open_motion, voter=world.delegate("周涛"), choices={"vote": "for"},
                    idempotency_key=key())


def test_a_non_voting_attendee_cannot_vote(world, open_motion):
    with pytest.raises(rules.NotEntitled):
        cast_ballot(poll=open_motion, voter=world.attending, choices={"vote": "for"},
                    idempotency_key=key())
    assert not Participation.objects.filter(poll=open_motion).exists()


def test_an_over_vote_is_refused_with_the_rules_reason_and_nothing_is_stored(
    world, election_poll
):
    services.open_poll(poll=election_poll, by=world.secretariat)
    marks = {c.rules_id: "for" for c in election_poll.candidates.all()}
    with pytest.raises(rules.OverVote, match="exceed the 3 seats"):
        cast_ballot(poll=election_poll, voter=world.delegate("王敏"),
                    choices={"marks": marks}, idempotency_key=key())
    assert not CastBallot.objects.exists()
    assert not Participation.objects.exists()


def test_a_write_in_beside_an_against_mark_is_stored(world, election_poll):
    services.open_poll(poll=election_poll, by=world.secretariat)
    first = election_poll.candidates.order_by("order").first()
    cast_ballot(poll=election_poll, voter=world.delegate("王敏"),
                choices={"marks": {first.rules_id: "against"}, "write_ins": ["赵磊"]},
                idempotency_key=key())
    assert CastBallot.objects.get().content == {
        "marks": {first.rules_id: "against"}, "write_ins": ["赵磊"]
    }


def test_a_short_idempotency_key_is_refused(world, open_motion):
    with pytest.raises(ValueError, match="idempotency_key"):
        cast_ballot(poll=open_motion, voter=world.delegate("王敏"), choices={"vote": "for"},
                    idempotency_key="x")
