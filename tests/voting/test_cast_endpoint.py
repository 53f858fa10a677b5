"""The lean cast endpoint: a JSON ballot in, the tracker out, the same rules as the form.

The phone is known by its cast credential, not its session: the clients here are not
logged in unless a test says so.
"""

from __future__ import annotations

import json
import re
import time
import uuid

import pytest
from django.db import OperationalError
from django.test import Client

from dahui.congress.models import CredentialStatus
from dahui.elections import services
from dahui.voting import cast_credential, cast_view
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


class Phone:
    """A delegate's phone holding the cast credential its review page would embed."""

    def __init__(self, delegate) -> None:
        self.client = Client()
        self.delegate = delegate

    def post(self, path: str, data: dict):
        poll_id = int(path.strip("/").split("/")[1])
        data.setdefault("credential", cast_credential.issue(poll_id=poll_id,
                                                            delegate_id=self.delegate.pk))
        return self.client.post(path, data)


def phone(delegate) -> Phone:
    return Phone(delegate)


def cast(voter: Phone | Client, poll, **ballot):
    ballot.setdefault("key", str(uuid.uuid4()))
    if isinstance(voter, Phone):
        ballot.setdefault("credential", cast_credential.issue(
            poll_id=poll.pk, delegate_id=voter.delegate.pk))
        voter = voter.client
    return voter.post(f"/vote/{poll.pk}/cast", json.dumps(ballot),
                      content_type="application/json")


def test_a_delegate_casts_and_gets_the_tracker_of_the_stored_ballot(world, open_motion):
    response = cast(phone(world.delegate("王敏")), open_motion, vote="for")
    assert response.status_code == 200
    tracker = response.json()["tracker"]
    assert CastBallot.objects.get(poll=open_motion).tracker == tracker
    assert CastBallot.objects.get(poll=open_motion).content == {"vote": "for"}
    assert "sessionid" not in response.cookies  # nothing written to the session


def test_a_retry_with_the_same_key_gets_the_same_tracker_and_no_second_ballot(
    world, open_motion
):
    client, key = phone(world.delegate("王敏")), str(uuid.uuid4())
    first = cast(client, open_motion, vote="for", key=key)
    again = cast(client, open_motion, vote="for", key=key)
    assert again.status_code == 200
    assert again.json() == {"tracker": first.json()["tracker"], "repeated": True}
    assert CastBallot.objects.filter(poll=open_motion).count() == 1


def test_a_second_ballot_with_another_key_is_refused(world, open_motion):
    client = phone(world.delegate("王敏"))
    cast(client, open_motion, vote="for")
    response = cast(client, open_motion, vote="against")
    assert response.status_code == 409
    assert response.json()["error"] == "您已在本次投票中投过票。"
    assert CastBallot.objects.filter(poll=open_motion).count() == 1


def test_a_delegate_not_checked_in_at_opening_is_refused_with_the_reason(world, open_motion):
    response = cast(phone(world.delegates[9]), open_motion, vote="for")
    assert response.status_code == 409
    assert "尚未报到" in response.json()["error"]
    assert not Participation.objects.filter(poll=open_motion).exists()


def test_an_attendee_without_a_vote_is_refused(world, open_motion):
    response = cast(phone(world.attending), open_motion, vote="for")
    assert response.status_code == 409
    assert not CastBallot.objects.filter(poll=open_motion).exists()


def test_a_cast_without_a_credential_is_refused_even_from_a_logged_in_delegate(
    world, open_motion
):
    logged_in = Client()
    logged_in.force_login(world.delegate("王敏").user)
    response = cast(logged_in, open_motion, vote="for")
    assert response.status_code == 403
    assert response.json()["error"] == "请先登录再投票。"
    assert not CastBallot.objects.filter(poll=open_motion).exists()


def credential_refused(response) -> bool:
    return response.status_code == 403 and response.json()["error"] == "请先登录再投票。"


