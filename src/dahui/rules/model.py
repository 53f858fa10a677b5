"""The frozen values the rules engine takes and gives back.

Construction checks what makes a value meaningless on its face (seats < 1, issued > entitled,
a duplicate candidate id, a mark that is not for/against/abstain) and raises a `RulesError`.
Checks that depend on the congress's choices (the contest rule 2) are separate functions, so
that a runoff round with too few people left (rule 9: "all are taken") can still be built.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Literal

from dahui.rules.errors import InvalidSetting, UnknownMark
from dahui.rules.names import check_person_name, has_lone_surrogate


class Mark(StrEnum):
    """What a ballot says about one listed candidate (rule 3)."""

    FOR = "for"  # 赞成 ○
    AGAINST = "against"  # 不赞成 ×
    ABSTAIN = "abstain"  # 弃权, no mark


class Vote(StrEnum):
    """What a motion ballot says."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class ThresholdBase(StrEnum):
    """The number whose half must be exceeded to be elected or to pass (rule 7)."""

    ENTITLED = "entitled"  # 应到会人数
    ISSUED = "issued"  # 发出选票数
    VALID = "valid"  # 有效票数


def _check_count(name: str, value: object, *, minimum: int = 0) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidSetting(f"{name} must be a whole number, not {value!r}")
    if value < minimum:
        raise InvalidSetting(f"{name} must be at least {minimum}, not {value}")


def _check_quorum(quorum: object) -> None:
    if not isinstance(quorum, Fraction | int) or isinstance(quorum, bool):
        raise InvalidSetting(f"quorum must be a Fraction, not {quorum!r}")
    if not 0 < quorum <= 1:
        raise InvalidSetting(f"quorum must be more than 0 and at most 1, not {quorum}")


@dataclass(frozen=True)
class ElectionRules:
    """The election's settings, adopted with its 选举办法 (defaults from RULES.md)."""

    quorum: Fraction = Fraction(2, 3)
    min_excess: Fraction = Fraction(1, 20)
    threshold_base: ThresholdBase = ThresholdBase.ENTITLED
    write_ins: bool = True

    def __post_init__(self) -> None:
        _check_quorum(self.quorum)
        if not isinstance(self.min_excess, Fraction | int) or isinstance(self.min_excess, bool):
            raise InvalidSetting(f"min_excess must be a Fraction, not {self.min_excess!r}")
        if self.min_excess < 0:
            raise InvalidSetting(f"min_excess must not be negative, not {self.min_excess}")
        object.__setattr__(self, "quorum", Fraction(self.quorum))
        object.__setattr__(self, "min_excess", Fraction(self.min_excess))
        object.__setattr__(self, "threshold_base", ThresholdBase(self.threshold_base))


@dataclass(frozen=True)
class MotionRules:
    """A motion's settings: the same quorum, and 全体代表过半数 by default."""

    quorum: Fraction = Fraction(2, 3)
    threshold_base: ThresholdBase = ThresholdBase.ENTITLED

    def __post_init__(self) -> None:
        _check_quorum(self.quorum)
        object.__setattr__(self, "quorum", Fraction(self.quorum))
        object.__setattr__(self, "threshold_base", ThresholdBase(self.threshold_base))


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise InvalidSetting(f"candidate id must be a non-empty string, not {self.id!r}")
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidSetting(f"candidate {self.id}: name must be a non-empty string")
        check_person_name(self.name)


@dataclass(frozen=True)
class Election:
    """One election: `seats` to fill from `candidates` by the voters of a congress."""

    title: str
    seats: int
    entitled: int
    issued: int
    candidates: tuple[Candidate, ...]
    rules: ElectionRules = field(default_factory=ElectionRules)

    def __post_init__(self) -> None:
        _check_count("seats", self.seats, minimum=1)
        _check_count("entitled", self.entitled, minimum=1)
        _check_count("issued", self.issued)
        if self.issued > self.entitled:
            raise InvalidSetting(f"issued {self.issued} exceeds entitled {self.entitled}")
        object.__setattr__(self, "candidates", tuple(self.candidates))
        seen: set[str] = set()
        for candidate in self.candidates:
            if candidate.id in seen:
                raise InvalidSetting(f"duplicate candidate id {candidate.id!r}")
            seen.add(candidate.id)


