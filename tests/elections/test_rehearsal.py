"""Rehearsal (彩排) polls: marked at set-up, labelled wherever shown, never in the minutes,
the election records, the announcements or the lists of results, and deleted with one
action that only the secretariat may take (with an audit entry)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from dahui.audit.models import AuditEntry
from dahui.elections import records, services
from dahui.elections.errors import Refused
from dahui.elections.models import Election, Method, Motion, Poll
from dahui.elections.rehearsal import delete_rehearsal
from dahui.elections.selectors import day_facts, election_outcome, published_polls
from dahui.groups.selectors import bulletin_facts
from dahui.voting.models import CastBallot, Participation
from dahui.voting.services import cast_ballot
from tests.elections.conftest import staff_election
from tests.elections.test_access import ROLES, person
from tests.elections.test_views import client_for

BANNER = "本次为彩排投票"


def _rehearsal_motion(world, title="彩排：关于测试表决器的决议") -> Poll:
    motion = services.create_motion(congress=world.congress, title=title, kind="report",
                                    by=world.secretariat)
    return services.create_motion_poll(motion=motion, session=world.session,
                                       method=Method.ELECTRONIC, by=world.secretariat,
                                       rehearsal=True)


def _published(world, poll: Poll, voters=("王敏", "李强")) -> Poll:
    services.open_poll(poll=poll, by=world.secretariat)
    for index, name in enumerate(voters):
        cast_ballot(poll=poll, voter=world.delegate(name), choices={"vote": "for"},
                    idempotency_key=f"rehearsal-key-{index}-{poll.pk}")
    services.close_poll(poll=poll, by=world.secretariat)
    services.count_poll(poll=poll, by=world.secretariat)
    services.publish_poll(poll=poll, by=world.secretariat)
    poll.refresh_from_db()
    return poll


def test_a_rehearsal_is_marked_at_set_up_through_the_form(world):
    client = client_for(world.secretariat)
    response = client.post(reverse("elections:new-motion", args=[world.congress.pk]), {
        "title": "彩排表决", "kind": "report", "method": "electronic",
        "session": world.session.pk, "threshold_base": "entitled", "rehearsal": "on",
    })
    assert response.status_code == 302
    assert Poll.objects.get(motion__title="彩排表决").rehearsal is True
    created = AuditEntry.objects.filter(action="poll.created").order_by("-id").first()
    assert created.data["rehearsal"] is True


def test_a_published_rehearsal_is_in_no_minutes_results_or_records(world, motion_poll):
    real = _published(world, motion_poll)
    _published(world, _rehearsal_motion(world))
    assert list(published_polls(world.congress)) == [real]
    facts = day_facts(world.congress, world.session)
    assert [m.title for m in facts.motions] == [real.title]
    day = timezone.localdate(real.published_at)
    bulletin = bulletin_facts(world.congress, day, number=1)
    assert [m.title for m in bulletin.motions] == [real.title]


def test_a_rehearsal_election_is_in_no_announcement_or_report(world):
    election = staff_election(world)
    poll = services.create_election_poll(election=election, session=world.session,
                                         method=Method.ELECTRONIC, by=world.secretariat,
                                         rehearsal=True)
    services.open_poll(poll=poll, by=world.secretariat)
    cast_ballot(poll=poll, voter=world.delegate("王敏"),
                choices={f"mark-{c.rules_id}": "for" for c in poll.candidates.all()[:2]},
                idempotency_key="rehearsal-election-1")
    services.close_poll(poll=poll, by=world.secretariat)
    services.count_poll(poll=poll, by=world.secretariat)
    assert election_outcome(election).rounds  # its own page shows the practice count
    assert not election_outcome(election, rehearsals=False).rounds
    with pytest.raises(records.NothingToReport):
        records.count_report(election)
    with pytest.raises(records.NothingToReport):
        records.counts_workbook(election)
    with pytest.raises(records.NothingToReport):
        records.announcement(election)
    assert day_facts(world.congress, world.session).elections == []


def test_deleting_a_rehearsal_removes_it_its_ballots_and_its_motion_with_an_audit_entry(world):
    poll = _published(world, _rehearsal_motion(world))
    pk, motion_id = poll.pk, poll.motion_id
    assert CastBallot.objects.filter(poll_id=pk).count() == 2
    done = delete_rehearsal(poll=poll, by=world.secretariat)
    assert done == {"polls": [pk], "subject_deleted": True}
    assert not Poll.objects.filter(pk=pk).exists()
    assert not Motion.objects.filter(pk=motion_id).exists()
    assert not CastBallot.objects.filter(poll_id=pk).exists()
    assert not Participation.objects.filter(poll_id=pk).exists()
    entry = AuditEntry.objects.filter(action="poll.rehearsal_deleted").get()
    assert entry.subject == f"poll:{pk}"
    assert entry.data["polls"] == [pk]


def test_deleting_an_open_rehearsal_election_removes_the_election(world):
    election = staff_election(world)
    poll = services.create_election_poll(election=election, session=world.session,
                                         method=Method.ELECTRONIC, by=world.secretariat,
                                         rehearsal=True)
    services.open_poll(poll=poll, by=world.secretariat)
    delete_rehearsal(poll=poll, by=world.secretariat)
    assert not Election.objects.filter(pk=election.pk).exists()


def test_a_real_poll_is_never_deleted_as_a_rehearsal(world, motion_poll):
    with pytest.raises(Refused, match=r"正式投票|real vote"):
        delete_rehearsal(poll=motion_poll, by=world.secretariat)
    assert Poll.objects.filter(pk=motion_poll.pk).exists()
    assert not AuditEntry.objects.filter(action="poll.rehearsal_deleted").exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_deletes_a_rehearsal(world, role):
    poll = _rehearsal_motion(world)
    response = client_for(person(world, role)).post(
        reverse("elections:delete-rehearsal", args=[poll.pk]))
    if role == "secretariat":
        assert response.status_code == 302
        assert response["Location"] == reverse("elections:votes", args=[world.congress.pk])
        assert not Poll.objects.filter(pk=poll.pk).exists()
    else:
        assert response.status_code in (403, 404)
        assert Poll.objects.filter(pk=poll.pk).exists()


def test_the_delete_action_refuses_a_real_poll_with_a_message(world, motion_poll):
    client = client_for(world.secretariat)
    response = client.post(reverse("elections:delete-rehearsal", args=[motion_poll.pk]),
                           follow=True)
    assert "只能删除彩排投票" in response.content.decode()
    assert Poll.objects.filter(pk=motion_poll.pk).exists()


def test_the_delete_action_takes_only_a_post(world):
    poll = _rehearsal_motion(world)
    response = client_for(world.secretariat).get(
        reverse("elections:delete-rehearsal", args=[poll.pk]))
    assert response.status_code == 405


def test_the_banner_is_on_the_poll_page_the_ballot_and_the_screen(world, motion_poll):
    poll = _rehearsal_motion(world)
    services.open_poll(poll=poll, by=world.secretariat)
    page = client_for(world.secretariat).get(reverse("elections:poll", args=[poll.pk]))
    assert BANNER in page.content.decode()
    assert 'id="delete-rehearsal"' in page.content.decode()
    real = client_for(world.secretariat).get(reverse("elections:poll", args=[motion_poll.pk]))
    assert BANNER not in real.content.decode()
    ballot = client_for(world.delegate("王敏").user).get(reverse("voting:ballot", args=[poll.pk]))
    assert BANNER in ballot.content.decode()
