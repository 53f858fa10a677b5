"""Forms that only show in a given state (an election not yet opened, a paper count, the
check-in desk after a search, a delegate's leave request) with hostile values in each
field: a refusal or a redirect, never a 500, and no over-long text stored."""

from __future__ import annotations

from urllib.parse import quote_from_bytes

import pytest
from django.test import Client

from dahui.elections import services
from dahui.elections.models import Candidate, Method, PaperEntry
from tests.elections.conftest import staff_election
from tests.elections.people import build_world

pytestmark = pytest.mark.django_db

HOSTILE: list[bytes] = [
    b"A" * 5000, "王".encode() * 400, b"\x00", b"x\x01y", b"\xed\xa0\x80", b"\xff\xfe",
    b"9" * 30, b"-1", b"-99999999999999999999", b"abc", b"1.5", b"[" * 5000,
    "＝HYPERLINK(\"x\")".encode(), "\u3164".encode(), b"",
]


def _post(client: Client, url: str, fields: dict[str, str], name: str, value: bytes):
    body = "&".join(
        quote_from_bytes(k.encode()) + "="
        + quote_from_bytes(value if k == name else v.encode())
        for k, v in fields.items()
    ).encode()
    return client.generic("POST", url, body,
                          content_type="application/x-www-form-urlencoded")


def _attack(client: Client, url: str, fields: dict[str, str]) -> list[str]:
    failures = []
    for name in fields:
        for value in HOSTILE:
            answer = _post(client, url, fields, name, value)
            if answer.status_code >= 500:
                failures.append(f"{url} {name}={value[:16]!r}: {answer.status_code}")
    return failures


@pytest.fixture
def world():
    return build_world()


def test_election_setup_forms_refuse_hostile_values(world):
    election = staff_election(world)
    staff = Client(raise_request_exception=False)
    staff.force_login(world.secretariat)
    url = f"/elections/{election.pk}/"
    failures = _attack(staff, url, {"action": "add_candidate", "who": "赵磊", "bio": ""})
    failures += _attack(staff, url, {"action": "assign_scrutineer",
                                     "user": str(world.scrutineer.pk), "role": "scrutineer"})
    failures += _attack(staff, url, {"action": "create_round", "session": str(world.session.pk),
                                     "method": "paper"})
    failures += _attack(staff, url, {"action": "remove_candidate", "candidate": "1"})
    failures += _attack(staff, f"/c/{world.congress.pk}/votes/election/",
                        {"title": "t", "body": "committee", "seats": "3", "quorum": "2/3",
                         "min_excess": "1/20", "threshold_base": "entitled"})
    assert not failures, "\n".join(failures)
    names = set(Candidate.objects.filter(election=election).values_list("name", flat=True))
    assert "赵磊" in names  # the form was really reached: its good value went in
    assert all(0 < len(name) <= 30 for name in names)


def test_paper_count_and_desk_forms_refuse_hostile_values(world):
    election = staff_election(world)
    poll = services.create_election_poll(election=election, session=world.session,
                                         method=Method.PAPER, by=world.secretariat)
    services.open_poll(poll=poll, by=world.secretariat)
    services.close_poll(poll=poll, by=world.secretariat)
    counter = Client(raise_request_exception=False)
    counter.force_login(world.counters[0])
    first = poll.candidates.order_by("order").first()
    failures = _attack(counter, f"/polls/{poll.pk}/paper/", {
        "position": "1", f"mark-{first.rules_id}": "against", "write_in": "赵磊",
        "invalid_reason": "", "action": "enter"})
    failures += _attack(counter, f"/polls/{poll.pk}/paper/",
                        {"action": "discard", "entry": "1", "reason": "x"})
    failures += _attack(counter, f"/polls/{poll.pk}/paper/", {
        "action": "settle", "position": "1", f"mark-{first.rules_id}": "for"})
    desk = Client(raise_request_exception=False)
    desk.force_login(world.secretariat)
    base = f"/c/{world.congress.pk}/s/{world.session.pk}"
    failures += _attack(desk, f"{base}/check-in/do/",
                        {"delegate": str(world.delegates[9].pk), "next": "desk"})
    failures += _attack(desk, f"{base}/check-in/undo/",
                        {"delegate": str(world.delegates[9].pk), "next": "desk"})
    failures += _attack(desk, f"{base}/leave/record/",
                        {"delegate": str(world.delegates[8].pk), "reason": "病假"})
    voter = Client(raise_request_exception=False)
    voter.force_login(world.delegates[9].user)
    failures += _attack(voter, f"/c/{world.congress.pk}/leave/",
                        {"session": str(world.session.pk), "reason": "病假"})
    assert not failures, "\n".join(failures)
    assert PaperEntry.objects.filter(poll=poll).exists()  # the entry form was reached
    for entry in PaperEntry.objects.filter(poll=poll):
        for name in entry.content.get("write_ins", []):
            assert len(name) <= 100
