"""Refusing an electronic ballot before it is stored, so the voter can correct it.

A paper ballot is never refused: the count decides what it is worth (rules 4, 5). An
electronic ballot is checked against the same rules up front, and anything the count would
void or invalidate is refused with the reason.
"""

from __future__ import annotations

from dahui.rules.errors import OverVote, UnknownCandidate, WriteInsNotAllowed, WriteInVoid
from dahui.rules.model import Ballot, Election, Mark
from dahui.rules.names import PERSON_NAME_MAX, has_lone_surrogate, normalize_name


def check_ballot(election: Election, ballot: Ballot) -> None:
    """Raise the first `BallotRefused` that applies to `ballot`; return None if it is sound."""
    known = {c.id for c in election.candidates}
    for candidate_id in ballot.marks:
        if candidate_id not in known:
            raise UnknownCandidate(candidate_id)
    if ballot.write_ins and not election.rules.write_ins:
        raise WriteInsNotAllowed()
    for written in ballot.write_ins:
        if has_lone_surrogate(written) or not normalize_name(written):
            raise WriteInVoid(name=written, reason="the name is empty")
        if len(normalize_name(written)) > PERSON_NAME_MAX:
            raise WriteInVoid(
                name=written, reason=f"the name is longer than {PERSON_NAME_MAX} characters"
            )
    for_marks = sum(1 for mark in ballot.marks.values() if mark == Mark.FOR)
    if for_marks + len(ballot.write_ins) > election.seats:
        raise OverVote(for_marks=for_marks, write_ins=len(ballot.write_ins), seats=election.seats)
    against_marks = sum(1 for mark in ballot.marks.values() if mark == Mark.AGAINST)
    listed = {normalize_name(c.name) for c in election.candidates}
    seen: set[str] = set()
    for written in ballot.write_ins:
        name = normalize_name(written)
        if name in listed:
            raise WriteInVoid(name=written, reason="the name is on the candidate list")
        if name in seen:
            raise WriteInVoid(name=written, reason="the name is already written on the ballot")
        seen.add(name)
        if len(seen) > against_marks:
            raise WriteInVoid(name=written, reason="more write-ins than candidates marked against")
