"""Every write to elections, motions and polls.

Each service runs in one transaction, changes state by compare-and-set
(`filter(pk=…, state=FROM).update(state=TO) == 1`), appends its audit entry inside that
transaction and publishes its live event on commit. Rule decisions come from the rules
core through `elections.counting`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dahui import rules
from dahui.audit.services import record
from dahui.congress.models import (
    DEFAULT_MIN_EXCESS,
    DEFAULT_QUORUM,
    DEFAULT_THRESHOLD_BASE,
    AgendaItem,
    Congress,
    CongressRole,
    Delegate,
    PlenarySession,
)
from dahui.congress.selectors import entitled_delegates, present_entitled_delegates
from dahui.elections import counting
from dahui.elections.errors import (
    ChiefNotConfirmed,
    CountIncomplete,
    NotAllowed,
    Refused,
    ScrutineerConflict,
    WrongState,
)
from dahui.elections.models import (
    Candidate,
    Confirmation,
    Election,
    Method,
    Motion,
    Poll,
    PollState,
    RunoffChoice,
    RunoffDecision,
    Scrutineer,
    ScrutineerRole,
)
from dahui.live.events import PollClosed, PollOpened, ResultPublished, publish_on_commit
from dahui.voting import services as voting


def _subject(poll: Poll) -> str:
    return f"poll:{poll.pk}"


def _audit(poll: Poll, by: Any, action: str, **data: Any) -> None:
    record(
        congress=poll.congress_id, actor=by, action=action, subject=_subject(poll),
        data={"title": poll.title, "round": poll.round, **data},
    )


def _advance(poll: Poll, *, source: Iterable[str], target: str, **fields: Any) -> None:
    """Compare-and-set the poll's state; refuse if another request moved it first."""
    source = tuple(source)
    if Poll.objects.filter(pk=poll.pk, state__in=source).update(state=target, **fields) != 1:
        current = Poll.objects.filter(pk=poll.pk).values_list("state", flat=True).first()
        raise WrongState(
            _("The poll is %(current)s; this step needs it %(needed)s.")
            % {
                "current": PollState(current).label if current else "?",
                "needed": " / ".join(str(PollState(s).label) for s in source),
            }
        )
    poll.refresh_from_db()


# ---------------------------------------------------------------- set-up


def create_election(
    *,
    congress: Congress,
    title: str,
    body: str,
    seats: int,
    by: Any,
    quorum: str = DEFAULT_QUORUM,
    min_excess: str = DEFAULT_MIN_EXCESS,
    threshold_base: str = DEFAULT_THRESHOLD_BASE,
    write_ins: bool = True,
    agenda_item: AgendaItem | None = None,
) -> Election:
    election = Election(
        congress=congress, title=title.strip(), body=body, seats=seats, quorum=quorum,
        min_excess=min_excess, threshold_base=threshold_base, write_ins=write_ins,
        agenda_item=agenda_item,
    )
    if not election.title:
        raise Refused(_("The election needs a title."))
    if seats < 1:
        raise Refused(_("Seats must be at least 1, not %(seats)s.") % {"seats": seats})
    try:
        counting.election_rules(election)
    except (ValueError, rules.RulesError) as error:
        raise Refused(str(error)) from None
    with transaction.atomic():
        election.order = (congress.elections.aggregate(m=Max("order"))["m"] or 0) + 1
        try:
            with transaction.atomic():
                election.save()
        except IntegrityError:
            raise Refused(
                _("An election titled %(title)s already exists.") % {"title": election.title}
            ) from None
        record(
            congress=congress, actor=by, action="election.created",
            subject=f"election:{election.pk}",
            data={"title": election.title, "seats": seats, "quorum": quorum,
                  "min_excess": min_excess, "threshold_base": threshold_base,
                  "write_ins": write_ins},
        )
    return election


def _is_scrutineer(election: Election, delegate: Delegate) -> bool:
    if delegate.user_id is None:
        return False
    return Scrutineer.objects.filter(
        election__congress=election.congress, user_id=delegate.user_id
    ).exists()


