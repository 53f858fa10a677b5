"""Counting paper ballots by double entry.

Ballots carry no serial. When the box is opened the counters keep the stack in order (or
number the ballots on the back) and two counters each enter every ballot under its
position. Two entries that agree settle the ballot; two that differ are a mismatch until a
scrutineer settles it by looking at the paper. A spoiled ballot is entered as invalid with
the reason. Only settled ballots are counted.

At most two entries per position, by two different counters: the database holds that
(`PaperEntry` constraints), so any number of people entering at once cannot make a third.
A scrutineer can discard an entry (a wrong position typed, a reading to redo), recorded in
the audit log: whatever state the entries reach, there is a way on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dahui import rules
from dahui.audit.services import record
from dahui.elections import counting
from dahui.elections.access import counting_role
from dahui.elections.errors import NotAllowed, Refused, WrongState
from dahui.elections.models import (
    Method,
    PaperBallot,
    PaperEntry,
    Poll,
    PollState,
    ScrutineerRole,
)
from dahui.elections.paper_sources import PaperSource

ENTRIES_PER_BALLOT = 2
MOTION_VOTES = ("for", "against", "abstain")
# Without a recorded 收回 count, positions are still bounded: no hall returns more.
MAX_POSITION = 100_000


def paper_content(
    *, marks: dict[str, str] | None = None, write_ins: list[str] | None = None,
    invalid_reason: str = "", vote: str | None = None,
    grades: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """A paper ballot as entered, in the exchange format (plus a spoiled ballot's reason).

    An election ballot gives `marks` and `write_ins`; a motion ballot gives `vote`; an
    appraisal ballot gives `grades`, the grades marked per subject (none: not graded; two
    or more are kept as marked, and the count voids that subject's grade on this ballot).
    """
    if invalid_reason.strip():
        return {"invalid": True, "reason": invalid_reason.strip()}
    if vote is not None:
        return {"vote": vote}
    if grades is not None:
        marked: dict[str, Any] = {}
        for subject, given in sorted(grades.items()):
            given = sorted({g for g in given if g})
            if given:
                marked[subject] = given[0] if len(given) == 1 else given
        return {"grades": marked}
    content: dict[str, Any] = {
        "marks": {k: v for k, v in sorted((marks or {}).items()) if v in ("for", "against")}
    }
    # Names in the rules core's form (rule 4): "王 敏" and "王\u200b敏" are one person, and a
    # name that is nothing once invisible characters go is void, not entered.
    names = [name for name in map(rules.normalize_name, write_ins or []) if name]
    if names:
        content["write_ins"] = names
    return content


def check_content(poll: Poll, content: dict[str, Any]) -> None:
    """Marks must name this round's candidates; the over-vote is the count's to find."""
    if content.get("invalid"):
        return
    if poll.appraisal_id:
        if "grades" not in content:
            raise Refused(_("An appraisal ballot has a grade per person, not marks or a "
                            "vote."))
        # A grade off the scale or a subject not in the poll: the rules core refuses it.
        counting.check_appraisal_contents(poll, [content])
        return
    if "grades" in content:
        raise Refused(_("Only an appraisal ballot has grades."))
    if poll.motion_id:
        if content.get("vote") not in MOTION_VOTES:
            raise Refused(_("Mark the ballot for, against or abstain, or enter it as spoiled."))
        return
    if "vote" in content:
        raise Refused(_("An election ballot has marks per candidate, not one vote."))
    listed = {c.rules_id for c in counting.poll_candidates(poll)}
    for key in content.get("marks", {}):
        if key not in listed:
            raise Refused(_("Unknown candidate %(id)s on the ballot.") % {"id": key})
    # Where the rules forbid write-ins, a name written on a returned ballot is still entered
    # as written: the count reads it and ignores it (rule 4), the ballot counts as returned.


def parse_position(poll: Poll, value: Any) -> int:
    """The ballot's number in the stack, from a form field; a clear refusal otherwise."""
    text = str(value if value is not None else "").strip()
    if not text.isdigit() or len(text) > 6:
        raise Refused(
            _("Ballot number: give the ballot's number in the stack (1, 2, 3 …), not "
              "%(value)s.") % {"value": text[:20] or "—"}
        )
    position = int(text)
    highest = poll.returned if poll.returned is not None else MAX_POSITION
    if not 1 <= position <= highest:
        raise Refused(
            _("Ballot number %(position)s is outside 1 to %(highest)s (the ballots "
              "returned).") % {"position": position, "highest": highest}
        )
    return position


def _must_be_counting(poll: Poll, by: Any) -> str:
    if poll.method != Method.PAPER:
        raise Refused(_("This poll is not voted on paper."))
    role = counting_role(by, poll)
    if role is None:
        raise NotAllowed(_("Only this poll's counters and scrutineers enter ballots."))
    if poll.state != PollState.CLOSED:
        raise WrongState(_("Paper ballots are entered after the poll is closed."))
    return role


def enter_paper_ballot(
    *, poll: Poll, position: int, content: dict[str, Any], by: Any
) -> PaperEntry:
    """One counter's entry of the ballot at `position`; a second agreeing entry settles it."""
    _must_be_counting(poll, by)
    position = parse_position(poll, position)
    check_content(poll, content)
    twice = _("You have already entered ballot %(position)s; the second entry must come "
              "from another counter.") % {"position": position}
    with transaction.atomic():
        for slot in range(1, ENTRIES_PER_BALLOT + 1):
            if PaperEntry.objects.filter(poll=poll, position=position, counter=by).exists():
                raise Refused(twice)
            try:
                with transaction.atomic():
                    return PaperEntry.objects.create(
                        poll=poll, position=position, slot=slot, counter=by, content=content
                    )
            except IntegrityError:
                continue  # this slot is taken (or the same counter raced itself)
        if PaperEntry.objects.filter(poll=poll, position=position, counter=by).exists():
            raise Refused(twice)
        raise Refused(
            _("Ballot %(position)s has already been entered twice.") % {"position": position}
        )


@dataclass(frozen=True)
class Position:
    """Where one ballot position stands: its entries and, once settled, what counts."""

    number: int
    entries: tuple[PaperEntry, ...]
    decided: dict[str, Any] | None  # a scrutineer's settlement

    @property
    def agreed(self) -> bool:
        return (len(self.entries) == ENTRIES_PER_BALLOT
                and self.entries[0].content == self.entries[1].content)

    @property
    def settled(self) -> dict[str, Any] | None:
        if self.decided is not None:
            return self.decided
        return self.entries[0].content if self.agreed else None

    @property
    def mismatch(self) -> bool:
        return self.decided is None and len(self.entries) == ENTRIES_PER_BALLOT \
            and not self.agreed


def positions(*, poll: Poll) -> list[Position]:
    entries: dict[int, list[PaperEntry]] = {}
    for entry in PaperEntry.objects.filter(poll=poll).select_related("counter") \
            .order_by("position", "slot"):
        entries.setdefault(entry.position, []).append(entry)
    decided = dict(PaperBallot.objects.filter(poll=poll).values_list("position", "content"))
    return [
        Position(number=n, entries=tuple(entries.get(n, ())), decided=decided.get(n))
        for n in sorted(set(entries) | set(decided))
    ]


def settled_contents(*, poll: Poll) -> list[dict[str, Any]]:
    """The settled ballots' contents, the ones the count reads."""
    return [p.settled for p in positions(poll=poll) if p.settled is not None]


def settled_count(*, poll: Poll) -> int:
    return sum(1 for p in positions(poll=poll) if p.settled is not None)


def _double_entry_blockers(poll: Poll) -> list[str]:
    pending = unsettled_positions(poll=poll)
    if not pending:
        return []
    return [_("Ballots %(positions)s are not settled yet.")
            % {"positions": ", ".join(str(n) for n in pending[:10])}]


DOUBLE_ENTRY = PaperSource(
    name="double_entry", in_use=lambda poll: True,
    contents=lambda poll: settled_contents(poll=poll), blockers=_double_entry_blockers,
)


def mismatches(*, poll: Poll) -> list[Position]:
    """Positions entered twice with different readings and not yet settled."""
    return [p for p in positions(poll=poll) if p.mismatch]


def unsettled_positions(*, poll: Poll) -> list[int]:
    """Positions entered but not settled: waiting for a second entry, or mismatched."""
    return [p.number for p in positions(poll=poll) if p.settled is None]


def mark_label(poll: Poll, mark: str) -> str:
    if poll.motion_id:
        return {"for": pgettext("motion", "For"), "against": pgettext("motion", "Against"),
                "abstain": pgettext("motion", "Abstain")}.get(mark, mark)
    return {"for": _("For") + " ○", "against": _("Against") + " ×"}.get(mark, _("Abstain"))


def _grade_label(marked: str | list[str] | None) -> str:
    if not marked:
        return pgettext("appraisal", "Not graded")
    return marked if isinstance(marked, str) else "、".join(marked)


@dataclass(frozen=True)
class ReadingRow:
    label: str  # a candidate's name, or what the row is about
    readings: tuple[str, ...]  # one per entry, in words
    differs: bool


def reading_rows(poll: Poll, entries: tuple[PaperEntry, ...]) -> list[ReadingRow]:
    """Entries side by side, in the ballot's order and in words: what a scrutineer compares
    with the paper. Internal ids never show."""
    contents = [e.content for e in entries]
    rows: list[ReadingRow] = []

    def add(label: str, readings: list[str]) -> None:
        rows.append(ReadingRow(label=label, readings=tuple(readings),
                               differs=len(set(readings)) > 1))

    spoiled = [c.get("reason", "") if c.get("invalid") else "" for c in contents]
    if any(spoiled):
        add(_("Spoiled"), [reason or _("valid") for reason in spoiled])
    if poll.motion_id:
        add(_("Vote"), ["" if c.get("invalid") else mark_label(poll, c.get("vote", ""))
                        for c in contents])
        return rows
    if poll.appraisal_id:
        for subject in counting.ballot_subjects(poll):
            add(subject.name, ["" if c.get("invalid")
                               else _grade_label(c.get("grades", {}).get(subject.rules_id))
                               for c in contents])
        return rows
    for candidate in counting.ballot_candidates(poll):
        add(candidate.name, [
            "" if c.get("invalid")
            else mark_label(poll, c.get("marks", {}).get(candidate.rules_id, "abstain"))
            for c in contents
        ])
    write_ins = ["、".join(c.get("write_ins", [])) for c in contents]
    if any(write_ins):
        add(_("Write-ins"), write_ins)
    return rows


def _must_be_scrutineer(poll: Poll, by: Any) -> None:
    role = counting_role(by, poll)
    if role not in (ScrutineerRole.CHIEF, ScrutineerRole.SCRUTINEER):
        raise NotAllowed(_("Only a scrutineer settles a mismatch or discards an entry."))
    if poll.state != PollState.CLOSED:
        raise WrongState(_("Entries are settled or discarded before the count."))


def settle_mismatch(
    *, poll: Poll, position: int, content: dict[str, Any], by: Any
) -> PaperBallot:
    """A scrutineer decides what a disputed ballot says, after looking at the paper."""
    _must_be_scrutineer(poll, by)
    position = parse_position(poll, position)
    if position not in {p.number for p in mismatches(poll=poll)}:
        raise Refused(_("Ballot %(position)s is not a mismatch.") % {"position": position})
    check_content(poll, content)
    with transaction.atomic():
        try:
            with transaction.atomic():
                ballot = PaperBallot.objects.create(
                    poll=poll, position=position, content=content, settled_by=by
                )
        except IntegrityError:
            raise Refused(
                _("Ballot %(position)s is already settled.") % {"position": position}
            ) from None
        record(
            congress=poll.congress_id, actor=by, action="paper.settled",
            subject=f"poll:{poll.pk}", data={"position": position, "content": content},
        )
    return ballot


def discard_entry(*, poll: Poll, entry_id: int, reason: str, by: Any) -> None:
    """A scrutineer takes one entry out (a wrong number typed, a reading to redo); the
    position then waits for a fresh entry. Recorded with the reason and what was read."""
    _must_be_scrutineer(poll, by)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Say why the entry is discarded."))
    if len(reason) > 200:
        raise Refused(_("The reason is at most 200 characters."))
    with transaction.atomic():
        entry = PaperEntry.objects.select_for_update().filter(poll=poll, pk=entry_id).first()
        if entry is None:
            raise Refused(_("That entry no longer exists."))
        entry.delete()
        record(
            congress=poll.congress_id, actor=by, action="paper.entry_discarded",
            subject=f"poll:{poll.pk}",
            data={"position": entry.position, "counter": str(entry.counter),
                  "content": entry.content, "reason": reason},
        )
