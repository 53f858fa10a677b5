"""The pages, driven through Django's test client with the named people of the world."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from dahui.elections import services
from dahui.elections.models import Method, Poll, PollState
from dahui.voting.models import CastBallot
from tests.elections.people import make_user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_secretariat_creates_a_motion_with_its_vote(world):
    client = client_for(world.secretariat)
    response = client.post(reverse("elections:new-motion", args=[world.congress.pk]), {
        "title": "关于经费审查委员会工作报告的决议", "kind": "report", "method": "electronic",
        "session": world.session.pk, "threshold_base": "entitled",
    })
    assert response.status_code == 302
    assert Poll.objects.get(motion__title="关于经费审查委员会工作报告的决议").state == "draft"


def test_a_delegate_cannot_create_a_motion(world):
    client = client_for(world.delegate("王敏").user)
    response = client.post(reverse("elections:new-motion", args=[world.congress.pk]), {
        "title": "x", "kind": "report", "method": "electronic", "session": world.session.pk,
    })
    assert response.status_code == 403


def test_a_delegate_reviews_then_casts_and_sees_the_tracker(world, motion_poll):
    services.open_poll(poll=motion_poll, by=world.secretariat)
    client = client_for(world.delegate("王敏").user)
    url = reverse("voting:ballot", args=[motion_poll.pk])
    page = client.get(url)
    assert "赞成" in page.content.decode()
    key = page.context["key"]
    review = client.post(url, {"key": key, "step": "review", "vote": "for"})
    assert review.status_code == 200
    assert CastBallot.objects.count() == 0
    cast = client.post(url, {"key": key, "step": "cast", "vote": "for"})
    tracker = CastBallot.objects.get().tracker
    assert tracker in cast.content.decode()
    again = client.post(url, {"key": key, "step": "cast", "vote": "for"})
    assert tracker in again.content.decode()
    assert CastBallot.objects.count() == 1


def test_an_over_vote_is_refused_by_the_server_with_the_reason(world, election_poll):
    services.open_poll(poll=election_poll, by=world.secretariat)
    client = client_for(world.delegate("王敏").user)
    data = {f"mark-{c.rules_id}": "for" for c in election_poll.candidates.all()}
    response = client.post(
        reverse("voting:ballot", args=[election_poll.pk]),
        {"key": "k-123456789", "step": "cast", **data},
    )
    assert response.status_code == 409
    assert "超过应选名额 3 名" in response.content.decode()
    assert CastBallot.objects.count() == 0


def test_a_non_voting_attendee_gets_no_ballot_page(world, motion_poll):
    services.open_poll(poll=motion_poll, by=world.secretariat)
    client = client_for(world.attending.user)
    assert client.get(reverse("voting:ballot", args=[motion_poll.pk])).status_code == 403


def test_a_delegate_cannot_close_a_poll(world, motion_poll):
    services.open_poll(poll=motion_poll, by=world.secretariat)
    client = client_for(world.delegate("王敏").user)
    response = client.post(reverse("elections:poll-action", args=[motion_poll.pk]),
                           {"action": "close"})
    assert response.status_code == 403


def test_an_unpublished_result_is_hidden_from_delegates(world, motion_poll):
    services.open_poll(poll=motion_poll, by=world.secretariat)
    client_for(world.presidium).post(
        reverse("elections:poll-action", args=[motion_poll.pk]), {"action": "close"}
    )
    motion_poll.refresh_from_db()
    assert motion_poll.state == PollState.COUNTED
    delegate = client_for(world.delegate("王敏").user)
    assert delegate.get(reverse("elections:result", args=[motion_poll.pk])).status_code == 403
    services.publish_poll(poll=motion_poll, by=world.presidium)
    assert delegate.get(reverse("elections:result", args=[motion_poll.pk])).status_code == 200


@pytest.fixture
def published_election(world, election_poll):
    from dahui.voting.services import cast_ballot

    services.open_poll(poll=election_poll, by=world.secretariat)
    ids = [c.rules_id for c in election_poll.candidates.order_by("order")]
    for n, delegate in enumerate(world.delegates[:8]):
        cast_ballot(poll=election_poll, voter=delegate,
                    choices={"marks": {ids[0]: "for", ids[1]: "for", ids[2 + n % 2]: "for"}},
                    idempotency_key=f"key-{n}-0000")
    services.close_poll(poll=election_poll, by=world.presidium)
    services.count_poll(poll=election_poll, by=world.presidium)
    services.confirm_poll(poll=election_poll, by=world.chief)
    services.publish_poll(poll=election_poll, by=world.presidium)
    return election_poll


def test_documents_download_as_pdf_and_xlsx(world, published_election):
    client = client_for(world.secretariat)
    election_id = published_election.election_id
    for name, magic in [("announcement", b"%PDF"), ("count-report", b"%PDF"),
                        ("counts-xlsx", b"PK")]:
        response = client.get(reverse(f"elections:{name}", args=[election_id]))
        assert response.status_code == 200, name
        assert response.content.startswith(magic), name


def test_the_hall_screen_partial_shows_the_published_result(world, published_election):
    url = reverse("elections:screen-results", args=[world.congress.pk, world.congress.screen_token])
    html = Client().get(url).content.decode()
    assert "王敏" in html
    assert "第三届委员会委员" in html
    data = Client().get(
        reverse("elections:screen-results-json",
                args=[world.congress.pk, world.congress.screen_token])
    ).json()
    assert data["results"][0]["result"]["status"] == published_election.result["status"]


def test_the_hall_screen_partial_needs_the_token(world, published_election):
    url = reverse("elections:screen-results", args=[world.congress.pk, "wrong"])
    assert Client().get(url).status_code == 403


def test_the_bulletin_board_lists_every_tracker_after_close(world, published_election):
    page = client_for(world.delegates[0].user).get(
        reverse("elections:board", args=[published_election.pk]))
    listed = {full for full, _grouped, _short in page.context["trackers"]}
    assert listed == set(CastBallot.objects.values_list("tracker", flat=True))
    assert len(listed) == 8


def test_the_exported_record_recounts_to_the_stored_result(world, published_election, tmp_path):
    from dahui.cli import main

    client = client_for(world.secretariat)
    election_file = tmp_path / "election.json"
    ballots_file = tmp_path / "ballots.jsonl"
    election_file.write_bytes(client.get(
        reverse("elections:record-election", args=[published_election.pk])).content)
    ballots_file.write_bytes(client.get(
        reverse("elections:record-ballots", args=[published_election.pk])).content)
    from contextlib import redirect_stdout
    from io import StringIO

    out = StringIO()
    with redirect_stdout(out):
        assert main(["tally", str(election_file), str(ballots_file), "--json"]) == 0
    assert json.loads(out.getvalue()) == published_election.result


def test_minutes_draft_lists_the_elected(world, published_election):
    client = client_for(world.secretariat)
    page = client.get(reverse("elections:minutes", args=[world.congress.pk, world.session.pk]))
    assert "会议纪要" in page.content.decode()
    assert "王敏" in page.context["minutes_text"]
    pdf = client.get(reverse("elections:minutes", args=[world.congress.pk, world.session.pk]),
                     {"pdf": "press"})
    assert pdf.content.startswith(b"%PDF")


def test_an_outsider_sees_no_poll(world, motion_poll):
    client = client_for(make_user("outsider-x"))
    assert client.get(reverse("elections:poll", args=[motion_poll.pk])).status_code == 403


def test_paper_ballots_print_one_page_per_serial(world, election):
    poll = services.create_election_poll(
        election=election, session=world.session, method=Method.PAPER, by=world.secretariat
    )
    services.open_poll(poll=poll, by=world.secretariat)
    response = client_for(world.secretariat).get(
        reverse("elections:ballot-papers", args=[poll.pk]) + "?count=3"
    )
    assert response.content.startswith(b"%PDF")
    assert response.content.count(b"/Type /Page\n") + response.content.count(b"/Type /Page ") \
        >= 3 or b"/Count 3" in response.content


def test_no_document_states_a_result_before_there_is_one(world, election_poll):
    client = client_for(world.secretariat)
    election_id = election_poll.election_id
    for name in ("announcement", "count-report", "counts-xlsx"):
        response = client.get(reverse(f"elections:{name}", args=[election_id]))
        assert response.status_code == 409, name


def test_the_announcement_waits_for_publication_after_the_count(world, election_poll):
    from dahui.voting.services import cast_ballot

    services.open_poll(poll=election_poll, by=world.secretariat)
    ids = [c.rules_id for c in election_poll.candidates.order_by("order")]
    for n, delegate in enumerate(world.delegates[:8]):
        cast_ballot(poll=election_poll, voter=delegate, choices={"marks": {ids[0]: "for"}},
                    idempotency_key=f"key-{n}-0001")
    services.close_poll(poll=election_poll, by=world.presidium)
    services.count_poll(poll=election_poll, by=world.presidium)
    client = client_for(world.secretariat)
    election_id = election_poll.election_id
    assert client.get(reverse("elections:count-report", args=[election_id])).status_code == 200
    assert client.get(reverse("elections:announcement", args=[election_id])).status_code == 409
