"""dahui's election and motion rules (shared/RULES.md): standard library only, no I/O.

Frozen dataclasses in, frozen dataclasses out; every refusal is a `RulesError`. The rest of
dahui (elections, voting, the `dahui tally` command) calls these and never re-implements a
rule.
"""

from dahui.rules.ballot_check import check_ballot
from dahui.rules.contest import check_contest, min_candidates
from dahui.rules.entitlement import is_entitled
from dahui.rules.errors import (
    BallotRefused,
    ContestTooSmall,
    ExchangeError,
    InvalidPersonName,
    InvalidSetting,
    NoRunoff,
    NotEntitled,
    OverVote,
    PollClosed,
    Problem,
    QuorumNotMet,
    RulesError,
    TotalsExceedIssued,
    UnknownCandidate,
    UnknownDelegateStatus,
    UnknownMark,
    WriteInsNotAllowed,
    WriteInVoid,
)
from dahui.rules.exchange import (
    ballot_to_json,
    election_to_json,
    parse_ballots,
    parse_election,
    result_to_json,
    tally_lines,
)
from dahui.rules.model import (
    Ballot,
    Candidate,
    CandidateResult,
    Election,
    ElectionResult,
    ElectionRules,
    Mark,
    Motion,
    MotionBallot,
    MotionResult,
    MotionRules,
    Runoff,
    ThresholdBase,
    Vote,
)
from dahui.rules.motion import tally_motion, tally_motion_totals
from dahui.rules.names import (
    PERSON_NAME_MAX,
    check_person_name,
    normalise_name,
    normalize_name,
    write_in_id,
)
from dahui.rules.quorum import has_quorum, quorum_required, threshold
from dahui.rules.stroke_order import announcement_order, ballot_order, stroke_key, strokes_of
from dahui.rules.tally import (
    ElectionCount,
    runoff_election,
    tally_election,
    tally_election_totals,
)

__all__ = [
    "PERSON_NAME_MAX",
    "Ballot",
    "BallotRefused",
    "Candidate",
    "CandidateResult",
    "ContestTooSmall",
    "Election",
    "ElectionCount",
    "ElectionResult",
    "ElectionRules",
    "ExchangeError",
    "InvalidPersonName",
    "InvalidSetting",
    "Mark",
    "Motion",
    "MotionBallot",
    "MotionResult",
    "MotionRules",
    "NoRunoff",
    "NotEntitled",
    "OverVote",
    "PollClosed",
    "Problem",
    "QuorumNotMet",
    "RulesError",
    "Runoff",
    "ThresholdBase",
    "TotalsExceedIssued",
    "UnknownCandidate",
    "UnknownDelegateStatus",
    "UnknownMark",
    "Vote",
    "WriteInVoid",
    "WriteInsNotAllowed",
    "announcement_order",
    "ballot_order",
    "ballot_to_json",
    "check_ballot",
    "check_contest",
    "check_person_name",
    "election_to_json",
    "has_quorum",
    "is_entitled",
    "min_candidates",
    "normalise_name",
    "normalize_name",
    "parse_ballots",
    "parse_election",
    "quorum_required",
    "result_to_json",
    "runoff_election",
    "stroke_key",
    "strokes_of",
    "tally_election",
    "tally_election_totals",
    "tally_lines",
    "tally_motion",
    "tally_motion_totals",
    "threshold",
    "write_in_id",
]
