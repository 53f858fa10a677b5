"""Delegates' proposals (代表提案): who may sign one, when it has enough support, and the
steps from the draft to the proposer's verdict on the answer.

A proposal is written by one delegate (the 提案人, or 领衔人 of a joint one) and is only
handed in with the support the congress asks for: at least `min_seconders` other delegates
who second it (附议), or, as a joint proposal (联名), at least `min_joint` delegates signing
together, the first of them included. Only delegates with a vote sign: a 列席 attendee
never does. Proposals are collected before the congress, usually before the credentials
committee has confirmed anyone, so a delegate whose credential is still pending signs; one
rejected or replaced does not.

The committee (提案审查委员会) registers a proposal (立案), declines it with a written reason
(不予立案), merges it into a registered one (并案) or turns it into an opinion (转为意见建议).
A registered proposal is assigned to departments (交办); the lead department's reply
(答复) puts it before the proposer, who records 满意, 基本满意 or 不满意; the first 不满意
reopens it for one more reply, after which the proposer's verdict is final.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dahui.rules.entitlement import is_entitled
from dahui.rules.errors import InvalidSetting, RulesError

DEFAULT_MIN_SECONDERS = 2
DEFAULT_MIN_JOINT = 3
# The answer may be reopened this many times by a 不满意 (the issue: "reopens it once").
REOPENINGS = 1

# States of a proposal.
DRAFT = "draft"  # written, gathering seconders or joint signers
SUBMITTED = "submitted"  # handed in with its support, awaiting review
REGISTERED = "registered"  # 立案, not yet assigned
HANDLING = "handling"  # assigned to departments, awaiting the lead department's reply
REPLIED = "replied"  # answered, awaiting the proposer's verdict
REOPENED = "reopened"  # answered, found 不满意, awaiting the second reply
CLOSED = "closed"  # the proposer's verdict is recorded and final
NOT_REGISTERED = "not_registered"  # 不予立案, with a reason
MERGED = "merged"  # 并案 into another proposal
OPINION = "opinion"  # 转为意见建议

STATES = (DRAFT, SUBMITTED, REGISTERED, HANDLING, REPLIED, REOPENED, CLOSED,
          NOT_REGISTERED, MERGED, OPINION)
# A registered proposal, wherever its handling stands.
REGISTERED_STATES = frozenset({REGISTERED, HANDLING, REPLIED, REOPENED, CLOSED})
# Waiting for a department's reply.
AWAITING_REPLY = frozenset({HANDLING, REOPENED})

# Steps.
SUBMIT = "submit"
REGISTER = "register"
DECLINE = "decline"  # 不予立案
MERGE = "merge"
TO_OPINION = "to_opinion"
ASSIGN = "assign"
REPLY = "reply"  # the lead department's reply
EVALUATE = "evaluate"

# The proposer's verdict.
SATISFIED = "satisfied"  # 满意
BASICALLY_SATISFIED = "basically_satisfied"  # 基本满意
NOT_SATISFIED = "not_satisfied"  # 不满意
VERDICTS = (SATISFIED, BASICALLY_SATISFIED, NOT_SATISFIED)

# Review outcomes, as the 提案审查报告 counts them.
OUTCOME_PENDING = "pending"
OUTCOME_REGISTERED = "registered"
OUTCOME_NOT_REGISTERED = "not_registered"
OUTCOME_MERGED = "merged"
OUTCOME_OPINION = "opinion"

_STEPS: dict[tuple[str, str], str] = {
    (DRAFT, SUBMIT): SUBMITTED,
    (SUBMITTED, REGISTER): REGISTERED,
    (SUBMITTED, DECLINE): NOT_REGISTERED,
    (SUBMITTED, MERGE): MERGED,
    (SUBMITTED, TO_OPINION): OPINION,
    (REGISTERED, ASSIGN): HANDLING,
    (HANDLING, ASSIGN): HANDLING,  # another department joins before the reply
    (HANDLING, REPLY): REPLIED,
    (REOPENED, REPLY): REPLIED,
}


class ProposalRefused(RulesError):
    """A proposal step the rules do not allow."""


class StepNotAllowed(ProposalRefused):
    def __init__(self, *, state: str, step: str) -> None:
        self.state = state
        self.step = step
        super().__init__(f"a proposal that is {state} cannot take the step {step}")


class NotEnoughSupport(ProposalRefused):
    def __init__(self, *, joint: bool, have: int, required: int) -> None:
        self.joint = joint
        self.have = have
        self.required = required
        kind = "joint signers" if joint else "seconders"
        super().__init__(f"{have} confirmed {kind}, at least {required} required")


class MayNotSign(ProposalRefused):
    """Not a delegate with a vote: a 列席 attendee, a withdrawn credential."""

    def __init__(self, *, status: str) -> None:
        self.status = status
        super().__init__(f"a delegate of status {status} may not sign a proposal")


class OwnProposal(ProposalRefused):
    def __init__(self) -> None:
        super().__init__("the proposer cannot second their own proposal")


class CollectionClosed(ProposalRefused):
    """Outside the collection window; `not_yet` when it has not opened."""

    def __init__(self, *, opens_at: datetime | None, closes_at: datetime | None,
                 not_yet: bool) -> None:
        self.opens_at = opens_at
        self.closes_at = closes_at
        self.not_yet = not_yet
        super().__init__("collection has not opened" if not_yet else "collection is closed")


class BadMergeTarget(ProposalRefused):
    def __init__(self, *, reason: str) -> None:
        self.reason = reason
        super().__init__(f"cannot merge into that proposal: {reason}")


@dataclass(frozen=True)
class SupportRules:
    """How much support a proposal needs; the congress sets both."""

    min_seconders: int = DEFAULT_MIN_SECONDERS
    min_joint: int = DEFAULT_MIN_JOINT

    def __post_init__(self) -> None:
        if not isinstance(self.min_seconders, int) or not 0 <= self.min_seconders <= 50:
            raise InvalidSetting("min_seconders must be a whole number from 0 to 50")
        if not isinstance(self.min_joint, int) or not 2 <= self.min_joint <= 50:
            raise InvalidSetting("min_joint must be a whole number from 2 to 50")

    def required(self, *, joint: bool) -> int:
        """Signatures needed besides the proposer's own."""
        return self.min_joint - 1 if joint else self.min_seconders