def add_candidate(
    *,
    election: Election,
    name: str,
    by: Any,
    delegate: Delegate | None = None,
    bio: str = "",
    write_in: bool = False,
) -> Candidate:
    """Nominate a candidate. A scrutineer or counter of the congress can never be one."""
    name = (name or (delegate.name if delegate else "")).strip()
    if not name:
        raise Refused(_("The candidate needs a name."))
    if delegate is not None:
        if delegate.congress_id != election.congress_id:
            raise Refused(_("%(name)s is not a delegate of this congress.") % {"name": name})
        if _is_scrutineer(election, delegate):
            raise ScrutineerConflict(
                _("%(name)s is a scrutineer or counter and cannot be nominated.")
                % {"name": name}
            )
    if election.polls.exclude(state=PollState.DRAFT).filter(round=1).exists():
        raise WrongState(_("Voting has started: the list can no longer change."))
    with transaction.atomic():
        order = (election.candidates.aggregate(m=Max("order"))["m"] or 0) + 1
        try:
            with transaction.atomic():
                candidate = Candidate.objects.create(
                    election=election, name=name, delegate=delegate, bio=bio, order=order,
                    write_in=write_in,
                )
        except IntegrityError:
            raise Refused(
                _("%(name)s is already on the list of %(title)s.")
                % {"name": name, "title": election.title}
            ) from None
        for poll in election.polls.filter(round=1, state=PollState.DRAFT):
            poll.candidates.add(candidate)
        record(
            congress=election.congress_id, actor=by, action="candidate.added",
            subject=f"election:{election.pk}", data={"name": name, "order": order},
        )
    return candidate


def remove_candidate(*, candidate: Candidate, by: Any) -> None:
    """Take a candidate off the list, only while no vote of the election has opened."""
    election = candidate.election
    with transaction.atomic():
        # Locked as in `_refuse_after_open`: an open cannot slip in before the delete.
        states = Poll.objects.select_for_update().filter(election=election) \
            .values_list("state", flat=True)
        if any(state != PollState.DRAFT for state in states):
            raise WrongState(
                _("Ballots have been issued for %(title)s: %(name)s stays on the list.")
                % {"title": election.title, "name": candidate.name}
            )
        record(
            congress=election.congress_id, actor=by, action="candidate.removed",
            subject=f"election:{election.pk}", data={"name": candidate.name},
        )
        candidate.delete()


def _refuse_after_open(election: Election, *, lock: bool = False) -> None:
    """The scrutineers freeze when the election's first vote opens: those who watched the
    ballots issued and returned are the ones who count and sign."""
    polls = Poll.objects.filter(election=election)
    if lock:
        polls = polls.select_for_update()
    if any(state != PollState.DRAFT for state in polls.values_list("state", flat=True)):
        raise WrongState(
            _("The vote on %(title)s has opened: its scrutineers and counters are fixed and "
              "no one can be assigned any more.") % {"title": election.title}
        )


def assign_scrutineer(*, election: Election, user: Any, role: str, by: Any) -> Scrutineer:
    """Assign a scrutineer or counter; a nominated candidate is refused with the reason."""
    role = ScrutineerRole(role)
    _refuse_after_open(election)
    candidacy = Candidate.objects.filter(
        election__congress=election.congress, delegate__user=user
    ).select_related("election").first()
    if candidacy is not None:
        raise ScrutineerConflict(
            _("%(name)s is a candidate in %(title)s and cannot scrutinise or count.")
            % {"name": candidacy.name, "title": candidacy.election.title}
        )
    with transaction.atomic():
        # The rounds' rows stay locked until this commits, so an open cannot slip in
        # between the check and the insert (opening updates the same row).
        _refuse_after_open(election, lock=True)
        try:
            with transaction.atomic():
                scrutineer = Scrutineer.objects.create(election=election, user=user, role=role)
        except IntegrityError:
            raise Refused(
                _("%(user)s already has a role in this election, or it already has a "
                  "chief scrutineer.") % {"user": user}
            ) from None
        record(
            congress=election.congress_id, actor=by, action="scrutineer.assigned",
            subject=f"election:{election.pk}", data={"user": str(user), "role": role.value},
        )
    return scrutineer