_MARKS = {mark.value: mark for mark in Mark}


def _mark(value: object) -> Mark:
    # A dict lookup rather than Mark(value): ballots are built in the hundred thousands.
    mark = _MARKS.get(value) if isinstance(value, str) else None
    if mark is None:
        raise UnknownMark(value)
    return mark


@dataclass(frozen=True)
class Ballot:
    """One returned election ballot. Candidates not in `marks` abstain (rule 3).

    `invalid` is the scrutineers' declaration (spoiled, illegible); an over-vote needs no
    declaration, the count finds it (rule 5). A write-in is any text as written: one empty
    after normalising or too long for a name is kept here and voided by the count (rule 4).
    """

    marks: Mapping[str, Mark] = field(default_factory=dict)
    write_ins: tuple[str, ...] = ()
    invalid: bool = False

    def __post_init__(self) -> None:
        frozen = {str(key): _mark(value) for key, value in self.marks.items()}
        object.__setattr__(self, "marks", MappingProxyType(frozen))
        object.__setattr__(self, "write_ins", tuple(self.write_ins))
        for written in self.write_ins:
            if not isinstance(written, str) or has_lone_surrogate(written):
                raise InvalidSetting(f"a write-in must be text, not {written!r}")

    def __hash__(self) -> int:
        return hash((tuple(sorted(self.marks.items())), self.write_ins, self.invalid))


@dataclass(frozen=True)
class Motion:
    """A motion put to the vote (a report, a resolution, the 选举办法, a list)."""

    title: str
    entitled: int
    issued: int
    rules: MotionRules = field(default_factory=MotionRules)

    def __post_init__(self) -> None:
        _check_count("entitled", self.entitled, minimum=1)
        _check_count("issued", self.issued)
        if self.issued > self.entitled:
            raise InvalidSetting(f"issued {self.issued} exceeds entitled {self.entitled}")


@dataclass(frozen=True)
class MotionBallot:
    """One motion ballot. A ballot with no vote and not declared invalid abstains."""

    vote: Vote | None = None
    invalid: bool = False

    def __post_init__(self) -> None:
        if self.vote is not None:
            try:
                object.__setattr__(self, "vote", Vote(self.vote))
            except ValueError:
                raise UnknownMark(self.vote) from None


@dataclass(frozen=True)
class CandidateResult:
    """One line of the counts table. A write-in has id "write-in:NAME" and only `for_`."""

    id: str
    name: str
    for_: int
    against: int
    abstain: int
    write_in: bool
    elected: bool


@dataclass(frozen=True)
class Runoff:
    """Why a further round is needed, for how many seats, and among whom (rules 8, 9)."""

    reason: Literal["tie", "shortage"]
    seats: int
    candidates: tuple[str, ...]


ElectionStatus = Literal["elected", "runoff", "no_quorum", "void"]
MotionStatus = Literal["passed", "rejected", "no_quorum", "void"]


@dataclass(frozen=True)
class ElectionResult:
    """The outcome of one election round.

    `results` is in count order (most `for` first, ties in candidate-list order, write-ins
    after listed candidates at equal counts); `elected` holds ids in announcement order
    (rule 10). With no_quorum or void nothing is counted: `results` and `elected` are empty
    and `valid`, `invalid` are 0.
    """

    title: str
    status: ElectionStatus
    seats: int
    entitled: int
    issued: int
    returned: int
    quorum_required: int
    valid: int
    invalid: int
    threshold: int
    results: tuple[CandidateResult, ...]
    elected: tuple[str, ...]
    unfilled: int
    runoff: Runoff | None


@dataclass(frozen=True)
class MotionResult:
    title: str
    status: MotionStatus
    entitled: int
    issued: int
    returned: int
    quorum_required: int
    valid: int
    invalid: int
    for_: int
    against: int
    abstain: int
    threshold: int
