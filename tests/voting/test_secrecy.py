"""No join, column or ordering leads from a stored ballot back to the delegate who cast it."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection, models

from dahui.elections import services
from dahui.elections.errors import AlreadyVoted
from dahui.voting.models import CastBallot, Participation, TrackerKey
from dahui.voting.services import KeyAlreadyUsed, cast_ballot


def test_the_ballot_table_has_no_link_to_a_voter_and_no_time():
    fields = CastBallot._meta.get_fields()
    relations = [f.name for f in fields if f.is_relation]
    assert relations == ["poll"]
    assert not [f for f in fields if isinstance(f, models.DateField | models.TimeField)]
    assert isinstance(CastBallot._meta.pk, models.UUIDField)


def test_ballot_ids_are_random_uuids_not_a_sequence(world, motion_poll):
    services.open_poll(poll=motion_poll, by=world.secretariat)
    for delegate in world.delegates[:8]:
        cast_ballot(poll=motion_poll, voter=delegate, choices={"vote": "for"},
                    idempotency_key=str(uuid.uuid4()))
    assert {b.id.version for b in CastBallot.objects.all()} == {4}


def test_after_close_neither_row_order_nor_ids_follow_the_order_of_voting(
    world, election_poll
):
    poll = election_poll
    services.open_poll(poll=poll, by=world.secretariat)
    candidates = list(poll.candidates.order_by("order"))
    # Eight distinct ballots, so each one names its voter within this test.
    cast_order = []
    for index, delegate in enumerate(world.delegates[:8]):
        marks = {candidates[index % 4].rules_id: "for" if index < 4 else "against"}
        cast_ballot(poll=poll, voter=delegate, choices={"marks": marks},
                    idempotency_key=str(uuid.uuid4()))
        cast_order.append({"marks": marks})
    services.close_poll(poll=poll, by=world.secretariat)

    participation_order = list(
        Participation.objects.filter(poll=poll).order_by("id").values_list("delegate__name")
    )
    assert len(participation_order) == 8
    with connection.cursor() as cursor:  # the physical row order, as a bare SELECT sees it
        cursor.execute(f"SELECT content FROM {CastBallot._meta.db_table}")
        stored_rows = [row[0] for row in cursor.fetchall()]
    by_id = [b.content for b in CastBallot.objects.filter(poll=poll).order_by("id")]
    by_tracker = [b.content for b in CastBallot.objects.filter(poll=poll).order_by("tracker")]
    import json

    as_dicts = [json.loads(r) if isinstance(r, str) else r for r in stored_rows]
    # The shuffle at close gives the cast order with probability 1/8! (~0.0025%).
    assert as_dicts != cast_order
    assert by_id != cast_order or by_tracker != cast_order
    assert sorted(map(json.dumps, as_dicts)) == sorted(map(json.dumps, cast_order))


def test_a_participation_says_only_who_took_part_in_which_poll():
    columns = {f.column for f in Participation._meta.get_fields() if f.concrete}
    assert columns == {"id", "poll_id", "delegate_id"}
    assert isinstance(Participation._meta.pk, models.UUIDField)


def test_a_retry_gets_its_receipt_from_the_tracker_alone_and_after_close_only_a_refusal(
    world, motion_poll
):
    services.open_poll(poll=motion_poll, by=world.secretariat)
    key = str(uuid.uuid4())
    voter = world.delegate("王敏")
    receipt = cast_ballot(poll=motion_poll, voter=voter, choices={"vote": "for"},
                          idempotency_key=key)
    again = cast_ballot(poll=motion_poll, voter=voter, choices={"vote": "against"},
                        idempotency_key=key)
    assert (again.tracker, again.repeated) == (receipt.tracker, True)
    assert CastBallot.objects.get().content == {"vote": "for"}
    services.close_poll(poll=motion_poll, by=world.secretariat)
    assert not TrackerKey.objects.filter(poll=motion_poll).exists()
    with pytest.raises(AlreadyVoted, match=r"closed|已结束"):
        cast_ballot(poll=motion_poll, voter=voter, choices={"vote": "for"},
                    idempotency_key=key)
    assert CastBallot.objects.get().tracker == receipt.tracker


def test_another_voter_replaying_a_used_key_stores_nothing(world, motion_poll):
    services.open_poll(poll=motion_poll, by=world.secretariat)
    key = str(uuid.uuid4())
    cast_ballot(poll=motion_poll, voter=world.delegates[0], choices={"vote": "for"},
                idempotency_key=key)
    with pytest.raises(KeyAlreadyUsed):
        cast_ballot(poll=motion_poll, voter=world.delegates[1], choices={"vote": "for"},
                    idempotency_key=key)
    assert Participation.objects.count() == CastBallot.objects.count() == 1
