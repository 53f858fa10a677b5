"""Appraisal ballots (民主评议, RULES.md "Appraisal ballots"): each ballot grades each subject.

A poll lists subjects (people or departments) and a scale of grades, best first. Counting:

- Quorum as rule 1 (issued ≥ ⌈entitled × quorum⌉), else `no_quorum` and nothing is counted;
  more ballots returned than issued makes the poll `void` (as rule 6), nothing counted.
- A ballot the scrutineers declare spoiled is invalid; every other returned ballot is valid.
- On a valid ballot each subject has at most one grade. No mark is `not graded` (弃权); two
  or more marks for one subject void that subject's grade on that ballot (it counts as not
  graded), never the ballot or its other subjects. A ballot that marks the same grade twice
  for one subject has two marks and is treated the same way.
- A grade outside the scale, or a subject not in the poll, is bad data: `UnknownGrade`,
  `UnknownSubject` (paper ballots are entered from the poll's own form, which offers no
  other grade; a typing slip is corrected, not counted).
- Per subject: the count of each grade and of not graded; each share = count / valid ballots
  as an exact Fraction and as a percentage rounded half up to one decimal; the approval
  share = the two best grades together / valid. With no valid ballot every share is 0.
- The outcome flag: the poll's setting `flag_grade` (default the worst grade) above
  `flag_above` (default 1/3) of the valid ballots, strictly (不称职票超过三分之一).
- Subjects are listed in surname stroke order (rule 10's order).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Literal

from dahui.rules.errors import InvalidSetting, UnknownGrade, UnknownSubject
from dahui.rules.percent import percent_text
from dahui.rules.quorum import quorum_required
from dahui.rules.stroke_order import ballot_order

COMPETENCE_SCALE = ("优秀", "称职", "基本称职", "不称职")
SATISFACTION_SCALE = ("满意", "基本满意", "不满意")


def _fraction(name: str, value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, Fraction | int):
        raise InvalidSetting(f"{name} must be a Fraction, not {value!r}")
    return Fraction(value)


@dataclass(frozen=True)
class AppraisalRules:
    """The poll's settings: its scale (best first), quorum and outcome flag."""

    scale: tuple[str, ...] = COMPETENCE_SCALE
    quorum: Fraction = Fraction(2, 3)
    flag_grade: str | None = None  # None: the worst grade of the scale
    flag_above: Fraction = Fraction(1, 3)

    def __post_init__(self) -> None:
        scale = tuple(self.scale)
        if len(scale) < 2 or len(set(scale)) != len(scale):
            raise InvalidSetting(f"a scale needs at least two different grades, not {scale!r}")
        if not all(isinstance(grade, str) and grade.strip() for grade in scale):
            raise InvalidSetting(f"every grade must be a non-empty text: {scale!r}")
        quorum = _fraction("quorum", self.quorum)
        if not 0 < quorum <= 1:
            raise InvalidSetting(f"quorum must be more than 0 and at most 1, not {quorum}")
        flag_grade = scale[-1] if self.flag_grade is None else self.flag_grade
        if flag_grade not in scale:
            raise InvalidSetting(f"flag grade {flag_grade!r} is not on the scale")
        flag_above = _fraction("flag_above", self.flag_above)
        if not 0 <= flag_above < 1:
            raise InvalidSetting(f"flag_above must be at least 0 and below 1, not {flag_above}")
        object.__setattr__(self, "scale", scale)
        object.__setattr__(self, "quorum", quorum)
        object.__setattr__(self, "flag_grade", flag_grade)
        object.__setattr__(self, "flag_above", flag_above)


@dataclass(frozen=True)
class Subject:
    """A person or a department being appraised; `name` orders the list (stroke order)."""

    id: str
    name: str

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise InvalidSetting(f"subject id must be a non-empty string, not {self.id!r}")
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidSetting(f"subject {self.id}: name must be a non-empty string")


