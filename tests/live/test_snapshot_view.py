"""GET /live/<congress>/snapshot: the state a live page starts from, behind the gates."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from dahui.congress.models import Attendance
from dahui.elections import services as elections
from dahui.elections.models import Method
from dahui.voting.services import cast_ballot


def _get(client: Client, hall, **params):
    return client.get(f"/live/{hall.congress.pk}/snapshot", params)


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_delegate_sees_agenda_and_current_item_but_not_attendance(hall):
    hall.congress.current_item = hall.items[1]
    hall.congress.save()
    response = _get(_as(hall.delegate.user), hall)
    assert response.status_code == 200
    body = response.json()
    assert body["current_item_id"] == hall.items[1].pk
    assert [item["title"] for item in body["agenda"]] == [
        "工作报告", "经费审查委员会工作报告", "选举第三届委员会委员"
    ]
    assert body["attendance"] is None
    assert isinstance(body["epoch"], str)
    assert isinstance(body["seq"], int)
    assert response["Cache-Control"].startswith("max-age=0")


def test_secretary_sees_attendance_figures(hall):
    Attendance.objects.create(session=hall.session, delegate=hall.delegate,
                              checked_in_at=hall.session.starts_at, method="desk")
    body = _get(_as(hall.secretary), hall).json()
    # The attendee (列席) is checked in nowhere and has no vote: 应到 1, 实到 1.
    assert body["attendance"]["entitled"] == 1
    assert body["attendance"]["present"] == 1
    assert body["attendance"]["has_quorum"] is True


def test_attendee_may_follow_the_congress(hall):
    assert _get(_as(hall.attendee.user), hall).status_code == 200


def test_hall_screen_follows_by_its_token_without_login(hall):
    body = _get(Client(), hall, screen="screen-token-3").json()
    assert body["attendance"]["entitled"] == 1


@pytest.mark.parametrize("who", ["outsider", "anonymous", "wrong_token"])
def test_others_are_refused(hall, who):
    if who == "outsider":
        response = _get(_as(hall.outsider), hall)
    elif who == "anonymous":
        response = _get(Client(), hall)
    else:
        response = _get(Client(), hall, screen="guessed")
    assert response.status_code == 403


def test_unknown_congress_is_not_found(hall):
    assert Client().get("/live/999999/snapshot").status_code == 404


def test_snapshot_writes_no_session(hall):
    client = _as(hall.delegate.user)
    before = client.session.session_key
    response = _get(client, hall)
    assert "sessionid" not in response.cookies
    assert client.session.session_key == before


def test_a_delegate_gets_the_ballots_they_hold_and_whether_cast(hall):
    Attendance.objects.create(session=hall.session, delegate=hall.delegate,
                              checked_in_at=hall.session.starts_at, method="desk")
    motion = elections.create_motion(congress=hall.congress, title="关于工作报告的决议",
                                     kind="report", by=hall.secretary)
    poll = elections.create_motion_poll(motion=motion, session=hall.session,
                                        method=Method.ELECTRONIC, by=hall.secretary)
    client = _as(hall.delegate.user)
    assert _get(client, hall).json()["ballots"] == []
    elections.open_poll(poll=poll, by=hall.secretary)
    assert _get(client, hall).json()["ballots"] == [
        {"id": poll.pk, "title": "关于工作报告的决议", "voted": False}]
    cast_ballot(poll=poll, voter=hall.delegate, choices={"vote": "for"},
                idempotency_key=str(uuid.uuid4()))
    assert _get(client, hall).json()["ballots"][0]["voted"] is True
    assert _get(_as(hall.secretary), hall).json()["ballots"] is None
    assert _get(_as(hall.attendee.user), hall).json()["ballots"] == []  # 列席: no ballot
