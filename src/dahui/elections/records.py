"""An election round's record in the RULES.md exchange format, and its documents.

`election_json` and `ballots_jsonl` are what an observer downloads and recounts with
`dahui tally ELECTION.json BALLOTS.jsonl --json`; the result must equal the stored one.
"""

from __future__ import annotations

import json
import secrets

from django.utils import timezone

from dahui import rules
from dahui.appraisal.documents import appraisal_ballots_pdf
from dahui.audit.chain import Head
from dahui.audit.head import current_head, head_after
from dahui.documents.announcement import announcement_pdf
from dahui.documents.ballot_papers import ballot_papers_pdf
from dahui.documents.count_report import Confirmation as SignedConfirmation
from dahui.documents.count_report import PublishedHead, count_report_pdf
from dahui.documents.results_xlsx import results_xlsx
from dahui.elections import counting
from dahui.elections.models import Election, Poll, PollState, ScrutineerRole
from dahui.elections.selectors import COUNTED_STATES, election_outcome, round_label
from dahui.elections.services import _subject, returned_contents


def election_json(poll: Poll) -> dict:
    return counting.exchange_record(poll)


def ballots_jsonl(poll: Poll) -> str:
    """One exchange-format line per returned ballot, in a random order."""
    lines = [
        json.dumps(counting.exchange_line(content), ensure_ascii=False, sort_keys=True)
        for content in returned_contents(poll)
    ]
    secrets.SystemRandom().shuffle(lines)
    return "".join(line + "\n" for line in lines)


def _date_text() -> str:
    today = timezone.localdate()
    return f"{today.year}年{today.month}月{today.day}日"


def _rounds(election: Election, *, states=COUNTED_STATES) -> list[tuple[str, dict]]:
    return [
        (round_label(r.poll), r.data)
        for r in election_outcome(election, states=states, rehearsals=False).rounds
    ]


class NothingToReport(Exception):
    """A document asked for before there is a result to put in it."""


def announcement(election: Election) -> bytes:
    """The 选举结果公告 states only what the presidium has published: a round counted but
    not yet confirmed and published must never appear in it, nor "nobody elected" stand
    for "not counted yet"."""
    outcome = election_outcome(election, states=(PollState.PUBLISHED,), rehearsals=False)
    if not outcome.rounds:
        raise NothingToReport("no round of this election has been published yet")
    return announcement_pdf(
        congress_name=election.congress.title, title=election.title,
        rounds=_rounds(election, states=(PollState.PUBLISHED,)),
        elected_names=outcome.elected, unfilled=outcome.unfilled,
        issued_by=f"{election.congress.title}主席团", date_text=_date_text(),
    )


ROLE_WORDS = {
    ScrutineerRole.CHIEF: "总监票人", ScrutineerRole.SCRUTINEER: "监票人",
    ScrutineerRole.COUNTER: "计票人",
}


def publication_head(poll: Poll) -> Head | None:
    """The audit log's head right after this round's publication was logged (None before
    it): what the count report, the record and the hall screen publish with the result."""
    return head_after(
        congress=poll.congress_id, action="result.published", subject=_subject(poll)
    )


def audit_head_record(poll: Poll) -> dict:
    """The audit log's head published with this round (record/audit-head.json): the head
    right after the publication was logged; before publication, the head now."""
    published = publication_head(poll)
    head = published or current_head(poll.congress_id)
    return {
        "congress_id": poll.congress_id, "poll": poll.pk, "published": published is not None,
        "audit_head": head.as_json(), "check": f"dahui audit verify LOG.jsonl --head {head}",
    }


def _audit_heads(election: Election) -> list[PublishedHead]:
    heads = []
    for poll in election.polls.filter(state=PollState.PUBLISHED, rehearsal=False).order_by("round"):
        head = head_after(
            congress=poll.congress_id, action="result.published", subject=_subject(poll)
        )
        if head is not None:
            heads.append(PublishedHead(f"{round_label(poll)}公布时", head))
    heads.append(PublishedHead("本报告生成时", current_head(election.congress_id)))
    return heads


def _name(user) -> str:
    return getattr(getattr(user, "delegate", None), "name", None) or (
        user.get_full_name() or user.get_username()
    )


def count_report(election: Election) -> bytes:
    if not election_outcome(election, rehearsals=False).rounds:
        raise NothingToReport("no round of this election has been counted yet")
    confirmations = []
    confirmed_users = set()
    for poll in election.polls.filter(rehearsal=False).order_by("round"):
        for c in poll.confirmations.select_related("user").order_by("at"):
            at = timezone.localtime(c.at)
            confirmed_users.add(c.user_id)
            confirmations.append(SignedConfirmation(
                name=_name(c.user),
                role=f"{ROLE_WORDS.get(c.role, c.role)}（{round_label(poll)}）",
                confirmed_at=f"{at:%Y-%m-%d %H:%M}",
            ))
    # Every assigned scrutineer signs the paper, confirmed in the app or not.
    for s in election.scrutineers.select_related("user").order_by("role", "id"):
        if s.user_id not in confirmed_users:
            confirmations.append(SignedConfirmation(
                name=_name(s.user), role=ROLE_WORDS.get(s.role, s.role), confirmed_at=""
            ))
    return count_report_pdf(
        congress_name=election.congress.title, title=election.title,
        rounds=_rounds(election), confirmations=confirmations, date_text=_date_text(),
        audit_heads=_audit_heads(election),
    )


def counts_workbook(election: Election) -> bytes:
    if not election_outcome(election, rehearsals=False).rounds:
        raise NothingToReport("no round of this election has been counted yet")
    return results_xlsx(title=election.title, rounds=_rounds(election))


def paper_ballots(poll: Poll, *, count: int) -> bytes:
    """`count` identical ballots of the round (an election or a motion), as printed by
    `dahui ballots` from the round's ELECTION.json; candidates in stroke order."""
    # The page code leaves out entitled and issued, which are frozen only when the poll
    # opens (ballots are printed before); stand-ins keep the rules core's checks happy.
    if poll.appraisal_id:
        return appraisal_ballots_pdf(
            congress_name=poll.congress.title, title=poll.title,
            scale=list(poll.appraisal.scale),
            names=[s.name for s in counting.ballot_subjects(poll)], count=count,
        )
    if poll.motion_id:
        subject = rules.Motion(title=poll.title, entitled=1, issued=0,
                               rules=counting.motion_rules(poll.motion))
    else:
        subject = rules.Election(
            title=poll.title, seats=poll.seats, entitled=1, issued=0,
            candidates=counting.rules_election_candidates(poll),
            rules=counting.election_rules(poll.election),
        )
    return ballot_papers_pdf(congress_name=poll.congress.title, election=subject, count=count)