def may_sign(*, status: str, credential_withdrawn: bool, invitees_vote: bool) -> bool:
    """Whether a delegate may propose, second or sign jointly: a delegate with a vote,
    counting a credential still under review as good (collection precedes the review)."""
    return is_entitled(status=status, credential_confirmed=not credential_withdrawn,
                       invitees_vote=invitees_vote)


def check_may_sign(*, status: str, credential_withdrawn: bool, invitees_vote: bool) -> None:
    if not may_sign(status=status, credential_withdrawn=credential_withdrawn,
                    invitees_vote=invitees_vote):
        raise MayNotSign(status=status)


def check_window(*, opens_at: datetime | None, closes_at: datetime | None,
                 now: datetime) -> None:
    """Collection is open from `opens_at` (inclusive) to `closes_at` (exclusive); with no
    window set it is not open at all."""
    if opens_at is None or closes_at is None or now < opens_at:
        raise CollectionClosed(opens_at=opens_at, closes_at=closes_at, not_yet=True)
    if now >= closes_at:
        raise CollectionClosed(opens_at=opens_at, closes_at=closes_at, not_yet=False)


def check_support(*, rules: SupportRules, joint: bool, confirmed: int) -> None:
    """`confirmed` counts the other delegates who confirmed (the proposer not included)."""
    required = rules.required(joint=joint)
    if confirmed < required:
        raise NotEnoughSupport(joint=joint, have=confirmed, required=required)


def check_seconder(*, proposer_id: int, delegate_id: int) -> None:
    if proposer_id == delegate_id:
        raise OwnProposal()


def next_state(*, state: str, step: str) -> str:
    """The state after `step` (every step but the proposer's verdict)."""
    try:
        return _STEPS[(state, step)]
    except KeyError:
        raise StepNotAllowed(state=state, step=step) from None


def after_verdict(*, state: str, verdict: str, reopenings: int) -> str:
    """The state after the proposer's verdict on a reply: 不满意 reopens the proposal while
    it has been reopened fewer than `REOPENINGS` times; any other verdict closes it."""
    if state != REPLIED:
        raise StepNotAllowed(state=state, step=EVALUATE)
    if verdict not in VERDICTS:
        raise InvalidSetting(f"unknown verdict {verdict!r}")
    if verdict == NOT_SATISFIED and reopenings < REOPENINGS:
        return REOPENED
    return CLOSED


def check_merge_target(*, source_id: int, target_id: int, target_state: str,
                       same_congress: bool) -> None:
    """A proposal merges only into another registered proposal of the same congress."""
    if source_id == target_id:
        raise BadMergeTarget(reason="itself")
    if not same_congress:
        raise BadMergeTarget(reason="another congress")
    if target_state not in REGISTERED_STATES:
        raise BadMergeTarget(reason="not registered")


def outcome(state: str) -> str:
    """The review outcome a state stands for in the 提案审查报告."""
    if state in REGISTERED_STATES:
        return OUTCOME_REGISTERED
    if state == NOT_REGISTERED:
        return OUTCOME_NOT_REGISTERED
    if state == MERGED:
        return OUTCOME_MERGED
    if state == OPINION:
        return OUTCOME_OPINION
    return OUTCOME_PENDING


def is_overdue(*, state: str, deadline, today) -> bool:
    """Awaiting a reply past its deadline (dates, the deadline day itself still in time)."""
    return state in AWAITING_REPLY and deadline is not None and today > deadline


@dataclass(frozen=True)
class ReviewLine:
    category: str
    state: str


@dataclass(frozen=True)
class ReviewCounts:
    """The 提案审查报告's figures: handed in (submitted or beyond), and per outcome;
    `by_category` maps each category to its counts in the same order as `OUTCOMES`."""

    total: int
    registered: int
    not_registered: int
    merged: int
    opinion: int
    pending: int
    by_category: tuple[tuple[str, int, int, int, int, int, int], ...]


def count_review(lines: list[ReviewLine], *, categories: tuple[str, ...]) -> ReviewCounts:
    """Counts over handed-in proposals (drafts are not proposals yet). Categories come in
    the congress's order; one not in its list any more follows at the end."""
    handed_in = [line for line in lines if line.state != DRAFT]
    order = list(categories) + sorted({line.category for line in handed_in} - set(categories))

    def tally(selected: list[ReviewLine]) -> tuple[int, int, int, int, int, int]:
        outcomes = [outcome(line.state) for line in selected]
        return (len(selected), outcomes.count(OUTCOME_REGISTERED),
                outcomes.count(OUTCOME_NOT_REGISTERED), outcomes.count(OUTCOME_MERGED),
                outcomes.count(OUTCOME_OPINION), outcomes.count(OUTCOME_PENDING))

    total, registered, not_registered, merged, opinion, pending = tally(handed_in)
    return ReviewCounts(
        total=total, registered=registered, not_registered=not_registered, merged=merged,
        opinion=opinion, pending=pending,
        by_category=tuple(
            (category, *tally([line for line in handed_in if line.category == category]))
            for category in order
        ),
    )
