"""The close never fails because the old row versions could not be erased: the poll waits
in `PendingErasure`, the failure is logged, and the next close or the command erases it."""

from __future__ import annotations

import logging
import uuid

import pytest
from django.core.management import call_command
from django.db import DatabaseError

from dahui.elections import services
from dahui.elections.models import PollState
from dahui.voting import erasure
from dahui.voting.models import PendingErasure
from dahui.voting.services import cast_ballot

pytestmark = pytest.mark.django_db(transaction=True)


def _cast_and_close(world, poll) -> None:
    services.open_poll(poll=poll, by=world.secretariat)
    for delegate in world.delegates[:3]:
        cast_ballot(poll=poll, voter=delegate, choices={"vote": "for"},
                    idempotency_key=str(uuid.uuid4()))
    services.close_poll(poll=poll, by=world.secretariat)


def test_a_close_erases_at_once_when_it_can(world, motion_poll):
    _cast_and_close(world, motion_poll)
    assert not PendingErasure.objects.exists()


def test_a_failed_erasure_leaves_the_poll_closed_and_waiting_then_the_command_erases_it(
    world, motion_poll, monkeypatch, caplog
):
    def broken(*_args):
        raise DatabaseError("database is locked")

    monkeypatch.setattr(erasure, "_sqlite", broken)
    monkeypatch.setattr(erasure, "_postgresql", broken)
    with caplog.at_level(logging.ERROR, logger="dahui.voting.erasure"):
        _cast_and_close(world, motion_poll)
    motion_poll.refresh_from_db()
    assert motion_poll.state == PollState.CLOSED
    assert motion_poll.returned == 3
    waiting = PendingErasure.objects.get()
    assert (waiting.poll_id, waiting.attempts) == (motion_poll.pk, 1)
    assert "locked" in waiting.last_error
    assert "erasing the old ballot rows" in caplog.text
    with pytest.raises(Exception, match="still waiting"):
        call_command("erase_old_ballots")
    monkeypatch.undo()
    call_command("erase_old_ballots")
    assert not PendingErasure.objects.exists()
