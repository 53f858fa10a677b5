"""Reads for the pages and documents: results as people read them, rounds, the day's facts.

Everything shown comes from the stored result (the rules core's output); nothing here
decides who is elected or whether a motion passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from dahui import rules
from dahui.congress.models import (
    WITHDRAWN_CREDENTIALS,
    AgendaKind,
    Congress,
    CongressRole,
    Delegate,
    DelegateStatus,
    LeaveStatus,
    PlenarySession,
)
from dahui.congress.selectors import (
    attendance_figures,
    entitled_delegates,
    present_entitled_delegates,
)
from dahui.documents.minutes import (
    AppraisalOutcome,
    DayFacts,
    ElectionOutcome,
    MotionOutcome,
    ProposalFigures,
)
from dahui.elections import counting
from dahui.elections.models import (
    Election,
    Method,
    Poll,
    PollState,
    Scrutineer,
    ScrutineerRole,
)
from dahui.proposals.selectors import session_review_counts
from dahui.speakers.selectors import speech_records
from dahui.voting.models import Eligibility, Participation

COUNTED_STATES = (PollState.COUNTED, PollState.CONFIRMED, PollState.PUBLISHED)


@dataclass(frozen=True)
class ResultLine:
    name: str
    votes_for: int
    against: int | None
    abstain: int | None
    write_in: bool
    elected: bool


@dataclass(frozen=True)
class PollResult:
    poll: Poll
    data: dict[str, Any]  # the exchange-format result
    lines: tuple[ResultLine, ...]
    elected_names: tuple[str, ...]  # announcement order
    runoff_names: tuple[str, ...]

    @property
    def status(self) -> str:
        return self.data["status"]


def poll_result(poll: Poll) -> PollResult | None:
    data = poll.result
    if not data:
        return None
    names = {line["id"]: line["name"] for line in data.get("results", [])}
    lines = tuple(
        ResultLine(
            name=line["name"], votes_for=line["for"],
            against=None if line.get("write_in") else line["against"],
            abstain=None if line.get("write_in") else line["abstain"],
            write_in=bool(line.get("write_in")), elected=bool(line["elected"]),
        )
        for line in data.get("results", [])
    )
    runoff = data.get("runoff") or {}
    return PollResult(
        poll=poll, data=data, lines=lines,
        elected_names=tuple(names[i] for i in data.get("elected", [])),
        runoff_names=tuple(names.get(i, i) for i in runoff.get("candidates", [])),
    )


def rounds(election: Election) -> QuerySet[Poll]:
    return election.polls.order_by("round").select_related("runoff_decision")


@dataclass(frozen=True)
class Outcome:
    election: Election
    elected: tuple[str, ...]  # every round, announcement order
    unfilled: int
    pending: bool  # a round is still to be voted, counted or decided
    rounds: tuple[PollResult, ...]


def election_outcome(election: Election, *, states=COUNTED_STATES,
                     rehearsals: bool = True) -> Outcome:
    """`rehearsals=False` for what goes on record (minutes, records, announcements): a
    rehearsal (彩排) round is no round of the election there."""
    results = [
        result for poll in rounds(election)
        if poll.state in states and (rehearsals or not poll.rehearsal)
        and (result := poll_result(poll)) is not None
    ]
    elected = [name for result in results for name in result.elected_names]
    last = results[-1] if results else None
    decision = getattr(last.poll, "runoff_decision", None) if last else None
    pending = (
        last is None
        or last.poll.round < election.polls.count()
        or (last.status == "runoff" and decision is None)
    )
    return Outcome(
        election=election, elected=tuple(counting.announced(elected)),
        unfilled=max(election.seats - len(elected), 0), pending=pending,
        rounds=tuple(results),
    )


def round_label(poll: Poll) -> str:
    if poll.round == 1:
        return "第一轮投票"
    if poll.runoff_reason == "again":
        return f"重新投票（第{poll.round}轮）"
    if poll.runoff_reason == "shortage":
        return f"另行选举（第{poll.round}轮）"
    return f"再次投票（第{poll.round}轮）"


def open_polls_for(delegate: Delegate) -> QuerySet[Poll]:
    """Open polls in which the delegate holds a ballot, marked with whether they voted."""
    return (
        Poll.objects.filter(
            congress_id=delegate.congress_id, state=PollState.OPEN, method=Method.ELECTRONIC
        )
        .filter(Exists(Eligibility.objects.filter(poll=OuterRef("pk"), delegate=delegate)))
        .annotate(
            voted=Exists(Participation.objects.filter(poll=OuterRef("pk"), delegate=delegate))
        )
        .select_related("election", "motion")
        .order_by("id")
    )


def has_voted(poll: Poll, delegate: Delegate) -> bool:
    return Participation.objects.filter(poll=poll, delegate=delegate).exists()


def returned_so_far(poll: Poll) -> int:
    if poll.method == Method.ELECTRONIC:
        return Participation.objects.filter(poll=poll).count()
    return poll.returned or 0


def latest_results(congress: Congress, *, limit: int = 1) -> list[PollResult]:
    """The most recently published results, newest first (the hall screen shows these)."""
    polls = (
        Poll.objects.filter(congress=congress, state=PollState.PUBLISHED)
        .select_related("election", "motion")
        .order_by("-published_at", "-id")[:limit]
    )
    return [result for poll in polls if (result := poll_result(poll)) is not None]


def day_facts(congress: Congress, session: PlenarySession) -> DayFacts:
    """What one plenary session did: the items heard on its agenda, the motions and election
    rounds held in it (by the poll's session) and published; nothing of another session."""
    figures = attendance_figures(session)
    heard = list(
        congress.agenda_items.filter(
            session=session,
            kind__in=[AgendaKind.REPORT, AgendaKind.SPEECH, AgendaKind.GREETING],
        ).order_by("order", "id").values_list("title", "kind")
    )
    motions = []
    for poll in Poll.objects.filter(
        congress=congress, session=session, motion__isnull=False, state=PollState.PUBLISHED,
        rehearsal=False,
    ).select_related("motion").order_by("motion__order"):
        data = poll.result
        motions.append(MotionOutcome(
            title=poll.motion.title, votes_for=data["for"], against=data["against"],
            abstain=data["abstain"], passed=data["status"] == "passed",
        ))
    elections = []
    held_here = congress.elections.filter(
        polls__session=session, polls__state=PollState.PUBLISHED, polls__rehearsal=False,
    ).distinct()
    for election in held_here.order_by("order", "id"):
        outcome = election_outcome(election, states=(PollState.PUBLISHED,), rehearsals=False)
        here = [r for r in outcome.rounds if r.poll.session_id == session.pk]
        if here:
            elections.append(ElectionOutcome(
                title=election.title, seats=election.seats,
                elected=tuple(counting.announced(
                    [name for result in here for name in result.elected_names])),
                unfilled=outcome.unfilled,
            ))
    appraisals = [
        appraisal_outcome(poll) for poll in Poll.objects.filter(
            congress=congress, session=session, appraisal__isnull=False,
            state=PollState.PUBLISHED, rehearsal=False,
        ).select_related("appraisal").order_by("appraisal__order", "round")
    ]
    return DayFacts(
        congress_name=congress.title,
        date_text=f"{session.starts_at:%Y年%m月%d日}".replace("年0", "年").replace("月0", "月"),
        venue=congress.venue, session_title=session.title, entitled=figures.entitled,
        present=figures.present, on_leave=figures.on_leave,
        items_heard=[title for title, _kind in heard],
        reports=[title for title, kind in heard if kind == AgendaKind.REPORT],
        motions=motions, elections=elections, appraisals=appraisals,
        speeches=speech_records(session),
        proposals=_proposal_figures(congress, session),
    )


def _proposal_figures(congress: Congress, session: PlenarySession) -> ProposalFigures | None:
    counts = session_review_counts(congress, session)
    if counts is None:
        return None
    return ProposalFigures(
        total=counts.total, registered=counts.registered, merged=counts.merged,
        opinion=counts.opinion, not_registered=counts.not_registered, pending=counts.pending,
    )


def appraisal_outcome(poll: Poll) -> AppraisalOutcome:
    """A published appraisal's stored result as the minutes read it (不评 for not graded)."""
    data = poll.result
    return AppraisalOutcome(
        title=poll.title, status=data["status"], valid=data["valid"],
        flag_rule=f"“{data['flag_grade']}”票超过有效票的{data['flag_above']}",
        subjects=[
            (subject["name"],
             [("不评" if line["grade"] == "not_graded" else line["grade"], line["count"],
               line["percent"]) for line in subject["grades"]],
             subject["flagged"])
            for subject in data["subjects"]
        ],
    )


@dataclass(frozen=True)
class OpeningFigures:
    """应到 / 实到 / 需要 as they stand now, for the vote about to open (rule 1)."""

    entitled: int
    present: int
    required: int

    @property
    def quorate(self) -> bool:
        return self.entitled > 0 and self.present >= self.required


def opening_figures(poll: Poll) -> OpeningFigures:
    subject = poll.election or poll.motion
    entitled = entitled_delegates(poll.congress).count()
    present = present_entitled_delegates(poll.session).count()
    quorum = counting.parse_fraction(subject.quorum, field="quorum")
    return OpeningFigures(
        entitled=entitled, present=present, required=rules.quorum_required(entitled, quorum)
    )


@dataclass(frozen=True)
class ConfirmationStatus:
    who: str
    role: str  # the role's label
    confirmed_at: Any  # datetime or None


def confirmation_status(poll: Poll) -> list[ConfirmationStatus]:
    """Each scrutineer of the election (chief first), and when they confirmed, if they did.
    An appraisal ballot is confirmed by the congress's own scrutineers and counters."""
    if poll.appraisal_id:
        assigned = CongressRole.objects.filter(
            congress_id=poll.congress_id, role__in=ScrutineerRole.values
        ).select_related("user")
    elif poll.election_id:
        assigned = Scrutineer.objects.filter(election_id=poll.election_id) \
            .select_related("user")
    else:
        return []
    confirmed = {c.user_id: c.at for c in poll.confirmations.all()}
    rank = {ScrutineerRole.CHIEF: 0, ScrutineerRole.SCRUTINEER: 1, ScrutineerRole.COUNTER: 2}
    people = sorted(assigned, key=lambda s: (rank.get(s.role, 3), s.user.get_username()))
    return [
        ConfirmationStatus(
            who=s.user.get_full_name() or s.user.get_username(),
            role=str(ScrutineerRole(s.role).label), confirmed_at=confirmed.get(s.user_id),
        )
        for s in people
    ]


def awaiting_confirmation(user, congress: Congress) -> QuerySet[Poll]:
    """Counted polls of elections this person scrutinises (and appraisals, for the
    congress's scrutineers) that still wait for their confirmation (the 总监票人's makes the
    count confirmed)."""
    if not getattr(user, "is_authenticated", False):
        return Poll.objects.none()
    # An appraisal ballot is confirmed by the congress's own scrutineers and counters.
    theirs = Q(election__scrutineers__user=user)
    if CongressRole.objects.filter(
        congress=congress, user_id=user.pk, role__in=ScrutineerRole.values
    ).exists():
        theirs |= Q(appraisal__isnull=False)
    return (
        Poll.objects.filter(
            theirs, congress=congress, state__in=(PollState.COUNTED, PollState.CONFIRMED),
        )
        .exclude(confirmations__user=user)
        .select_related("election")
        .order_by("id")
        .distinct()
    )


def published_polls(congress: Congress) -> QuerySet[Poll]:
    """The congress's published results, in the order they were published (a rehearsal's
    is no result of the congress)."""
    return (
        Poll.objects.filter(congress=congress, state=PollState.PUBLISHED, rehearsal=False)
        .select_related("election", "motion")
        .order_by("published_at", "id")
    )


def no_ballot_reason(poll: Poll, delegate: Delegate) -> str | None:
    """Why this delegate holds no ballot in `poll`, in words for them; None if they hold
    one (or may, once it opens). Whether someone votes at all is the rules core's
    entitlement, read through `entitled_delegates`."""
    if delegate.credential_status in WITHDRAWN_CREDENTIALS:
        return _("Your credential has been withdrawn, so you have no vote at this congress.")
    if delegate.status == DelegateStatus.ATTENDING:
        return _("You attend this congress without a vote (列席), so you have no ballot. "
                 "You can follow the vote and its result.")
    if not entitled_delegates(poll.congress).filter(pk=delegate.pk).exists():
        if delegate.status == DelegateStatus.INVITED:
            return _("Invited delegates (特邀代表) have no vote at this congress, so you "
                     "have no ballot.")
        return _("Your credential has not been confirmed by the credentials committee yet, "
                 "so you have no ballot.")
    if poll.state == PollState.DRAFT or poll.method != Method.ELECTRONIC:
        return None
    if Eligibility.objects.filter(poll=poll, delegate=delegate).exists():
        return None
    on_leave = delegate.leave_requests.filter(
        session=poll.session, status=LeaveStatus.APPROVED
    ).exists()
    if on_leave:
        return _("You are on leave (请假) for %(session)s, so you have no ballot in this "
                 "vote.") % {"session": poll.session.title}
    return _("You were not checked in for %(session)s when this vote opened, so you have no "
             "ballot in it. Ballots go to the delegates checked in at that moment.") % {
        "session": poll.session.title}
