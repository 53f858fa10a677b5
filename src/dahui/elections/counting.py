"""The bridge between stored polls and the rules core: every rule decision is made there.

Stored ballots are kept in the RULES.md exchange format (one JSON object per ballot), so the
same rows feed the in-process count and the exported record that `dahui tally` recounts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from dahui import rules
from dahui.elections.models import Candidate, Election, Motion, Poll


def parse_fraction(value: str, *, field: str) -> Fraction:
    """A setting such as "2/3" or "1/20"; a clear ValueError names the field otherwise."""
    try:
        return Fraction(value.strip())
    except (ValueError, ZeroDivisionError, AttributeError):
        raise ValueError(f"{field}: {value!r} is not a fraction such as 2/3") from None


def election_rules(election: Election) -> rules.ElectionRules:
    return rules.ElectionRules(
        quorum=parse_fraction(election.quorum, field="quorum"),
        min_excess=parse_fraction(election.min_excess, field="min_excess"),
        threshold_base=election.threshold_base,
        write_ins=election.write_ins,
    )


def motion_rules(motion: Motion) -> rules.MotionRules:
    return rules.MotionRules(
        quorum=parse_fraction(motion.quorum, field="quorum"),
        threshold_base=motion.threshold_base,
    )


def check_list(election: Election, *, candidates: int, seats: int | None = None) -> None:
    """Rule 2 (差额) for a list of `candidates`: raises `ContestTooSmall`."""
    rules.check_contest(
        seats=seats or election.seats, candidates=candidates, rules=election_rules(election)
    )


def poll_candidates(poll: Poll) -> list[Candidate]:
    return list(poll.candidates.order_by("order", "id"))


def ballot_candidates(poll: Poll) -> list[Candidate]:
    """The round's candidates as every ballot lists them (rule 10): surname stroke order,
    the announcement's order. Nomination order is never shown to voters."""
    return list(rules.ballot_order(poll_candidates(poll)))


def rules_election_candidates(poll: Poll) -> tuple[rules.Candidate, ...]:
    return tuple(rules.Candidate(id=c.rules_id, name=c.name) for c in poll_candidates(poll))


def rules_election(poll: Poll, *, issued: int | None = None) -> rules.Election:
    return rules.Election(
        title=poll.title,
        seats=poll.seats,
        entitled=poll.entitled,
        issued=poll.issued if issued is None else issued,
        candidates=rules_election_candidates(poll),
        rules=election_rules(poll.election),
    )


def rules_motion(poll: Poll) -> rules.Motion:
    return rules.Motion(
        title=poll.title, entitled=poll.entitled, issued=poll.issued,
        rules=motion_rules(poll.motion),
    )


def election_ballot(content: Mapping[str, Any]) -> rules.Ballot:
    return rules.Ballot(
        marks=dict(content.get("marks", {})),
        write_ins=tuple(content.get("write_ins", ())),
        invalid=bool(content.get("invalid", False)),
    )


def motion_ballot(content: Mapping[str, Any]) -> rules.MotionBallot:
    return rules.MotionBallot(
        vote=content.get("vote"), invalid=bool(content.get("invalid", False))
    )


def exchange_line(content: Mapping[str, Any]) -> dict[str, Any]:
    """A stored ballot as its exchange-format line (a spoiled ballot's reason stays home)."""
    if content.get("invalid"):
        return {"invalid": True}
    if "vote" in content:
        return {"vote": content["vote"]}
    line: dict[str, Any] = {"marks": dict(content.get("marks", {}))}
    if content.get("write_ins"):
        line["write_ins"] = list(content["write_ins"])
    return line


def normalised_cast(poll: Poll, choices: Mapping[str, Any]) -> dict[str, Any]:
    """An electronic ballot checked by the rules before it is stored.

    Raises the rules core's `BallotRefused` (over-vote, unknown candidate, void write-in …)
    so a refused ballot is never stored. Abstentions are left out, as on paper.
    """
    if poll.motion_id:
        ballot = motion_ballot({"vote": choices.get("vote")})
        if ballot.vote is None:
            raise rules.UnknownMark(None)
        return {"vote": str(ballot.vote)}
    marks = {
        str(key): str(value)
        for key, value in dict(choices.get("marks", {})).items()
        if value not in ("", None, "abstain")
    }
    write_ins = [
        name for name in (rules.normalize_name(str(n)) for n in choices.get("write_ins", ()))
        if name
    ]
    content: dict[str, Any] = {"marks": marks}
    if write_ins:
        content["write_ins"] = write_ins
    # The ballot check reads only the list, the seats and the rules; a draft poll has no
    # frozen counts yet, and its ballot must be refused as "not open", not as a bad setting.
    checked = rules.Election(
        title=poll.title, seats=poll.seats, entitled=max(poll.entitled or 0, 1), issued=0,
        candidates=rules_election_candidates(poll), rules=election_rules(poll.election),
    )
    rules.check_ballot(checked, election_ballot(content))
    return content


def election_result(
    poll: Poll, contents: Iterable[Mapping[str, Any]]
) -> rules.ElectionResult:
    return rules.tally_election(rules_election(poll), [election_ballot(c) for c in contents])


def tally(poll: Poll, contents: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The result of `poll` from its returned ballots, in the exchange format."""
    if poll.motion_id:
        result = rules.tally_motion(rules_motion(poll), [motion_ballot(c) for c in contents])
    else:
        result = election_result(poll, contents)
    return rules.result_to_json(result)


def tally_totals(poll: Poll) -> dict[str, Any]:
    """A motion voted by show of hands or keypad: the entered totals, checked and counted."""
    result = rules.tally_motion_totals(
        rules_motion(poll),
        for_=poll.total_for, against=poll.total_against, abstain=poll.total_abstain,
    )
    return rules.result_to_json(result)


def announced(names: Iterable[str]) -> list[str]:
    """Names in announcement order (按姓氏笔画为序)."""
    ordered, _missing = rules.announcement_order(names)
    return ordered


def exchange_record(poll: Poll) -> dict[str, Any]:
    """ELECTION.json of a poll, as the rules core writes it."""
    if poll.motion_id:
        return rules.election_to_json(rules_motion(poll))
    return rules.election_to_json(rules_election(poll))
