"""Reads of the unions app that need care: what the higher union oversees, the register's
reminders, an election's record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dahui.audit.models import AuditEntry
from dahui.rules.stroke_order import ballot_order
from dahui.unions.models import (
    Candidate,
    ChairElection,
    ChairTerm,
    Nomination,
    Stage,
    Union,
)

REMIND_DAYS = 180  # a term that ends within half a year is on the reminder list


def candidates_in_stroke_order(election: ChairElection) -> tuple[Candidate, ...]:
    return ballot_order(election.candidates.select_related("member__branch"))


ACTIONS = {
    "chair.start": gettext_lazy("preparatory group recorded"),
    "chair.open_nomination": gettext_lazy("nomination opened"),
    "chair.nominate": gettext_lazy("nomination entered"),
    "chair.nomination_refused": gettext_lazy("nomination refused (Art 6)"),
    "chair.candidates": gettext_lazy("candidate list drawn up"),
    "chair.decision.party": gettext_lazy("vetting by the Party organisation"),
    "chair.decision.higher": gettext_lazy("approval by the higher union"),
    "chair.notice": gettext_lazy("public notice posted"),
    "chair.objection": gettext_lazy("objection received"),
    "chair.objection_answered": gettext_lazy("objection answered"),
    "chair.speaking_order": gettext_lazy("speaking order drawn by lot"),
    "chair.vote": gettext_lazy("count recorded"),
    "chair.reported": gettext_lazy("reported to the higher union"),
    "chair.registered": gettext_lazy("entered on the chairs' register"),
}


@dataclass(frozen=True)
class RecordLine:
    entry: AuditEntry
    label: str

    @property
    def at(self) -> str:
        """When, to the minute, in the log's own time (UTC), as stored and hashed."""
        return self.entry.at[:16].replace("T", " ") + " UTC"


def election_record(election: ChairElection) -> list[RecordLine]:
    """The audit entries of this election, oldest first, each with what it records."""
    entries = AuditEntry.objects.filter(congress_id=0, subject=f"chairelection:{election.pk}")
    return [RecordLine(e, str(ACTIONS.get(e.action, e.action))) for e in entries]


def branches_nominated(election: ChairElection) -> set[int]:
    return set(Nomination.objects.filter(election=election, branch__isnull=False)
               .values_list("branch_id", flat=True))


def grassroots_elections(higher: Union):
    return (ChairElection.objects.filter(union__parent=higher)
            .select_related("union", "elected").annotate(objections_open=Count(
                "objections", filter=Q(objections__answered_at__isnull=True)))
            .order_by("union__name", "-formed_on"))


def awaiting_approval(higher: Union):
    return grassroots_elections(higher).filter(stage=Stage.VETTED)


@dataclass(frozen=True)
class RegisterLine:
    term: ChairTerm
    reminder: str  # "" when nothing is due


def register(higher: Union, *, today: dt.date) -> list[RegisterLine]:
    """Every chair term of the unions under `higher`, with what is due."""
    lines = []
    terms = ChairTerm.objects.filter(union__parent=higher).select_related("union")
    for term in terms.order_by("union__name", "-elected_on"):
        lines.append(RegisterLine(term, _reminder(term, today)))
    return lines


def _reminder(term: ChairTerm, today: dt.date) -> str:
    if term.fill_by is not None:
        if ChairTerm.objects.filter(union_id=term.union_id,
                                    elected_on__gt=term.vacated_on).exists():
            return ""
        if term.fill_by < today:
            return _("vacant: a new chair was due by %(day)s") % {"day": term.fill_by}
        return _("vacant: elect a new chair by %(day)s") % {"day": term.fill_by}
    if term.vacated_on is not None:
        return ""
    if term.next_election_due < today:
        return _("the term ended on %(day)s: the election is overdue") % {
            "day": term.next_election_due}
    if term.next_election_due <= today + dt.timedelta(days=REMIND_DAYS):
        return _("the term ends on %(day)s: prepare the election") % {
            "day": term.next_election_due}
    return ""


def reminders(higher: Union, *, today: dt.date) -> list[RegisterLine]:
    return [line for line in register(higher, today=today) if line.reminder]
