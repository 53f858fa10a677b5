"""Counting paper ballots by double entry.

Two counters read every ballot independently and enter it by its serial. When both entries
of a serial agree, the ballot is settled as entered; when they differ it is listed as a
mismatch until a scrutineer settles it by looking at the paper. A spoiled ballot is entered
as invalid with the reason. Only settled ballots are counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dahui.audit.services import record
from dahui.elections import counting
from dahui.elections.errors import NotAllowed, Refused, WrongState
from dahui.elections.models import (
    Method,
    PaperBallot,
    PaperEntry,
    Poll,
    PollState,
    Scrutineer,
    ScrutineerRole,
)

ENTRIES_PER_BALLOT = 2


def paper_content(
    *, marks: dict[str, str], write_ins: list[str], invalid_reason: str = ""
) -> dict[str, Any]:
    """A paper ballot as entered, in the exchange format (plus a spoiled ballot's reason)."""
    if invalid_reason.strip():
        return {"invalid": True, "reason": invalid_reason.strip()}
    content: dict[str, Any] = {
        "marks": {k: v for k, v in sorted(marks.items()) if v in ("for", "against")}
    }
    names = [name.strip() for name in write_ins if name.strip()]
    if names:
        content["write_ins"] = names
    return content


def _check_marks(poll: Poll, content: dict[str, Any]) -> None:
    """Marks must name this round's candidates; the over-vote is the count's to find."""
    listed = {c.rules_id for c in counting.poll_candidates(poll)}
    for key in content.get("marks", {}):
        if key not in listed:
            raise Refused(_("Unknown candidate %(id)s on the ballot.") % {"id": key})
    if content.get("write_ins") and not poll.election.write_ins:
        raise Refused(_("This election does not allow write-ins."))


def _counting_role(poll: Poll, user: Any) -> str | None:
    return (
        Scrutineer.objects.filter(election_id=poll.election_id, user_id=user.pk)
        .values_list("role", flat=True)
        .first()
    )


def enter_paper_ballot(
    *, poll: Poll, serial: str, content: dict[str, Any], by: Any
) -> PaperEntry:
    """One counter's entry of one ballot; the second matching entry settles it."""
    if poll.method != Method.PAPER:
        raise Refused(_("This poll is not voted on paper."))
    if _counting_role(poll, by) is None:
        raise NotAllowed(_("Only this election's counters and scrutineers enter ballots."))
    if poll.state != PollState.CLOSED:
        raise WrongState(_("Paper ballots are entered after the poll is closed."))
    serial = serial.strip()
    if not serial:
        raise Refused(_("Give the serial printed on the ballot."))
    _check_marks(poll, content)
    with transaction.atomic():
        if PaperEntry.objects.filter(poll=poll, serial=serial).count() >= ENTRIES_PER_BALLOT:
            raise Refused(
                _("Ballot %(serial)s has already been entered twice.") % {"serial": serial}
            )
        try:
            with transaction.atomic():
                entry = PaperEntry.objects.create(
                    poll=poll, serial=serial, counter=by, content=content
                )
        except IntegrityError:
            raise Refused(
                _("You have already entered ballot %(serial)s; the second entry must come "
                  "from another counter.") % {"serial": serial}
            ) from None
        entries = list(PaperEntry.objects.filter(poll=poll, serial=serial))
        if len(entries) == ENTRIES_PER_BALLOT and entries[0].content == entries[1].content:
            PaperBallot.objects.get_or_create(
                poll=poll, serial=serial, defaults={"content": content}
            )
    return entry


@dataclass(frozen=True)
class Mismatch:
    serial: str
    entries: tuple[dict[str, Any], ...]


def mismatches(*, poll: Poll) -> list[Mismatch]:
    """Serials entered twice with different readings and not yet settled."""
    settled = set(PaperBallot.objects.filter(poll=poll).values_list("serial", flat=True))
    by_serial: dict[str, list[dict[str, Any]]] = {}
    for serial, content in PaperEntry.objects.filter(poll=poll).order_by("serial", "id") \
            .values_list("serial", "content"):
        by_serial.setdefault(serial, []).append(content)
    return [
        Mismatch(serial=serial, entries=tuple(contents))
        for serial, contents in sorted(by_serial.items())
        if serial not in settled and len(contents) == ENTRIES_PER_BALLOT
    ]


def unsettled_serials(*, poll: Poll) -> list[str]:
    """Serials entered but not settled: waiting for a second entry, or mismatched."""
    settled = set(PaperBallot.objects.filter(poll=poll).values_list("serial", flat=True))
    entered = PaperEntry.objects.filter(poll=poll).values_list("serial", flat=True).distinct()
    return sorted(set(entered) - settled)


def settle_mismatch(
    *, poll: Poll, serial: str, content: dict[str, Any], by: Any
) -> PaperBallot:
    """A scrutineer decides what a disputed ballot says, after looking at the paper."""
    role = _counting_role(poll, by)
    if role not in (ScrutineerRole.CHIEF, ScrutineerRole.SCRUTINEER):
        raise NotAllowed(_("Only a scrutineer settles a mismatch."))
    if poll.state != PollState.CLOSED:
        raise WrongState(_("Mismatches are settled before the count."))
    if serial not in {m.serial for m in mismatches(poll=poll)}:
        raise Refused(_("Ballot %(serial)s is not a mismatch.") % {"serial": serial})
    _check_marks(poll, content)
    with transaction.atomic():
        try:
            with transaction.atomic():
                ballot = PaperBallot.objects.create(
                    poll=poll, serial=serial, content=content, settled_by=by
                )
        except IntegrityError:
            raise Refused(_("Ballot %(serial)s is already settled.") % {"serial": serial}) \
                from None
        record(
            congress=poll.congress_id, actor=by, action="paper.settled",
            subject=f"poll:{poll.pk}", data={"serial": serial, "content": content},
        )
    return ballot
