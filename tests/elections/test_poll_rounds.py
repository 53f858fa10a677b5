"""Opening below quorum asks first, with the figures; a vote that ended without a quorum or
void is held again as a new round; a vote that never opened can be deleted."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from dahui.audit.models import AuditEntry
from dahui.congress.models import PlenarySession
from dahui.elections import services
from dahui.elections.errors import Refused, WrongState
from dahui.elections.models import Method, Motion, Poll, PollState
from tests.elections.test_views import client_for


@pytest.fixture
def empty_session(world):
    return PlenarySession.objects.create(
        congress=world.congress, number=2, title="第二次全体会议", starts_at=timezone.now()
    )


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_opening_below_quorum_warns_with_the_figures_and_waits_for_confirmation(
    world, election, empty_session
):
    poll = services.create_election_poll(
        election=election, session=empty_session, method=Method.ELECTRONIC,
        by=world.secretariat,
    )
    client = client_for(world.presidium)
    page = client.get(reverse("elections:poll", args=[poll.pk])).content.decode()
    assert "不足法定人数" in page
    assert "应到 10 人" in page
    assert "实到 0 人" in page
    assert "需要 7 人" in page
    response = client.post(reverse("elections:poll-action", args=[poll.pk]),
                           {"action": "open"})
    assert "应到 10 人，实到 0 人，需要 7 人" in _messages(response)
    poll.refresh_from_db()
    assert poll.state == PollState.DRAFT
    client.post(reverse("elections:poll-action", args=[poll.pk]),
                {"action": "open", "below_quorum": "confirmed"})
    poll.refresh_from_db()
    assert poll.state == PollState.OPEN
    assert poll.issued == 0


def test_a_quorate_vote_opens_without_the_question(world, election_poll):
    client_for(world.presidium).post(reverse("elections:poll-action", args=[election_poll.pk]),
                                     {"action": "open"})
    election_poll.refresh_from_db()
    assert election_poll.state == PollState.OPEN


def _ended_without_quorum(world, poll):
    services.open_poll(poll=poll, by=world.secretariat)
    services.close_poll(poll=poll, by=world.secretariat)
    services.count_poll(poll=poll, by=world.secretariat)
    poll.refresh_from_db()
    assert poll.result["status"] == "no_quorum"
    return poll


def test_an_election_without_quorum_is_held_again_as_a_new_round_in_the_audit_log(
    world, election, empty_session
):
    poll = _ended_without_quorum(world, services.create_election_poll(
        election=election, session=empty_session, method=Method.ELECTRONIC,
        by=world.secretariat,
    ))
    client = client_for(world.presidium)
    page = client.get(reverse("elections:poll", args=[poll.pk])).content.decode()
    assert 'value="hold_again"' in page
    response = client.post(reverse("elections:poll-action", args=[poll.pk]),
                           {"action": "hold_again", "session": world.session.pk})
    again = Poll.objects.get(election=election, round=2)
    assert response.url == reverse("elections:poll", args=[again.pk])
    assert again.state == PollState.DRAFT
    assert again.session == world.session
    assert set(again.candidates.all()) == set(poll.candidates.all())
    assert again.seats == poll.seats
    entry = AuditEntry.objects.get(action="poll.held_again")
    assert entry.data["next_poll"] == again.pk
    assert entry.data["status"] == "no_quorum"
    assert "重新投票" in client.get(reverse("elections:poll", args=[again.pk])).content.decode()
    with pytest.raises(Refused):
        services.hold_again(poll=poll, by=world.secretariat)
    services.open_poll(poll=again, by=world.secretariat)  # the hall is checked in now


def test_a_motion_without_quorum_is_voted_again(world, motion, empty_session):
    poll = _ended_without_quorum(world, services.create_motion_poll(
        motion=motion, session=empty_session, method=Method.ELECTRONIC, by=world.secretariat
    ))
    again = services.hold_again(poll=poll, by=world.secretariat, session=world.session)
    assert again.motion == motion
    assert again.round == 2
    assert again.title == f"{motion.title}（第2次表决）"


def test_only_no_quorum_or_void_is_held_again(world, motion_poll):
    services.open_poll(poll=motion_poll, by=world.secretariat)
    services.close_poll(poll=motion_poll, by=world.secretariat)
    services.count_poll(poll=motion_poll, by=world.secretariat)
    motion_poll.refresh_from_db()
    assert motion_poll.result["status"] == "rejected"
    with pytest.raises(Refused):
        services.hold_again(poll=motion_poll, by=world.secretariat)


def test_a_draft_vote_can_be_deleted_an_opened_one_cannot(world, election_poll, motion_poll):
    client = client_for(world.secretariat)
    page = client.get(reverse("elections:poll", args=[election_poll.pk])).content.decode()
    assert 'id="delete-poll"' in page
    client.post(reverse("elections:poll-action", args=[election_poll.pk]), {"action": "delete"})
    assert not Poll.objects.filter(pk=election_poll.pk).exists()
    assert AuditEntry.objects.filter(action="poll.deleted").exists()
    services.open_poll(poll=motion_poll, by=world.secretariat)
    page = client.get(reverse("elections:poll", args=[motion_poll.pk])).content.decode()
    assert 'id="delete-poll"' not in page
    client.post(reverse("elections:poll-action", args=[motion_poll.pk]), {"action": "delete"})
    assert Poll.objects.filter(pk=motion_poll.pk).exists()
    with pytest.raises(WrongState):
        services.delete_poll(poll=motion_poll, by=world.secretariat)
    assert Motion.objects.filter(pk=motion_poll.motion_id).exists()


def test_the_presidium_cannot_delete_a_vote(world, motion_poll):
    client_for(world.presidium).post(reverse("elections:poll-action", args=[motion_poll.pk]),
                                     {"action": "delete"})
    assert Poll.objects.filter(pk=motion_poll.pk).exists()
