"""Set-up guards: scrutineers fixed at open, candidates not removable once ballots exist,
names that are no delegate flagged, and who still has to confirm a count."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from dahui.elections import services
from dahui.elections.errors import WrongState
from dahui.elections.models import Candidate, Method, Scrutineer
from dahui.voting.services import cast_ballot
from tests.elections.people import make_user
from tests.elections.test_views import client_for


def test_no_scrutineer_or_chief_can_be_assigned_once_the_vote_opened(world, election_poll):
    election = election_poll.election
    services.open_poll(poll=election_poll, by=world.secretariat)
    late = make_user("late-chief")
    Scrutineer.objects.filter(election=election, role="chief_scrutineer").delete()
    for role in ("chief_scrutineer", "scrutineer", "counter"):
        with pytest.raises(WrongState, match="已确定"):
            services.assign_scrutineer(election=election, user=late, role=role,
                                       by=world.secretariat)
    assert not Scrutineer.objects.filter(election=election, user=late).exists()


def test_the_page_says_why_no_scrutineer_can_be_assigned_after_the_count(
    world, election_poll
):
    from dahui.congress.models import Role

    services.open_poll(poll=election_poll, by=world.secretariat)
    services.close_poll(poll=election_poll, by=world.secretariat)
    services.count_poll(poll=election_poll, by=world.secretariat)
    late = make_user("late-2", congress=world.congress, role=Role.CHIEF_SCRUTINEER)
    client = client_for(world.secretariat)
    url = reverse("elections:election", args=[election_poll.election_id])
    assert 'value="assign_scrutineer"' not in client.get(url).content.decode()
    response = client.post(url, {"action": "assign_scrutineer", "user": late.pk,
                                 "role": "chief_scrutineer"})
    assert "不能再增派" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert not Scrutineer.objects.filter(user=late).exists()


def test_candidates_cannot_be_removed_once_ballots_were_issued(world, election_poll):
    client = client_for(world.secretariat)
    url = reverse("elections:election", args=[election_poll.election_id])
    assert 'value="remove_candidate"' in client.get(url).content.decode()
    services.open_poll(poll=election_poll, by=world.secretariat)
    cast_ballot(poll=election_poll, voter=world.delegate("王敏"), choices={"marks": {}},
                idempotency_key="key-00000001")
    page = client.get(url).content.decode()
    assert 'value="remove_candidate"' not in page
    candidate = election_poll.candidates.first()
    client.post(url, {"action": "remove_candidate", "candidate": candidate.pk})
    assert Candidate.objects.filter(pk=candidate.pk).exists()
    with pytest.raises(WrongState):
        services.remove_candidate(candidate=candidate, by=world.secretariat)


def test_a_name_that_is_no_delegate_is_flagged_not_refused(world, election):
    client = client_for(world.secretariat)
    url = reverse("elections:election", args=[election.pk])
    response = client.post(url, {"action": "add_candidate", "who": "王小明"})
    assert "不是本次大会代表" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert Candidate.objects.filter(election=election, name="王小明", delegate=None).exists()
    page = client.get(url).content.decode()
    assert 'id="not-delegates"' in page
    assert "非大会代表" in page
    client.post(url, {"action": "add_candidate", "who": "陈静"})
    response = client.post(url, {"action": "add_candidate", "who": "杨帆"})
    assert not any("不是本次大会代表" in str(m) for m in get_messages(response.wsgi_request))


def _counted(world, poll):
    services.open_poll(poll=poll, by=world.secretariat)
    services.close_poll(poll=poll, by=world.secretariat)
    services.count_poll(poll=poll, by=world.secretariat)
    poll.refresh_from_db()
    return poll


def test_the_poll_page_says_who_still_has_to_confirm(world, election_poll):
    poll = _counted(world, election_poll)
    services.confirm_poll(poll=poll, by=world.scrutineer)
    page = client_for(world.presidium).get(
        reverse("elections:poll", args=[poll.pk])).content.decode()
    still = page.split('id="confirmations"')[1].split("</ul>")[0]
    assert still.count("尚未确认") == 3  # the chief and the two counters
    assert "chief" in still.split("尚未确认")[0]


def test_the_chief_sees_what_awaits_their_confirmation(world, election_poll):
    client = client_for(world.chief)
    home = reverse("congress:home", args=[world.congress.pk])
    assert "待您确认" not in client.get(home).content.decode()
    poll = _counted(world, election_poll)
    for url in (home, reverse("elections:votes", args=[world.congress.pk])):
        page = client.get(url).content.decode()
        assert "待您确认" in page
        assert reverse("elections:poll", args=[poll.pk]) in page
    services.confirm_poll(poll=poll, by=world.chief)
    assert "待您确认" not in client.get(home).content.decode()


def test_a_paper_motion_is_printed_entered_and_counted(world, motion):
    poll = services.create_motion_poll(motion=motion, session=world.session,
                                       method=Method.PAPER, by=world.secretariat)
    services.open_poll(poll=poll, by=world.secretariat)
    pdf = client_for(world.secretariat).get(
        reverse("elections:ballot-papers", args=[poll.pk]) + "?count=3")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    services.record_paper_counts(poll=poll, issued=8, returned=3, by=world.secretariat)
    services.close_poll(poll=poll, by=world.secretariat)
    url = reverse("elections:paper", args=[poll.pk])
    for counter in world.counters:
        client = client_for(counter)
        assert client.get(url).status_code == 200
        for position, vote in ((1, "for"), (2, "for"), (3, "against")):
            client.post(url, {"position": position, "vote": vote})
    services.count_poll(poll=poll, by=world.secretariat)
    poll.refresh_from_db()
    assert (poll.result["for"], poll.result["against"], poll.result["returned"]) == (2, 1, 3)