def create_motion(
    *,
    congress: Congress,
    title: str,
    kind: str,
    by: Any,
    quorum: str = DEFAULT_QUORUM,
    threshold_base: str = DEFAULT_THRESHOLD_BASE,
    agenda_item: AgendaItem | None = None,
) -> Motion:
    motion = Motion(
        congress=congress, title=title.strip(), kind=kind, quorum=quorum,
        threshold_base=threshold_base, agenda_item=agenda_item,
    )
    if not motion.title:
        raise Refused(_("The motion needs a title."))
    try:
        counting.motion_rules(motion)
    except (ValueError, rules.RulesError) as error:
        raise Refused(str(error)) from None
    with transaction.atomic():
        motion.order = (congress.motions.aggregate(m=Max("order"))["m"] or 0) + 1
        try:
            with transaction.atomic():
                motion.save()
        except IntegrityError:
            raise Refused(
                _("A motion titled %(title)s already exists.") % {"title": motion.title}
            ) from None
        record(
            congress=congress, actor=by, action="motion.created",
            subject=f"motion:{motion.pk}", data={"title": motion.title, "kind": kind},
        )
    return motion


def create_election_poll(
    *, election: Election, session: PlenarySession, method: str, by: Any,
    rehearsal: bool = False,
) -> Poll:
    """The first round of an election. The 差额 check refuses a short list here."""
    if method not in (Method.ELECTRONIC, Method.PAPER):
        raise Refused(_("An election is voted by electronic or paper ballot."))
    candidates = list(election.candidates.all())
    counting.check_list(election, candidates=len(candidates))
    with transaction.atomic():
        try:
            with transaction.atomic():
                poll = Poll.objects.create(
                    congress=election.congress, election=election, round=1,
                    seats=election.seats, session=session, method=method,
                    rehearsal=rehearsal,
                )
        except IntegrityError:
            raise Refused(_("This election already has its first round.")) from None
        poll.candidates.set(candidates)
        _audit(poll, by, "poll.created", method=method, candidates=[c.name for c in candidates],
               **({"rehearsal": True} if rehearsal else {}))
    return poll


def create_motion_poll(
    *, motion: Motion, session: PlenarySession, method: str, by: Any,
    rehearsal: bool = False,
) -> Poll:
    if method not in Method.values:
        raise Refused(_("Unknown voting method %(method)s.") % {"method": method})
    with transaction.atomic():
        try:
            with transaction.atomic():
                poll = Poll.objects.create(
                    congress=motion.congress, motion=motion, session=session, method=method,
                    rehearsal=rehearsal,
                )
        except IntegrityError:
            raise Refused(_("This motion already has its vote.")) from None
        _audit(poll, by, "poll.created", method=method,
               **({"rehearsal": True} if rehearsal else {}))
    return poll


def delete_poll(*, poll: Poll, by: Any) -> None:
    """Delete a vote that never opened (no ballot was ever issued for it).

    A motion is only its vote, so a motion's first vote goes with the motion; an election
    keeps its list and can set up its vote again.
    """
    if hasattr(poll, "runoff_of"):
        raise Refused(
            _("This round was set up by the presidium's runoff decision and stays.")
        )
    with transaction.atomic():
        deleted, _rows = Poll.objects.filter(pk=poll.pk, state=PollState.DRAFT).delete()
        if not deleted:
            raise WrongState(
                _("Ballots have been issued for %(title)s: the vote cannot be deleted.")
                % {"title": poll.title}
            )
        _audit(poll, by, "poll.deleted", method=poll.method)
        if poll.motion_id and poll.round == 1:
            record(
                congress=poll.congress_id, actor=by, action="motion.deleted",
                subject=f"motion:{poll.motion_id}", data={"title": poll.motion.title},
            )
            Motion.objects.filter(pk=poll.motion_id).delete()


# ---------------------------------------------------------------- lifecycle


def open_poll(*, poll: Poll, by: Any) -> Poll:
    """Open the vote and freeze 应到 and 发出: the entitled delegates checked in now.

    An electronic poll's issued is the number of eligibility rows inserted, by the one
    statement that builds its electorate, so a check-in committed while the poll opens is
    counted in both or in neither.
    """
    if poll.election_id and poll.round == 1:
        counting.check_list(poll.election, candidates=poll.candidates.count())
    with transaction.atomic():
        entitled = entitled_delegates(poll.congress).count()
        if entitled == 0:
            raise Refused(_("The congress has no entitled delegates yet."))
        _advance(
            poll, source=[PollState.DRAFT], target=PollState.OPEN, entitled=entitled,
            opened_at=timezone.now().replace(second=0, microsecond=0),
        )
        if poll.method == Method.ELECTRONIC:
            present = voting.freeze_electorate(poll=poll)
        else:
            present = present_entitled_delegates(poll.session).count()
        Poll.objects.filter(pk=poll.pk).update(issued=present)
        poll.issued = present
        _audit(poll, by, "poll.opened", entitled=entitled, issued=present, method=poll.method)
        publish_on_commit(PollOpened(congress_id=poll.congress_id, poll_id=poll.pk))
    return poll


