"""Every refusal of the rules engine is a `RulesError`; callers turn them into messages."""

from __future__ import annotations

from dataclasses import dataclass


class RulesError(Exception):
    """Base of every refusal the rules engine makes."""


class InvalidSetting(RulesError):
    """A value given to the engine is outside what the rules allow (seats < 1, quorum > 1 …)."""


class InvalidPersonName(InvalidSetting):
    """A text that cannot be a person's name (rules.names.check_person_name).

    `reason` is EMPTY, TOO_LONG or NOT_TEXT; `chinese()` is the message for a form or a
    command. A subclass of InvalidSetting, so callers catching that still catch this.
    """

    EMPTY = "empty"
    TOO_LONG = "too_long"
    NOT_TEXT = "not_text"

    def __init__(self, *, text: object, reason: str, length: int = 0) -> None:
        from dahui.rules.names import PERSON_NAME_MAX

        self.text = text
        self.reason = reason
        self.length = length
        self.limit = PERSON_NAME_MAX
        english = {
            self.EMPTY: "the name is empty once spaces and invisible characters are removed",
            self.TOO_LONG: f"the name has {length} characters, at most {PERSON_NAME_MAX}",
            self.NOT_TEXT: "the name is not text",
        }[reason]
        super().__init__(english)

    def chinese(self) -> str:
        """The reason in Chinese, naming the limit where there is one."""
        if self.reason == self.EMPTY:
            return "姓名为空（去除空格和不可见字符后没有内容）"
        if self.reason == self.TOO_LONG:
            return f"姓名过长：{self.length} 个字符，最多 {self.limit} 个"
        return "姓名不是有效的文本"


class QuorumNotMet(RulesError):
    """Fewer voters than the quorum: the vote may not proceed (rule 1)."""

    def __init__(self, *, entitled: int, present: int, required: int) -> None:
        self.entitled = entitled
        self.present = present
        self.required = required
        super().__init__(f"quorum not met: {present} present, {required} of {entitled} required")


class ContestTooSmall(RulesError):
    """The candidate list is shorter than the contest rule (差额) requires (rule 2)."""

    def __init__(self, *, seats: int, candidates: int, required: int) -> None:
        self.seats = seats
        self.candidates = candidates
        self.required = required
        super().__init__(
            f"{candidates} candidates for {seats} seats: at least {required} are required"
        )


class BallotRefused(RulesError):
    """Base of the reasons an electronic ballot is refused before it is stored."""


class OverVote(BallotRefused):
    """More `for` marks plus write-ins than seats (rule 5)."""

    def __init__(self, *, for_marks: int, write_ins: int, seats: int) -> None:
        self.for_marks = for_marks
        self.write_ins = write_ins
        self.seats = seats
        super().__init__(
            f"{for_marks} for marks and {write_ins} write-ins exceed the {seats} seats"
        )


class UnknownCandidate(BallotRefused):
    """A mark names a candidate id that is not on the list."""

    def __init__(self, candidate_id: str) -> None:
        self.candidate_id = candidate_id
        super().__init__(f"unknown candidate id {candidate_id!r}")


class UnknownMark(BallotRefused):
    """A mark or vote is not one of for, against, abstain."""

    def __init__(self, value: object) -> None:
        self.value = value
        super().__init__(f"unknown mark {value!r}: use for, against or abstain")


class WriteInsNotAllowed(BallotRefused):
    """The election's rules do not allow write-ins, yet the ballot has some."""

    def __init__(self) -> None:
        super().__init__("this election does not allow write-ins")


class WriteInVoid(BallotRefused):
    """A write-in that the count would void (rule 4); an electronic ballot refuses it early."""

    def __init__(self, *, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"write-in {name!r} would be void: {reason}")


class TotalsExceedIssued(RulesError):
    """Entered totals (show of hands, devices) exceed the ballots issued."""

    def __init__(self, *, total: int, issued: int) -> None:
        self.total = total
        self.issued = issued
        super().__init__(f"for + against + abstain = {total} exceeds the {issued} issued")


class PollClosed(RulesError):
    """A ballot arrived for a poll that is not open."""


class NotEntitled(RulesError):
    """The person has no vote in this congress (列席, unconfirmed, invitee without a vote)."""


class UnknownDelegateStatus(RulesError):
    """A delegate status other than formal, invited or attending."""

    def __init__(self, status: str) -> None:
        self.status = status
        super().__init__(f"unknown delegate status {status!r}: use formal, invited or attending")


class NoRunoff(RulesError):
    """A runoff round was asked for from a result that does not call for one."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an exchange file: where it is and what is wrong."""

    source: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class ExchangeError(RulesError):
    """Exchange input that cannot be read; `problems` lists each one with file, line, field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UnknownGrade(RulesError):
    """An appraisal ballot grades a subject outside the poll's scale."""

    def __init__(self, *, subject: str, grade: object, scale: tuple[str, ...]) -> None:
        self.subject = subject
        self.grade = grade
        self.scale = scale
        super().__init__(f"{subject}: grade {grade!r} is not on the scale {'/'.join(scale)}")


class UnknownSubject(RulesError):
    """An appraisal ballot grades a subject that is not in the poll."""

    def __init__(self, subject_id: object) -> None:
        self.subject_id = subject_id
        super().__init__(f"unknown subject id {subject_id!r}")


class InvalidScore(RulesError):
    """A panel score off the scale, with too many decimals, or not an exact number."""

    def __init__(self, *, value: object, reason: str) -> None:
        self.value = value
        self.reason = reason
        super().__init__(f"score {value!r}: {reason}")


class ConflictedScore(RulesError):
    """A score from a judge who may not score that entry (its author, or of its unit)."""

    def __init__(self, *, judge: str, entry: str, reasons: tuple[str, ...]) -> None:
        self.judge = judge
        self.entry = entry
        self.reasons = reasons
        super().__init__(f"judge {judge} may not score entry {entry}: {', '.join(reasons)}")


class MayNotStand(RulesError):
    """A member whom Art 6 bars from standing for union chair; `reasons` says why."""

    def __init__(self, *, member: str, reasons: tuple[str, ...]) -> None:
        self.member = member
        self.reasons = reasons
        super().__init__(f"{member} may not stand for union chair: {', '.join(reasons)}")
