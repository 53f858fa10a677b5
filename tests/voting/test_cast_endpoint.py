"""The lean cast endpoint: a JSON ballot in, the tracker out, the same rules as the form."""

from __future__ import annotations

import json
import uuid

import pytest
from django.db import OperationalError
from django.test import Client

from dahui.elections import services
from dahui.voting import cast_view
from dahui.voting.models import CastBallot, Participation

# On PostgreSQL the view casts in a worker thread with its own connection, which sees only
# committed rows: these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def forget_open_polls():
    cast_view._OPEN_POLLS.clear()
    yield
    cast_view._OPEN_POLLS.clear()
    cast_view.close_casting_connections()  # the test database can then be dropped


@pytest.fixture
def open_motion(world, motion_poll):
    return services.open_poll(poll=motion_poll, by=world.secretariat)


def phone(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def cast(client: Client, poll, **ballot):
    ballot.setdefault("key", str(uuid.uuid4()))
    return client.post(f"/vote/{poll.pk}/cast", json.dumps(ballot),
                       content_type="application/json")


def test_a_delegate_casts_and_gets_the_tracker_of_the_stored_ballot(world, open_motion):
    response = cast(phone(world.delegate("王敏").user), open_motion, vote="for")
    assert response.status_code == 200
    tracker = response.json()["tracker"]
    assert CastBallot.objects.get(poll=open_motion).tracker == tracker
    assert CastBallot.objects.get(poll=open_motion).content == {"vote": "for"}
    assert "sessionid" not in response.cookies  # nothing written to the session


def test_a_retry_with_the_same_key_gets_the_same_tracker_and_no_second_ballot(
    world, open_motion
):
    client, key = phone(world.delegate("王敏").user), str(uuid.uuid4())
    first = cast(client, open_motion, vote="for", key=key)
    again = cast(client, open_motion, vote="for", key=key)
    assert again.status_code == 200
    assert again.json() == {"tracker": first.json()["tracker"], "repeated": True}
    assert CastBallot.objects.filter(poll=open_motion).count() == 1


def test_a_second_ballot_with_another_key_is_refused(world, open_motion):
    client = phone(world.delegate("王敏").user)
    cast(client, open_motion, vote="for")
    response = cast(client, open_motion, vote="against")
    assert response.status_code == 409
    assert response.json()["error"] == "您已在本次投票中投过票。"
    assert CastBallot.objects.filter(poll=open_motion).count() == 1


def test_a_delegate_not_checked_in_at_opening_is_refused_with_the_reason(world, open_motion):
    response = cast(phone(world.delegates[9].user), open_motion, vote="for")
    assert response.status_code == 409
    assert "尚未报到" in response.json()["error"]
    assert not Participation.objects.filter(poll=open_motion).exists()


def test_an_attendee_without_a_vote_is_refused(world, open_motion):
    response = cast(phone(world.attending.user), open_motion, vote="for")
    assert response.status_code == 409
    assert not CastBallot.objects.filter(poll=open_motion).exists()


def test_the_secretariat_and_a_stranger_have_no_ballot(world, open_motion):
    assert cast(phone(world.secretariat), open_motion, vote="for").status_code == 403
    assert cast(phone(None), open_motion, vote="for").status_code == 403
    assert not CastBallot.objects.filter(poll=open_motion).exists()


def test_a_poll_not_open_refuses_the_cast(world, motion_poll):
    response = cast(phone(world.delegate("王敏").user), motion_poll, vote="for")
    assert response.status_code == 409
    assert not CastBallot.objects.exists()


def test_a_closed_poll_refuses_a_cast_even_after_the_process_saw_it_open(world, open_motion):
    cast(phone(world.delegate("王敏").user), open_motion, vote="for")  # remembered as open
    services.close_poll(poll=open_motion, by=world.secretariat)
    response = cast(phone(world.delegate("李强").user), open_motion, vote="for")
    assert response.status_code == 409
    assert CastBallot.objects.filter(poll=open_motion).count() == 1


def test_a_ballot_the_rules_refuse_stores_nothing(world, open_motion):
    response = cast(phone(world.delegate("王敏").user), open_motion, vote="maybe")
    assert response.status_code == 422
    assert response.json()["error"]
    assert not Participation.objects.filter(poll=open_motion).exists()


def test_an_election_ballot_over_the_seats_is_refused(world, election_poll):
    services.open_poll(poll=election_poll, by=world.secretariat)
    marks = {f"mark-{c.rules_id}": "for" for c in election_poll.candidates.all()}
    response = cast(phone(world.delegate("王敏").user), election_poll, **marks)
    assert response.status_code == 422
    assert not CastBallot.objects.filter(poll=election_poll).exists()


def test_a_body_that_is_not_a_json_object_is_refused_by_name(world, open_motion):
    client = phone(world.delegate("王敏").user)
    response = client.post(f"/vote/{open_motion.pk}/cast", "[1]",
                           content_type="application/json")
    assert response.status_code == 400
    assert "JSON object" in response.json()["error"]


def test_a_database_outage_answers_503_with_retry_after_and_stores_nothing(
    world, open_motion, monkeypatch
):
    def away(**_kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(cast_view, "cast_ballot_as_user", away)
    response = cast(phone(world.delegate("王敏").user), open_motion, vote="for")
    assert response.status_code == 503
    assert response["Retry-After"] == str(cast_view.RETRY_AFTER_SECONDS)
    assert response.json()["retry"] is True
    assert not CastBallot.objects.exists()


def test_the_review_form_posts_here_and_gets_the_receipt_page(world, open_motion):
    client = phone(world.delegate("王敏").user)
    response = client.post(f"/vote/{open_motion.pk}/cast",
                           {"key": str(uuid.uuid4()), "vote": "against", "step": "cast"})
    assert response.status_code == 200
    stored = CastBallot.objects.get(poll=open_motion)
    assert stored.content == {"vote": "against"}
    page = response.content.decode()
    assert f'data-tracker="{stored.tracker}"' in page
    assert 'id="cast-done"' in page


def test_a_refused_form_cast_shows_the_reason_on_a_page(world, open_motion):
    client = phone(world.delegate("王敏").user)
    client.post(f"/vote/{open_motion.pk}/cast", {"key": str(uuid.uuid4()), "vote": "for"})
    response = client.post(f"/vote/{open_motion.pk}/cast",
                           {"key": str(uuid.uuid4()), "vote": "for"})
    assert response.status_code == 409
    assert "您已在本次投票中投过票。" in response.content.decode()


def test_a_form_cast_during_an_outage_offers_to_resend_the_same_key(
    world, open_motion, monkeypatch
):
    def away(**_kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(cast_view, "cast_ballot_as_user", away)
    key = str(uuid.uuid4())
    response = phone(world.delegate("王敏").user).post(
        f"/vote/{open_motion.pk}/cast", {"key": key, "vote": "for"})
    assert response.status_code == 503
    assert response["Retry-After"] == str(cast_view.RETRY_AFTER_SECONDS)
    page = response.content.decode()
    assert 'id="resend"' in page
    assert f'name="key" value="{key}"' in page
    assert 'name="vote" value="for"' in page


def test_an_outage_before_the_poll_is_read_still_answers_a_resend_page(
    world, open_motion, monkeypatch
):
    def away(_poll_id):
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr(cast_view, "_poll", away)
    response = phone(world.delegate("王敏").user).post(
        f"/vote/{open_motion.pk}/cast", {"key": str(uuid.uuid4()), "vote": "for"})
    assert response.status_code == 503
    assert f'action="/vote/{open_motion.pk}/cast"' in response.content.decode()
