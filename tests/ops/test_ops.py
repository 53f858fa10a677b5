"""The day's operator: /healthz for the proxy, the technician's status page (secretariat
only), and one JSON line per request that never holds a ballot or a voter."""

from __future__ import annotations

import json
import logging
import uuid

import pytest
from django.db import DatabaseError
from django.test import Client

from dahui.congress.models import Role
from dahui.elections import services
from dahui.elections.models import Method
from dahui.ops import probes
from dahui.voting import cast_credential, cast_view
from tests.elections.people import build_world, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def request_lines(caplog):
    """The lines of `dahui.requests` (it does not propagate to the root logger)."""
    logger = logging.getLogger("dahui.requests")
    logger.addHandler(caplog.handler)
    yield lambda: [r.getMessage() for r in caplog.records if r.name == "dahui.requests"]
    logger.removeHandler(caplog.handler)


@pytest.fixture(autouse=True)
def forget_open_polls():
    cast_view._OPEN_POLLS.clear()
    yield
    cast_view._OPEN_POLLS.clear()
    cast_view.close_casting_connections()


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def open_motion(world):
    motion = services.create_motion(
        congress=world.congress, title="关于工会工作报告的决议", kind="report",
        by=world.secretariat)
    poll = services.create_motion_poll(
        motion=motion, session=world.session, method=Method.ELECTRONIC, by=world.secretariat)
    return services.open_poll(poll=poll, by=world.secretariat)


def test_healthz_answers_without_login_with_db_and_redis(client):
    response = client.get("/healthz", HTTP_HOST="10.9.8.7")  # not an allowed host: still answers
    assert response.status_code == 200
    body = response.json()
    assert body["db"] is True
    assert body["db_ms"] >= 0
    assert "redis" in body
    assert response["Cache-Control"] == "no-store"


def test_healthz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    def down() -> None:
        raise DatabaseError("connection refused")

    monkeypatch.setattr(probes, "_select_one", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["db"] is False


def _client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_status_page_is_for_the_secretariat_only(world):
    congress = world.congress
    url = f"/c/{congress.pk}/status/"
    allowed = {"secretariat": world.secretariat}
    refused = {
        "delegate": world.delegates[0].user,
        "attending": world.attending.user,
        "presidium": world.presidium,
        "chief scrutineer": world.chief,
        "scrutineer": world.scrutineer,
        "counter": world.counters[0],
        "observer": make_user(f"observer{congress.pk}", congress=congress, role=Role.OBSERVER),
        "credentials": make_user(f"cred{congress.pk}", congress=congress, role=Role.CREDENTIALS),
        "proposals": make_user(f"prop{congress.pk}", congress=congress, role=Role.PROPOSALS),
        "outsider": make_user(f"outsider{congress.pk}"),
    }
    for role, user in allowed.items():
        response = _client_for(user).get(url)
        assert response.status_code == 200, role
    for role, user in refused.items():
        assert _client_for(user).get(url).status_code == 403, role
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert "/login" in anonymous["Location"]


def test_status_page_shows_workers_db_connections_casting_and_errors(world, open_motion):
    logging.getLogger("dahui.test").error("scanner stalled on page 3\nsecond line hidden")
    response = _client_for(world.secretariat).get(f"/c/{world.congress.pk}/status/")
    page = response.content.decode()
    assert response.status_code == 200
    assert str(probes.os.getpid()) in page  # this worker
    assert "ms" in page  # database latency
    assert "关于工会工作报告的决议" in page  # the open poll's casting rate
    assert "scanner stalled on page 3" in page
    assert "second line hidden" not in page
    assert response["Cache-Control"] == "no-store"


def test_casting_rate_is_an_aggregate_of_the_poll(world, open_motion):
    rows = probes.casting(world.congress.pk)
    assert [(r["poll"].pk, r["cast"]) for r in rows] == [(open_motion.pk, 0)]
    assert rows[0]["per_minute"] == 0


def test_a_cast_request_logs_one_line_without_ballot_or_voter(world, open_motion, settings,
                                                                request_lines):
    settings.DAHUI_LOG_FORMAT = "json"
    delegate = world.delegates[0]
    credential = cast_credential.issue(poll_id=open_motion.pk, delegate_id=delegate.pk)
    key = str(uuid.uuid4())
    response = Client().post(
        f"/vote/{open_motion.pk}/cast?delegate={delegate.pk}",
        json.dumps({"vote": "against", "key": key, "credential": credential}),
        content_type="application/json")
    assert response.status_code == 200
    lines = request_lines()
    assert len(lines) == 1
    line = json.loads(lines[0])
    assert set(line) == {"method", "path", "status", "ms"}
    assert line["method"] == "POST"
    assert line["status"] == 200
    assert line["path"] == f"/vote/{open_motion.pk}/cast"  # no query string
    text = lines[0]
    for secret in ("against", key, credential, delegate.name, delegate.user.username,
                   delegate.access_code, response.json()["tracker"]):
        assert secret not in text
    assert f"={delegate.pk}" not in text


def test_no_request_lines_without_the_setting(world, settings, request_lines):
    settings.DAHUI_LOG_FORMAT = "text"
    Client().get("/login/")
    assert request_lines() == []
    settings.DAHUI_LOG_FORMAT = "json"
    Client().get("/login/?next=/c/1/")
    assert [json.loads(line)["path"] for line in request_lines()] == ["/login/"]


def test_live_connections_count_the_congress_group(world):
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    from dahui.live.events import congress_group

    layer = get_channel_layer()
    group = congress_group(world.congress.pk)
    before = probes.live_connections(world.congress.pk) or 0
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(group, channel)
    try:
        assert probes.live_connections(world.congress.pk) == before + 1
    finally:
        async_to_sync(layer.group_discard)(group, channel)
    assert probes.live_connections(world.congress.pk) == before