@dataclass(frozen=True)
class AppraisalPoll:
    title: str
    entitled: int
    issued: int
    subjects: tuple[Subject, ...]
    rules: AppraisalRules = field(default_factory=AppraisalRules)

    def __post_init__(self) -> None:
        for name in ("entitled", "issued"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidSetting(f"{name} must be a whole number of at least 0: {value!r}")
        if self.entitled < 1:
            raise InvalidSetting("entitled must be at least 1")
        if self.issued > self.entitled:
            raise InvalidSetting(f"issued {self.issued} exceeds entitled {self.entitled}")
        subjects = tuple(self.subjects)
        if not subjects:
            raise InvalidSetting("an appraisal needs at least one subject")
        ids = [s.id for s in subjects]
        if len(set(ids)) != len(ids):
            raise InvalidSetting("duplicate subject id")
        object.__setattr__(self, "subjects", subjects)


@dataclass(frozen=True)
class AppraisalBallot:
    """One returned appraisal ballot: subject id → the grades marked for it.

    A subject left out (or given no grade) is not graded. A single grade may be given as a
    string; several marks as a tuple or list (the count voids them). `spoiled` is the
    scrutineers' declaration.
    """

    marks: Mapping[str, str | tuple[str, ...]] = field(default_factory=dict)
    spoiled: bool = False

    def __post_init__(self) -> None:
        frozen: dict[str, tuple[str, ...]] = {}
        for subject, grades in self.marks.items():
            frozen[subject] = (grades,) if isinstance(grades, str) else tuple(grades)
        object.__setattr__(self, "marks", MappingProxyType(frozen))


@dataclass(frozen=True)
class GradeCount:
    grade: str  # a grade of the scale, or NOT_GRADED
    count: int
    share: Fraction
    percent: str


NOT_GRADED = "not_graded"


@dataclass(frozen=True)
class SubjectResult:
    id: str
    name: str
    grades: tuple[GradeCount, ...]  # the scale's grades, best first, then NOT_GRADED
    approval: Fraction  # the two best grades together / valid
    approval_percent: str
    flagged: bool

    def count(self, grade: str) -> int:
        return next(line.count for line in self.grades if line.grade == grade)


AppraisalStatus = Literal["counted", "no_quorum", "void"]


@dataclass(frozen=True)
class AppraisalResult:
    title: str
    status: AppraisalStatus
    entitled: int
    issued: int
    returned: int
    quorum_required: int
    valid: int
    invalid: int
    flag_grade: str
    flag_above: Fraction
    subjects: tuple[SubjectResult, ...]  # surname stroke order; empty unless counted


def _share(count: int, valid: int) -> Fraction:
    return Fraction(count, valid) if valid else Fraction(0)


def tally_appraisal(poll: AppraisalPoll, ballots: Iterable[AppraisalBallot]) -> AppraisalResult:
    """Count the returned appraisal `ballots` of `poll` (see the module's rules)."""
    rules = poll.rules
    scale = rules.scale
    on_scale = frozenset(scale)
    known = {s.id for s in poll.subjects}
    counts: dict[str, dict[str, int]] = {s.id: dict.fromkeys(scale, 0) for s in poll.subjects}
    returned = invalid = 0
    for ballot in ballots:
        returned += 1
        if ballot.spoiled:
            invalid += 1
            continue
        for subject, grades in ballot.marks.items():
            if subject not in known:
                raise UnknownSubject(subject)
            for grade in grades:
                if grade not in on_scale:
                    raise UnknownGrade(subject=subject, grade=grade, scale=scale)
            if len(grades) == 1:
                counts[subject][grades[0]] += 1
    required = quorum_required(poll.entitled, rules.quorum)
    status: AppraisalStatus = "counted"
    if poll.issued < required:
        status = "no_quorum"
    elif returned > poll.issued:
        status = "void"
    valid = returned - invalid if status == "counted" else 0
    subjects: list[SubjectResult] = []
    if status == "counted":
        for subject in ballot_order(poll.subjects):
            by_grade = counts[subject.id]
            lines = [
                GradeCount(g, n, _share(n, valid), percent_text(_share(n, valid)))
                for g, n in by_grade.items()
            ]
            not_graded = valid - sum(by_grade.values())
            share = _share(not_graded, valid)
            lines.append(GradeCount(NOT_GRADED, not_graded, share, percent_text(share)))
            approval = _share(by_grade[scale[0]] + by_grade[scale[1]], valid)
            flagged = valid > 0 and by_grade[rules.flag_grade] > rules.flag_above * valid
            subjects.append(
                SubjectResult(
                    id=subject.id,
                    name=subject.name,
                    grades=tuple(lines),
                    approval=approval,
                    approval_percent=percent_text(approval),
                    flagged=flagged,
                )
            )
    return AppraisalResult(
        title=poll.title,
        status=status,
        entitled=poll.entitled,
        issued=poll.issued,
        returned=returned,
        quorum_required=required,
        valid=valid,
        invalid=invalid if status == "counted" else 0,
        flag_grade=rules.flag_grade or scale[-1],
        flag_above=rules.flag_above,
        subjects=tuple(subjects),
    )
