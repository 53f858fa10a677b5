"""Setting up an election and counting paper ballots through the pages."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.urls import reverse

from dahui.elections import services
from dahui.elections.models import Election, Method, PaperEntry
from dahui.elections.paper import settled_contents
from tests.elections.test_views import client_for


def test_the_secretariat_sets_up_an_election_and_the_contest_rule_is_applied(world):
    client = client_for(world.secretariat)
    client.post(reverse("elections:new-election", args=[world.congress.pk]), {
        "title": "经费审查委员会委员", "body": "funds_review", "seats": "2", "quorum": "2/3",
        "min_excess": "1/20", "threshold_base": "entitled", "write_ins": "on",
    })
    election = Election.objects.get(title="经费审查委员会委员")
    url = reverse("elections:election", args=[election.pk])
    for who in (world.delegate("王敏").number, "李强"):
        client.post(url, {"action": "add_candidate", "who": who, "bio": "一线职工"})
    assert [c.name for c in election.candidates.all()] == ["王敏", "李强"]
    assert all(c.delegate_id for c in election.candidates.all())
    page = client.get(url)
    assert "至少需要 3 名候选人" in page.content.decode()
    response = client.post(url, {"action": "create_round", "session": world.session.pk,
                                 "method": "electronic"}, follow=True)
    assert not election.polls.exists()
    assert any("至少需要 3 名" in str(m) for m in get_messages(response.wsgi_request))


def test_assigning_a_candidate_as_counter_is_refused_with_the_reason(world, election):
    client = client_for(world.secretariat)
    world.congress.roles.create(user=world.delegate("王敏").user, role="counter")
    response = client.post(
        reverse("elections:election", args=[election.pk]),
        {"action": "assign_scrutineer", "user": world.delegate("王敏").user.pk,
         "role": "counter"}, follow=True,
    )
    assert any("候选人" in str(m) for m in get_messages(response.wsgi_request))
    assert not election.scrutineers.filter(user=world.delegate("王敏").user).exists()


def test_two_counters_enter_a_paper_ballot_through_the_page(world, election):
    poll = services.create_election_poll(
        election=election, session=world.session, method=Method.PAPER, by=world.secretariat
    )
    services.open_poll(poll=poll, by=world.secretariat)
    services.close_poll(poll=poll, by=world.secretariat)
    first = poll.candidates.order_by("order").first()
    url = reverse("elections:paper", args=[poll.pk])
    for counter in world.counters:
        client_for(counter).post(url, {"position": "7", f"mark-{first.rules_id}": "for",
                                       "write_in": ["", "赵磊"]})
    assert PaperEntry.objects.filter(poll=poll, position=7).count() == 2
    assert settled_contents(poll=poll) == [
        {"marks": {first.rules_id: "for"}, "write_ins": ["赵磊"]}
    ]
    assert client_for(world.presidium).get(url).status_code == 403
