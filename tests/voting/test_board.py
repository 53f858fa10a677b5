"""The bulletin board and the ballots download: who sees what, and when."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from dahui.elections import services
from dahui.elections.errors import WrongState
from dahui.elections.models import Method
from dahui.voting.board import short_form
from dahui.voting.models import CastBallot
from dahui.voting.publication import set_ballot_publication
from dahui.voting.services import cast_ballot
from tests.elections.people import make_user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _cast_all(world, poll) -> list[str]:
    services.open_poll(poll=poll, by=world.secretariat)
    ids = [c.rules_id for c in poll.candidates.order_by("order")]
    return [cast_ballot(poll=poll, voter=delegate,
                        choices={"marks": {ids[n % 4]: "for"}},
                        idempotency_key=str(uuid.uuid4())).tracker
            for n, delegate in enumerate(world.delegates[:8])]


def _publish(world, poll) -> None:
    services.count_poll(poll=poll, by=world.presidium)
    services.confirm_poll(poll=poll, by=world.chief)
    services.publish_poll(poll=poll, by=world.presidium)


def _board(user, poll, tracker: str = ""):
    return client_for(user).get(reverse("elections:board", args=[poll.pk]),
                                {"tracker": tracker} if tracker else {})


def test_the_board_is_for_the_congresss_own_people_only(world, election_poll):
    _cast_all(world, election_poll)
    services.close_poll(poll=election_poll, by=world.secretariat)
    url = reverse("elections:board", args=[election_poll.pk])
    assert Client().get(url).status_code == 302  # to the login page
    assert _board(make_user("outsider-board"), election_poll).status_code == 403
    assert _board(world.delegates[0].user, election_poll).status_code == 200
    assert _board(world.secretariat, election_poll).status_code == 200


def test_a_paper_poll_has_no_board(world, election):
    poll = services.create_election_poll(election=election, session=world.session,
                                         method=Method.PAPER, by=world.secretariat)
    assert _board(world.delegates[0].user, poll).status_code == 404


def test_while_open_nothing_is_found_or_listed(world, election_poll):
    trackers = _cast_all(world, election_poll)
    page = _board(world.delegates[0].user, election_poll, trackers[0])
    assert page.context["trackers"] == []
    assert page.context["answer"].outcome != "found"
    assert 'data-outcome="found"' not in page.content.decode()


def test_after_close_a_voter_finds_their_tracker_by_its_short_form_but_sees_no_turnout(
    world, election_poll
):
    trackers = _cast_all(world, election_poll)
    services.close_poll(poll=election_poll, by=world.secretariat)
    voter = world.delegates[0].user
    for query in (trackers[0], short_form(trackers[0]), short_form(trackers[0]).upper(),
                  trackers[0][:8], " ".join(trackers[0][i:i + 8] for i in range(0, 64, 8))):
        page = _board(voter, election_poll, query)
        assert page.context["answer"].outcome == "found", query
    page = _board(voter, election_poll, trackers[0])
    html = page.content.decode()
    assert page.context["trackers"] == []
    assert 'id="board-count"' not in html
    assert not [t for t in trackers[1:] if t[:10] in html]
    assert _board(voter, election_poll, "0" * 10).context["answer"].outcome == "not_found"
    assert _board(voter, election_poll, "xyz").context["answer"].outcome == "malformed"
    assert _board(voter, election_poll, "3fa8").context["answer"].outcome == "malformed"


def test_a_short_form_two_trackers_share_asks_for_more(world, election_poll):
    _cast_all(world, election_poll)
    services.close_poll(poll=election_poll, by=world.secretariat)
    for tail in ("1" * 54, "2" * 54):
        CastBallot.objects.create(poll=election_poll, content={"marks": {}},
                                  tracker="abcdef0123" + tail)
    voter = world.delegates[0].user
    assert _board(voter, election_poll, "abcd ef01 23").context["answer"].outcome == \
        "ambiguous"
    assert _board(voter, election_poll, "abcdef01231").context["answer"].outcome == "found"


def test_after_publication_every_tracker_and_their_number_are_listed(world, election_poll):
    trackers = _cast_all(world, election_poll)
    services.close_poll(poll=election_poll, by=world.secretariat)
    _publish(world, election_poll)
    page = _board(world.delegates[0].user, election_poll)
    assert [full for full, _grouped, _short in page.context["trackers"]] == sorted(trackers)
    assert 'id="board-count"' in page.content.decode()


def _ballots(user, poll):
    return client_for(user).get(reverse("elections:record-ballots", args=[poll.pk]))


def test_by_default_delegates_get_the_counts_but_not_every_ballot(world, election_poll):
    _cast_all(world, election_poll)
    services.close_poll(poll=election_poll, by=world.secretariat)
    _publish(world, election_poll)
    assert _ballots(world.delegates[0].user, election_poll).status_code == 403
    assert client_for(world.delegates[0].user).get(
        reverse("elections:record-result", args=[election_poll.pk])).status_code == 200
    for staff in (world.secretariat, world.chief, world.scrutineer):
        response = _ballots(staff, election_poll)
        assert response.status_code == 200
        assert len(response.content.decode().splitlines()) == 8


def test_a_poll_set_before_opening_to_publish_every_ballot_gives_them_to_delegates(
    world, election_poll
):
    response = client_for(world.secretariat).post(
        reverse("voting:ballot-publication", args=[election_poll.pk]),
        {"publication": "every_ballot"})
    assert response.status_code == 302
    _cast_all(world, election_poll)
    with pytest.raises(WrongState):
        set_ballot_publication(poll=election_poll, every_ballot=False, by=world.secretariat)
    services.close_poll(poll=election_poll, by=world.secretariat)
    assert _ballots(world.delegates[0].user, election_poll).status_code == 403  # not yet
    _publish(world, election_poll)
    assert _ballots(world.delegates[0].user, election_poll).status_code == 200


def test_only_the_secretariat_sets_the_publication(world, election_poll):
    url = reverse("voting:ballot-publication", args=[election_poll.pk])
    assert client_for(world.delegates[0].user).post(
        url, {"publication": "every_ballot"}).status_code == 403
    assert client_for(world.secretariat).post(url, {"publication": "all"}).status_code == 400
