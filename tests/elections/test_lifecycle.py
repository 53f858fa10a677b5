"""The poll lifecycle: draft → open → closed → counted → confirmed → published."""

from __future__ import annotations

import uuid

import pytest

from dahui import rules
from dahui.audit.models import AuditEntry
from dahui.audit.services import verify_stored
from dahui.elections import services
from dahui.elections.errors import (
    ChiefNotConfirmed,
    NotAllowed,
    Refused,
    ScrutineerConflict,
    WrongState,
)
from dahui.elections.models import Method, PollState, RunoffChoice
from dahui.voting.services import cast_ballot


def vote(poll, delegate, **choices):
    return cast_ballot(
        poll=poll, voter=delegate, choices=choices, idempotency_key=str(uuid.uuid4())
    )


def marks_for(poll, *names, against=(), write_ins=()):
    ids = {c.name: c.rules_id for c in poll.candidates.all()}
    marks = {ids[n]: "for" for n in names} | {ids[n]: "against" for n in against}
    return {"marks": marks, "write_ins": list(write_ins)}


def test_a_list_without_the_required_contest_is_refused_at_set_up(world):
    from tests.elections.conftest import staff_election

    election = staff_election(world, seats=3, names=("王敏", "李强", "张伟"))
    with pytest.raises(rules.ContestTooSmall):
        services.create_election_poll(
            election=election, session=world.session, method=Method.ELECTRONIC,
            by=world.secretariat,
        )


def test_a_bad_quorum_setting_is_refused_with_the_field_named(world):
    with pytest.raises(Refused, match="quorum"):
        services.create_election(
            congress=world.congress, title="主席", body="chair", seats=1, quorum="two thirds",
            by=world.secretariat,
        )


def test_a_candidate_cannot_be_assigned_as_scrutineer(world, election):
    with pytest.raises(ScrutineerConflict, match="王敏"):
        services.assign_scrutineer(
            election=election, user=world.delegate("王敏").user, role="counter",
            by=world.secretariat,
        )


def test_a_scrutineer_cannot_be_nominated(world, election):
    services.assign_scrutineer(
        election=election, user=world.delegate("陈静").user, role="scrutineer",
        by=world.secretariat,
    )
    with pytest.raises(ScrutineerConflict, match="陈静"):
        services.add_candidate(
            election=election, name="陈静", delegate=world.delegate("陈静"),
            by=world.secretariat,
        )


def test_opening_freezes_entitled_and_issued(world, election_poll):
    services.open_poll(poll=election_poll, by=world.secretariat)
    assert election_poll.state == PollState.OPEN
    assert (election_poll.entitled, election_poll.issued) == (10, 8)


def test_opening_twice_is_refused(world, election_poll):
    services.open_poll(poll=election_poll, by=world.secretariat)
    with pytest.raises(WrongState):
        services.open_poll(poll=election_poll, by=world.secretariat)


def test_closing_a_draft_poll_is_refused(world, election_poll):
    with pytest.raises(WrongState):
        services.close_poll(poll=election_poll, by=world.secretariat)


def test_counting_an_open_poll_is_refused(world, election_poll):
    services.open_poll(poll=election_poll, by=world.secretariat)
    with pytest.raises(WrongState):
        services.count_poll(poll=election_poll, by=world.secretariat)


def run_to_counted(world, poll, ballots):
    services.open_poll(poll=poll, by=world.secretariat)
    for delegate, choices in zip(world.delegates, ballots, strict=False):
        vote(poll, delegate, **choices)
    services.close_poll(poll=poll, by=world.presidium)
    services.count_poll(poll=poll, by=world.presidium)
    poll.refresh_from_db()
    return poll