def test_a_credential_for_another_poll_is_refused(world, open_motion, election_poll):
    voter = world.delegate("王敏")
    other = cast_credential.issue(poll_id=election_poll.pk, delegate_id=voter.pk)
    assert credential_refused(cast(Client(), open_motion, vote="for", credential=other))
    assert not Participation.objects.filter(poll=open_motion).exists()


def test_an_expired_credential_is_refused(world, open_motion):
    voter = world.delegate("王敏")
    issued_long_ago = time.time() - cast_credential.LIFETIME_SECONDS - 1
    old = cast_credential.issue(poll_id=open_motion.pk, delegate_id=voter.pk,
                                now=issued_long_ago)
    assert credential_refused(cast(Client(), open_motion, vote="for", credential=old))
    assert not Participation.objects.filter(poll=open_motion).exists()


def test_a_credential_altered_to_name_another_delegate_is_refused(world, open_motion):
    mine = cast_credential.issue(poll_id=open_motion.pk,
                                 delegate_id=world.delegate("王敏").pk)
    poll_id, _delegate, rest = mine.split(".", 2)
    forged = f"{poll_id}.{world.delegate('李强').pk}.{rest}"
    assert credential_refused(cast(Client(), open_motion, vote="for", credential=forged))
    assert credential_refused(cast(Client(), open_motion, vote="for", credential="x.y"))
    assert not Participation.objects.filter(poll=open_motion).exists()


def test_a_credential_for_someone_who_is_no_delegate_of_the_congress_has_no_ballot(
    world, open_motion
):
    nobody = cast_credential.issue(poll_id=open_motion.pk, delegate_id=10**9)
    response = cast(Client(), open_motion, vote="for", credential=nobody)
    assert response.status_code == 403
    assert response.json()["error"] == "本次投票没有您的选票。"


def test_a_delegate_whose_credential_was_rejected_after_opening_has_no_ballot(
    world, open_motion
):
    voter = world.delegate("王敏")
    voter.credential_status = CredentialStatus.REJECTED
    voter.save(update_fields=["credential_status"])
    response = cast(phone(voter), open_motion, vote="for")
    assert response.status_code == 403
    assert response.json()["error"] == "本次投票没有您的选票。"
    assert not CastBallot.objects.filter(poll=open_motion).exists()


def test_a_delegate_whose_account_was_deactivated_is_refused_as_logged_out(
    world, open_motion
):
    voter = world.delegate("王敏")
    voter.user.is_active = False
    voter.user.save(update_fields=["is_active"])
    assert credential_refused(cast(phone(voter), open_motion, vote="for"))
    assert not CastBallot.objects.filter(poll=open_motion).exists()


def test_the_csrf_check_still_guards_the_form_cast(world, open_motion):
    guarded = Client(enforce_csrf_checks=True)
    credential = cast_credential.issue(poll_id=open_motion.pk,
                                       delegate_id=world.delegate("王敏").pk)
    response = guarded.post(f"/vote/{open_motion.pk}/cast", {
        "key": str(uuid.uuid4()), "vote": "for", "credential": credential})
    assert response.status_code == 403
    assert not CastBallot.objects.filter(poll=open_motion).exists()


def test_the_review_page_embeds_a_credential_that_casts_without_the_session(
    world, open_motion
):
    browser = Client()
    browser.force_login(world.delegate("王敏").user)
    key = str(uuid.uuid4())
    review = browser.post(f"/vote/{open_motion.pk}/", {"key": key, "vote": "for"})
    assert review.status_code == 200
    fields = dict(re.findall(r'<input type="hidden" name="([\w-]+)" value="([^"]*)"',
                             review.content.decode()))
    assert fields["key"] == key
    response = Client().post(f"/vote/{open_motion.pk}/cast", {**fields, "step": "cast"})
    assert response.status_code == 200
    assert CastBallot.objects.get(poll=open_motion).content == {"vote": "for"}