def close_poll(*, poll: Poll, by: Any) -> Poll:
    """Close the vote. Electronic ballots are sealed: returned is what was cast."""
    with transaction.atomic():
        _advance(
            poll, source=[PollState.OPEN], target=PollState.CLOSED,
            closed_at=timezone.now().replace(second=0, microsecond=0),
        )
        data: dict[str, Any] = {"issued": poll.issued}
        if poll.method == Method.ELECTRONIC:
            returned = voting.seal_ballots(poll=poll)
            Poll.objects.filter(pk=poll.pk).update(returned=returned)
            poll.returned = returned
            data["returned"] = returned
        _audit(poll, by, "poll.closed", **data)
        publish_on_commit(PollClosed(congress_id=poll.congress_id, poll_id=poll.pk))
    return poll


def record_paper_counts(*, poll: Poll, issued: int, returned: int, by: Any) -> Poll:
    """发出 and 收回 of a paper poll, as the scrutineers counted them at the boxes."""
    if poll.method != Method.PAPER:
        raise Refused(_("Only a paper poll has counted ballots to record."))
    if issued < 0 or returned < 0:
        raise Refused(_("Issued and returned cannot be negative."))
    if issued > (poll.entitled or 0):
        raise Refused(
            _("Issued %(issued)s exceeds the %(entitled)s entitled delegates.")
            % {"issued": issued, "entitled": poll.entitled}
        )
    with transaction.atomic():
        if Poll.objects.filter(
            pk=poll.pk, state__in=[PollState.OPEN, PollState.CLOSED]
        ).update(issued=issued, returned=returned) != 1:
            raise WrongState(_("Counts are recorded while the poll is open or closed."))
        poll.refresh_from_db()
        _audit(poll, by, "paper.counts_recorded", issued=issued, returned=returned)
    return poll


def enter_totals(
    *, poll: Poll, votes_for: int, against: int, abstain: int, by: Any
) -> Poll:
    """Show-of-hands or keypad totals of a motion; the rules core checks them against issued."""
    if poll.method != Method.TOTALS:
        raise Refused(_("Totals are entered only for a show-of-hands or keypad vote."))
    if min(votes_for, against, abstain) < 0:
        raise Refused(_("Totals cannot be negative."))
    with transaction.atomic():
        poll.total_for, poll.total_against, poll.total_abstain = votes_for, against, abstain
        counting.tally_totals(poll)  # raises TotalsExceedIssued before anything is stored
        if Poll.objects.filter(pk=poll.pk, state=PollState.CLOSED).update(
            total_for=votes_for, total_against=against, total_abstain=abstain,
            returned=votes_for + against + abstain,
        ) != 1:
            raise WrongState(_("Totals are entered after the vote is closed."))
        poll.refresh_from_db()
        _audit(poll, by, "totals.entered", votes_for=votes_for, against=against, abstain=abstain)
    return poll


def returned_contents(poll: Poll) -> list[dict[str, Any]]:
    if poll.method == Method.ELECTRONIC:
        return voting.ballot_contents(poll=poll)
    from dahui.elections.paper_sources import source_for

    return source_for(poll).contents(poll)