def test_a_whole_election_is_counted_by_the_rules_and_published(world, election_poll):
    poll = election_poll
    ballots = [marks_for(poll, "王敏", "李强", "张伟")] * 6 + [marks_for(poll, "刘洋")] * 2
    run_to_counted(world, poll, ballots)
    assert poll.result["status"] == "elected"
    assert poll.result["threshold"] == 6
    assert poll.result["returned"] == 8
    elected = {c.rules_id: c.name for c in poll.candidates.all()}
    assert sorted(elected[i] for i in poll.result["elected"]) == sorted(["王敏", "李强", "张伟"])
    services.confirm_poll(poll=poll, by=world.scrutineer)
    with pytest.raises(ChiefNotConfirmed):
        services.publish_poll(poll=poll, by=world.secretariat)
    services.confirm_poll(poll=poll, by=world.chief)
    services.publish_poll(poll=poll, by=world.secretariat)
    assert poll.state == PollState.PUBLISHED


def test_publishing_without_the_chief_scrutineer_is_refused(world, election_poll):
    run_to_counted(world, election_poll, [marks_for(election_poll, "王敏")] * 8)
    with pytest.raises(ChiefNotConfirmed, match="总监票人"):
        services.publish_poll(poll=election_poll, by=world.secretariat)


def test_someone_not_a_scrutineer_of_the_election_cannot_confirm(world, election_poll):
    run_to_counted(world, election_poll, [marks_for(election_poll, "王敏")] * 8)
    with pytest.raises(NotAllowed):
        services.confirm_poll(poll=election_poll, by=world.presidium)


def test_every_lifecycle_step_is_in_the_audit_chain_and_it_verifies(world, election_poll):
    run_to_counted(world, election_poll, [marks_for(election_poll, "王敏")] * 8)
    services.confirm_poll(poll=election_poll, by=world.chief)
    services.publish_poll(poll=election_poll, by=world.secretariat)
    actions = list(
        AuditEntry.objects.filter(subject=f"poll:{election_poll.pk}")
        .order_by("seq").values_list("action", flat=True)
    )
    assert actions == [
        "poll.created", "poll.opened", "poll.closed", "poll.counted", "count.confirmed",
        "result.published",
    ]
    assert verify_stored(congress_id=world.congress.pk) == []


def test_a_tie_at_the_last_seat_leads_to_a_runoff_decided_by_the_presidium(world, election):
    poll = services.create_election_poll(
        election=election, session=world.session, method=Method.ELECTRONIC,
        by=world.secretariat,
    )
    # Each ballot leaves one of the four out, twice over: all four tie at 6 for 3 seats.
    names = ["王敏", "李强", "张伟", "刘洋"]
    ballots = [marks_for(poll, *[n for n in names if n != left]) for left in names] * 2
    run_to_counted(world, poll, ballots)
    assert poll.result["status"] == "runoff"
    assert poll.result["runoff"]["reason"] == "tie"
    with pytest.raises(WrongState):
        services.decide_runoff(poll=poll, choice=RunoffChoice.HOLD, by=world.presidium)
    services.confirm_poll(poll=poll, by=world.chief)
    decision = services.decide_runoff(poll=poll, choice=RunoffChoice.HOLD, by=world.presidium)
    runoff = decision.next_poll
    assert runoff.round == 2
    assert runoff.seats == poll.result["runoff"]["seats"]
    assert {c.rules_id for c in runoff.candidates.all()} == set(
        poll.result["runoff"]["candidates"]
    )
    assert AuditEntry.objects.filter(action="runoff.decided").count() == 1
    with pytest.raises(Refused):
        services.decide_runoff(poll=poll, choice=RunoffChoice.LEAVE_EMPTY, by=world.presidium)


def test_motion_totals_above_issued_are_refused_by_the_rules(world, motion):
    poll = services.create_motion_poll(
        motion=motion, session=world.session, method=Method.TOTALS, by=world.secretariat
    )
    services.open_poll(poll=poll, by=world.secretariat)
    services.close_poll(poll=poll, by=world.secretariat)
    with pytest.raises(rules.TotalsExceedIssued):
        services.enter_totals(poll=poll, votes_for=8, against=1, abstain=0, by=world.secretariat)
    poll.refresh_from_db()
    assert poll.total_for is None
    services.enter_totals(poll=poll, votes_for=7, against=1, abstain=0, by=world.secretariat)
    services.count_poll(poll=poll, by=world.secretariat)
    assert poll.result["status"] == "passed"
    services.publish_poll(poll=poll, by=world.presidium)
    assert poll.state == PollState.PUBLISHED