def test_a_poll_not_open_refuses_the_cast(world, motion_poll):
    response = cast(phone(world.delegate("王敏")), motion_poll, vote="for")
    assert response.status_code == 409
    assert not CastBallot.objects.exists()


def test_a_closed_poll_refuses_a_cast_even_after_the_process_saw_it_open(world, open_motion):
    cast(phone(world.delegate("王敏")), open_motion, vote="for")  # remembered as open
    services.close_poll(poll=open_motion, by=world.secretariat)
    response = cast(phone(world.delegate("李强")), open_motion, vote="for")
    assert response.status_code == 409
    assert CastBallot.objects.filter(poll=open_motion).count() == 1


def test_a_ballot_the_rules_refuse_stores_nothing(world, open_motion):
    response = cast(phone(world.delegate("王敏")), open_motion, vote="maybe")
    assert response.status_code == 400  # a vote that is no vote: the field is named
    assert response.json()["field"] == "vote"
    assert not Participation.objects.filter(poll=open_motion).exists()


def test_an_election_ballot_over_the_seats_is_refused(world, election_poll):
    services.open_poll(poll=election_poll, by=world.secretariat)
    marks = {f"mark-{c.rules_id}": "for" for c in election_poll.candidates.all()}
    response = cast(phone(world.delegate("王敏")), election_poll, **marks)
    assert response.status_code == 422
    assert not CastBallot.objects.filter(poll=election_poll).exists()


def test_a_body_that_is_not_a_json_object_is_refused_by_name(world, open_motion):
    client = phone(world.delegate("王敏")).client
    response = client.post(f"/vote/{open_motion.pk}/cast", "[1]",
                           content_type="application/json")
    assert response.status_code == 400
    assert "JSON object" in response.json()["error"]


def test_a_database_outage_answers_503_with_retry_after_and_stores_nothing(
    world, open_motion, monkeypatch
):
    def away(**_kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(cast_view, "cast_ballot_as_delegate", away)
    response = cast(phone(world.delegate("王敏")), open_motion, vote="for")
    assert response.status_code == 503
    assert response["Retry-After"] == str(cast_view.RETRY_AFTER_SECONDS)
    assert response.json()["retry"] is True
    assert not CastBallot.objects.exists()


def test_the_review_form_posts_here_and_gets_the_receipt_page(world, open_motion):
    client = phone(world.delegate("王敏"))
    response = client.post(f"/vote/{open_motion.pk}/cast",
                           {"key": str(uuid.uuid4()), "vote": "against", "step": "cast"})
    assert response.status_code == 200
    stored = CastBallot.objects.get(poll=open_motion)
    assert stored.content == {"vote": "against"}
    page = response.content.decode()
    assert f'data-tracker="{stored.tracker}"' in page
    assert 'id="cast-done"' in page


def test_a_refused_form_cast_shows_the_reason_on_a_page(world, open_motion):
    client = phone(world.delegate("王敏"))
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

    monkeypatch.setattr(cast_view, "cast_ballot_as_delegate", away)
    key = str(uuid.uuid4())
    response = phone(world.delegate("王敏")).post(
        f"/vote/{open_motion.pk}/cast", {"key": key, "vote": "for"})
    assert response.status_code == 503
    assert response["Retry-After"] == str(cast_view.RETRY_AFTER_SECONDS)
    page = response.content.decode()
    assert 'id="resend"' in page
    assert f'name="key" value="{key}"' in page
    assert 'name="credential" value="' in page  # the resend is signed as the first send
    assert 'name="vote" value="for"' in page


def test_an_outage_before_the_poll_is_read_still_answers_a_resend_page(
    world, open_motion, monkeypatch
):
    def away(_poll_id):
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr(cast_view, "_poll", away)
    response = phone(world.delegate("王敏")).post(
        f"/vote/{open_motion.pk}/cast", {"key": str(uuid.uuid4()), "vote": "for"})
    assert response.status_code == 503
    assert f'action="/vote/{open_motion.pk}/cast"' in response.content.decode()