def count_poll(*, poll: Poll, by: Any) -> Poll:
    """Count by the rules core and store its result; the result is never edited afterwards."""
    if poll.state != PollState.CLOSED:
        raise WrongState(_("Only a closed poll can be counted."))
    if poll.method == Method.TOTALS and poll.appraisal_id:
        totals = counting.stored_appraisal_totals(poll)
        if poll.returned is None or not totals:
            raise CountIncomplete(_("Enter the totals before counting."))
        contents = counting.appraisal_totals_contents(returned=poll.returned, totals=totals)
        result = counting.tally(poll, contents)
    elif poll.method == Method.TOTALS:
        if poll.total_for is None:
            raise CountIncomplete(_("Enter the totals before counting."))
        result = counting.tally_totals(poll)
    else:
        if poll.method == Method.PAPER:
            from dahui.elections.paper_sources import source_for

            blockers = source_for(poll).blockers(poll)
            if blockers:
                raise CountIncomplete(" ".join(blockers))
        contents = returned_contents(poll)
        if poll.method == Method.PAPER and poll.returned is None:
            raise CountIncomplete(_("Record the ballots issued and returned before counting."))
        if poll.method == Method.PAPER and poll.returned != len(contents):
            raise CountIncomplete(
                _("%(returned)s ballots were returned but %(entered)s are entered.")
                % {"returned": poll.returned, "entered": len(contents)}
            )
        result = counting.tally(poll, contents)
    with transaction.atomic():
        _advance(poll, source=[PollState.CLOSED], target=PollState.COUNTED, result=result)
        _audit(poll, by, "poll.counted", status=result["status"],
               elected=result.get("elected", []))
    return poll


def scrutineer_of(poll: Poll, user: Any) -> Scrutineer | None:
    if not poll.election_id:
        return None
    return Scrutineer.objects.filter(election_id=poll.election_id, user_id=user.pk).first()


def confirming_role(poll: Poll, user: Any) -> str | None:
    """The role in which `user` confirms `poll`'s count: an election's own scrutineer
    assignment; an appraisal ballot (which has no scrutineers of its own) is confirmed by
    the congress's 总监票人, 监票人 and 计票人. A motion's count is not confirmed."""
    if poll.appraisal_id:
        roles = set(
            CongressRole.objects.filter(congress_id=poll.congress_id, user_id=user.pk)
            .values_list("role", flat=True)
        )
        return next((role for role in ScrutineerRole.values if role in roles), None)
    scrutineer = scrutineer_of(poll, user)
    return scrutineer.role if scrutineer is not None else None


