"""dahui's election and motion rules (shared/RULES.md): standard library only, no I/O.

Frozen dataclasses in, frozen dataclasses out; every refusal is a `RulesError`. The rest of
dahui (elections, voting, the `dahui tally` command) calls these and never re-implements a
rule.

Beside elections and motions: appraisal ballots (`appraisal`), scoring panels (`scoring`)
and the direct election of a union chair (`chair`). Person names go through
`normalize_name` / `check_person_name` (`names`), ballots list candidates in
`ballot_order` (`stroke_order`), and shares are shown with `percent_text` (`percent`).
"""

from dahui.rules.appraisal import (
    AppraisalBallot,
    AppraisalPoll,
    AppraisalResult,
    AppraisalRules,
    Subject,
    tally_appraisal,
)
from dahui.rules.ballot_check import check_ballot
from dahui.rules.chair import (
    Standing,
    chair_vote_rules,
    check_chair_vote_rules,
    check_may_stand,
    standing_exclusions,
    tally_nominations,
)
from dahui.rules.contest import check_contest, min_candidates
from dahui.rules.entitlement import is_entitled
from dahui.rules.errors import (
    BallotRefused,
    ConflictedScore,
    ContestTooSmall,
    ExchangeError,
    InvalidPersonName,
    InvalidScore,
    InvalidSetting,
    MayNotStand,
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
    UnknownGrade,
    UnknownMark,
    UnknownSubject,
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
from dahui.rules.percent import percent_text, round_half_up
from dahui.rules.quorum import has_quorum, quorum_required, threshold
from dahui.rules.scoring import Entry, Judge, Panel, PanelResult, ScoringRules, score_panel
from dahui.rules.stroke_order import announcement_order, ballot_order, stroke_key, strokes_of
from dahui.rules.tally import (
    ElectionCount,
    runoff_election,
    tally_election,
    tally_election_totals,
)

__all__ = [
    "PERSON_NAME_MAX",
    "AppraisalBallot",
    "AppraisalPoll",
    "AppraisalResult",
    "AppraisalRules",
    "Ballot",
    "BallotRefused",
    "Candidate",
    "CandidateResult",
    "ConflictedScore",
    "ContestTooSmall",
    "Election",
    "ElectionCount",
    "ElectionResult",
    "ElectionRules",
    "Entry",
    "ExchangeError",
    "InvalidPersonName",
    "InvalidScore",
    "InvalidSetting",
    "Judge",
    "Mark",
    "MayNotStand",
    "Motion",
    "MotionBallot",
    "MotionResult",
    "MotionRules",
    "NoRunoff",
    "NotEntitled",
    "OverVote",
    "Panel",
    "PanelResult",
    "PollClosed",
    "Problem",
    "QuorumNotMet",
    "RulesError",
    "Runoff",
    "ScoringRules",
    "Standing",
    "Subject",
    "ThresholdBase",
    "TotalsExceedIssued",
    "UnknownCandidate",
    "UnknownDelegateStatus",
    "UnknownGrade",
    "UnknownMark",
    "UnknownSubject",
    "Vote",
    "WriteInVoid",
    "WriteInsNotAllowed",
    "announcement_order",
    "ballot_order",
    "ballot_to_json",
    "chair_vote_rules",
    "check_ballot",
    "check_chair_vote_rules",
    "check_contest",
    "check_may_stand",
    "check_person_name",
    "election_to_json",
    "has_quorum",
    "is_entitled",
    "min_candidates",
    "normalise_name",
    "normalize_name",
    "parse_ballots",
    "parse_election",
    "percent_text",
    "quorum_required",
    "result_to_json",
    "round_half_up",
    "runoff_election",
    "score_panel",
    "standing_exclusions",
    "stroke_key",
    "strokes_of",
    "tally_appraisal",
    "tally_election",
    "tally_election_totals",
    "tally_lines",
    "tally_motion",
    "tally_motion_totals",
    "tally_nominations",
    "threshold",
    "write_in_id",
]
