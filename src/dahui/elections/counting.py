"""The bridge between stored polls and the rules core: every rule decision is made there.

Stored ballots are kept in the RULES.md exchange format (one JSON object per ballot), so the
same rows feed the in-process count and the exported record that `dahui tally` recounts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from dahui import rules
from dahui.appraisal.models import Appraisal, AppraisalSubject
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
    if "grades" in content:
        return {"grades": dict(content["grades"])}
    line: dict[str, Any] = {"marks": dict(content.get("marks", {}))}
    if content.get("write_ins"):
        line["write_ins"] = list(content["write_ins"])
    return line


def normalised_cast(poll: Poll, choices: Mapping[str, Any]) -> dict[str, Any]:
    """An electronic ballot checked by the rules before it is stored.

    Raises the rules core's `BallotRefused` (over-vote, unknown candidate, void write-in …)
    so a refused ballot is never stored. Abstentions are left out, as on paper.
    """
    if poll.appraisal_id:
        return normalised_appraisal_cast(poll, choices)
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
    if poll.appraisal_id:
        return appraisal_result_json(appraisal_result(poll, contents))
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
    if poll.appraisal_id:
        return appraisal_record(poll)
    if poll.motion_id:
        return rules.election_to_json(rules_motion(poll))
    return rules.election_to_json(rules_election(poll))


# ---------------------------------------------------------------- appraisal ballots (民主评议)


def appraisal_rules(appraisal: Appraisal) -> rules.AppraisalRules:
    return rules.AppraisalRules(
        scale=tuple(appraisal.scale),
        quorum=parse_fraction(appraisal.quorum, field="quorum"),
        flag_grade=appraisal.flag_grade or None,
        flag_above=parse_fraction(appraisal.flag_above, field="flag_above"),
    )


def appraisal_subjects(poll: Poll) -> list[AppraisalSubject]:
    return list(poll.appraisal.subjects.order_by("order", "id"))


def ballot_subjects(poll: Poll) -> list[AppraisalSubject]:
    """The subjects as every appraisal ballot lists them: surname stroke order."""
    return list(rules.ballot_order(appraisal_subjects(poll)))


def rules_appraisal(poll: Poll, *, issued: int | None = None) -> rules.AppraisalPoll:
    return rules.AppraisalPoll(
        title=poll.title,
        entitled=max(poll.entitled or 0, 1),
        issued=(poll.issued or 0) if issued is None else issued,
        subjects=tuple(
            rules.Subject(id=s.rules_id, name=s.name) for s in appraisal_subjects(poll)
        ),
        rules=appraisal_rules(poll.appraisal),
    )


def appraisal_ballot(content: Mapping[str, Any]) -> rules.AppraisalBallot:
    return rules.AppraisalBallot(
        marks=dict(content.get("grades", {})), spoiled=bool(content.get("invalid", False))
    )


def normalised_appraisal_cast(poll: Poll, choices: Mapping[str, Any]) -> dict[str, Any]:
    """An appraisal ballot checked by the rules core before it is stored: a grade off the
    scale (`UnknownGrade`) or a subject not in the poll (`UnknownSubject`) is refused.
    Not graded (不评) is left out, as a blank row on paper."""
    grades = {
        str(subject): str(grade)
        for subject, grade in dict(choices.get("grades", {})).items()
        if grade not in ("", None)
    }
    content: dict[str, Any] = {"grades": grades}
    try:
        check_appraisal_contents(poll, [content])
    except rules.UnknownGrade as error:
        # The voter reads the subject by name, not by its id.
        names = {s.rules_id: s.name for s in appraisal_subjects(poll)}
        raise rules.UnknownGrade(
            subject=names.get(error.subject, error.subject), grade=error.grade,
            scale=error.scale,
        ) from None
    return content


def check_appraisal_contents(poll: Poll, contents: Iterable[Mapping[str, Any]]) -> None:
    """Let the rules core read `contents` as this poll's ballots; raises its refusal."""
    # The count reads every mark before it weighs the quorum, so a count with nothing
    # issued checks the ballots and decides nothing else.
    rules.tally_appraisal(rules_appraisal(poll, issued=0), [appraisal_ballot(c) for c in contents])


def appraisal_result(
    poll: Poll, contents: Iterable[Mapping[str, Any]]
) -> rules.AppraisalResult:
    return rules.tally_appraisal(rules_appraisal(poll), [appraisal_ballot(c) for c in contents])


def _fraction_text(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def appraisal_result_json(result: rules.AppraisalResult) -> dict[str, Any]:
    """The rules core's appraisal result as stored in `Poll.result` (exact shares kept as
    "n/d", the percentages as the core wrote them)."""
    return {
        "kind": "appraisal",
        "title": result.title,
        "status": result.status,
        "entitled": result.entitled,
        "issued": result.issued,
        "returned": result.returned,
        "quorum_required": result.quorum_required,
        "valid": result.valid,
        "invalid": result.invalid,
        "flag_grade": result.flag_grade,
        "flag_above": _fraction_text(result.flag_above),
        "subjects": [
            {
                "id": subject.id,
                "name": subject.name,
                "grades": [
                    {"grade": line.grade, "count": line.count,
                     "share": _fraction_text(line.share), "percent": line.percent}
                    for line in subject.grades
                ],
                "approval": _fraction_text(subject.approval),
                "approval_percent": subject.approval_percent,
                "flagged": subject.flagged,
            }
            for subject in result.subjects
        ],
    }


def appraisal_totals_contents(
    *, returned: int, totals: Mapping[str, Mapping[str, int]]
) -> list[dict[str, Any]]:
    """Keypad or show-of-hands totals (subject id → grade → count) as `returned` ballots
    with the same counts, for the rules core to count like any other ballots.

    Each subject is graded independently of the others, so ballot k carrying the k-th of a
    subject's grades gives every subject exactly its entered counts; the ballots past a
    subject's total leave it not graded. A subject whose totals exceed `returned` cannot be
    laid out and is refused (ValueError naming it)."""
    ballots: list[dict[str, str]] = [{} for _ in range(returned)]
    for subject, by_grade in totals.items():
        marks = [grade for grade, count in by_grade.items() for _ in range(count)]
        if len(marks) > returned:
            raise ValueError(subject)
        for ballot, grade in zip(ballots, marks, strict=False):
            ballot[subject] = grade
    return [{"grades": grades} for grades in ballots]


def stored_appraisal_totals(poll: Poll) -> dict[str, dict[str, int]]:
    """The entered keypad or show-of-hands totals: subject id → grade → count."""
    totals: dict[str, dict[str, int]] = {}
    for total in poll.appraisal_totals.select_related("subject"):
        totals.setdefault(total.subject.rules_id, {})[total.grade] = total.count
    return totals


def appraisal_record(poll: Poll) -> dict[str, Any]:
    """ELECTION.json of an appraisal poll: what the count read."""
    checked = rules_appraisal(poll)
    return {
        "kind": "appraisal",
        "title": checked.title,
        "entitled": checked.entitled,
        "issued": checked.issued,
        "subjects": [{"id": s.id, "name": s.name} for s in checked.subjects],
        "rules": {
            "scale": list(checked.rules.scale),
            "quorum": _fraction_text(checked.rules.quorum),
            "flag_grade": checked.rules.flag_grade,
            "flag_above": _fraction_text(checked.rules.flag_above),
        },
    }
