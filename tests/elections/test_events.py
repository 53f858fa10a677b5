"""Each lifecycle change publishes its typed live event once its transaction commits."""

from __future__ import annotations

import uuid

import pytest

from dahui import rules
from dahui.elections import services
from dahui.live import events
from dahui.voting.services import cast_ballot


def test_open_cast_close_and_publish_emit_their_events_on_commit(
    world, motion_poll, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(events, "publish", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_poll(poll=motion_poll, by=world.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        cast_ballot(poll=motion_poll, voter=world.delegate("王敏"), choices={"vote": "for"},
                    idempotency_key=str(uuid.uuid4()))
    with django_capture_on_commit_callbacks(execute=True):
        services.close_poll(poll=motion_poll, by=world.secretariat)
        services.count_poll(poll=motion_poll, by=world.secretariat)
        services.publish_poll(poll=motion_poll, by=world.secretariat)
    assert [e.type for e in sent] == [
        "poll.opened", "poll.progress", "poll.closed", "result.published"
    ]
    progress = sent[1]
    assert (progress.returned, progress.issued) == (1, 8)
    assert {e.poll_id for e in sent} == {motion_poll.pk}


def test_a_refused_cast_publishes_nothing(
    world, motion_poll, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(events, "publish", sent.append)
    services.open_poll(poll=motion_poll, by=world.secretariat)
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(rules.NotEntitled):
        cast_ballot(poll=motion_poll, voter=world.attending, choices={"vote": "for"},
                    idempotency_key=str(uuid.uuid4()))
    assert sent == []