def confirm_poll(*, poll: Poll, by: Any) -> Confirmation:
    """A scrutineer confirms the count; the 总监票人's confirmation makes it confirmed."""
    role = confirming_role(poll, by)
    if role is None:
        raise NotAllowed(_("Only the scrutineers of this election confirm its count."))
    if poll.state not in (PollState.COUNTED, PollState.CONFIRMED):
        raise WrongState(_("The count is confirmed after the poll is counted."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                confirmation = Confirmation.objects.create(
                    poll=poll, user=by, role=role, at=timezone.now()
                )
        except IntegrityError:
            raise Refused(_("You have already confirmed this count.")) from None
        _audit(poll, by, "count.confirmed", role=role)
        if role == ScrutineerRole.CHIEF:
            _advance(poll, source=[PollState.COUNTED], target=PollState.CONFIRMED)
    return confirmation


def publish_poll(*, poll: Poll, by: Any) -> Poll:
    """Publish the result. An election's or an appraisal's needs the 总监票人's
    confirmation first."""
    if poll.election_id or poll.appraisal_id:
        chief_confirmed = poll.confirmations.filter(role=ScrutineerRole.CHIEF).exists()
        if not chief_confirmed:
            raise ChiefNotConfirmed(
                _("The chief scrutineer has not confirmed the count: it cannot be published.")
            )
        source = [PollState.CONFIRMED]
    else:
        source = [PollState.COUNTED, PollState.CONFIRMED]
    with transaction.atomic():
        _advance(poll, source=source, target=PollState.PUBLISHED, published_at=timezone.now())
        _audit(poll, by, "result.published", status=poll.result["status"])
        publish_on_commit(ResultPublished(congress_id=poll.congress_id, poll_id=poll.pk))
    return poll


HELD_AGAIN = "again"  # Poll.runoff_reason of a vote held again after no_quorum or void
HOLD_AGAIN_AFTER = ("no_quorum", "void")


def hold_again(*, poll: Poll, by: Any, session: PlenarySession | None = None) -> Poll:
    """A vote that ended without a quorum (rule 1) or void (rule 6) is held again as the
    next round: same question, seats and list, a fresh draft to open when the hall is ready.
    """
    if poll.state not in (PollState.COUNTED, PollState.CONFIRMED, PollState.PUBLISHED):
        raise WrongState(_("A vote is held again once its count is in."))
    status = (poll.result or {}).get("status")
    if status not in HOLD_AGAIN_AFTER:
        raise Refused(
            _("Only a vote that ended without a quorum or void is held again.")
        )
    session = session or poll.session
    if session.congress_id != poll.congress_id:
        raise Refused(_("That session is not one of this congress."))
    with transaction.atomic():
        later = Poll.objects.select_for_update().filter(
            election_id=poll.election_id, motion_id=poll.motion_id,
            appraisal_id=poll.appraisal_id, round__gt=poll.round,
        )
        if later.exists():
            raise Refused(_("This vote has already been held again."))
        try:
            with transaction.atomic():
                again = Poll.objects.create(
                    congress=poll.congress, election=poll.election, motion=poll.motion,
                    appraisal=poll.appraisal, round=poll.round + 1, seats=poll.seats,
                    runoff_reason=HELD_AGAIN,
                    session=session, method=poll.method, rehearsal=poll.rehearsal,
                )
        except IntegrityError:
            raise Refused(_("This vote has already been held again.")) from None
        candidates = list(poll.candidates.all())
        again.candidates.set(candidates)
        _audit(poll, by, "poll.held_again", status=status, next_poll=again.pk,
               session=session.pk)
        _audit(again, by, "poll.created", method=again.method, held_again_of=poll.pk,
               candidates=[c.name for c in candidates])
    return again


def decide_runoff(*, poll: Poll, choice: str, by: Any) -> RunoffDecision:
    """The presidium's decision on a round whose result calls for a runoff (rules 8, 9).

    HOLD creates the next round from the rules core's runoff output (its seats and
    candidates, write-ins entered as candidates); LEAVE_EMPTY leaves the seats unfilled.
    """
    choice = RunoffChoice(choice)
    if poll.state not in (PollState.CONFIRMED, PollState.PUBLISHED):
        raise WrongState(_("A runoff is decided once the count is confirmed."))
    if not poll.result or poll.result.get("status") != "runoff":
        raise Refused(_("This result does not call for a runoff."))
    runoff = poll.result["runoff"]
    with transaction.atomic():
        next_poll = None
        if choice == RunoffChoice.HOLD:
            next_poll = _runoff_poll(poll, by=by)
        try:
            with transaction.atomic():
                decision = RunoffDecision.objects.create(
                    poll=poll, choice=choice, by=by, at=timezone.now(), next_poll=next_poll
                )
        except IntegrityError:
            raise Refused(_("The presidium has already decided on this runoff.")) from None
        _audit(
            poll, by, "runoff.decided", choice=choice.value, reason=runoff["reason"],
            seats=runoff["seats"], next_poll=next_poll.pk if next_poll else None,
        )
    return decision


def _runoff_poll(poll: Poll, *, by: Any) -> Poll:
    election = poll.election
    # The stored ballots recount to the stored result: the rules core is deterministic.
    result = counting.election_result(poll, returned_contents(poll))
    round_election = rules.runoff_election(
        counting.rules_election(poll), result, title=poll.title
    )
    by_rules_id = {c.rules_id: c for c in election.candidates.all()}
    candidates = []
    for entry in round_election.candidates:
        candidate = by_rules_id.get(entry.id)
        if candidate is None:  # a write-in who reached the runoff becomes a listed candidate
            delegate = Delegate.objects.filter(
                congress=election.congress, name=entry.name
            ).first()
            candidate, _created = Candidate.objects.get_or_create(
                election=election, name=entry.name,
                defaults={
                    "delegate": delegate, "write_in": True,
                    "order": (election.candidates.aggregate(m=Max("order"))["m"] or 0) + 1,
                },
            )
        candidates.append(candidate)
    next_poll = Poll.objects.create(
        congress=poll.congress, election=election, round=poll.round + 1,
        seats=round_election.seats, runoff_reason=poll.result["runoff"]["reason"],
        session=poll.session, method=poll.method, rehearsal=poll.rehearsal,
    )
    next_poll.candidates.set(candidates)
    _audit(next_poll, by, "poll.created", method=poll.method,
           candidates=[c.name for c in candidates], runoff_of=poll.pk)
    return next_poll
