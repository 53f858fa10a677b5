"""Small builders for rules tests: an election of named candidates and ballots by hand."""

from __future__ import annotations

from fractions import Fraction

from dahui.rules import Ballot, Candidate, Election, ElectionRules, Mark, ThresholdBase

NAMES = ("王敏", "李强", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴军")


def election(
    *,
    seats: int = 1,
    candidates: int = 2,
    entitled: int = 10,
    issued: int | None = None,
    threshold_base: ThresholdBase = ThresholdBase.ENTITLED,
    min_excess: Fraction = Fraction(1, 20),
    write_ins: bool = True,
    quorum: Fraction = Fraction(2, 3),
) -> Election:
    """Candidates c1, c2 … named from NAMES; issued defaults to entitled."""
    return Election(
        title="委员会委员",
        seats=seats,
        entitled=entitled,
        issued=entitled if issued is None else issued,
        candidates=tuple(Candidate(f"c{i + 1}", NAMES[i]) for i in range(candidates)),
        rules=ElectionRules(
            quorum=quorum,
            min_excess=min_excess,
            threshold_base=threshold_base,
            write_ins=write_ins,
        ),
    )


def ballot(*, for_: str = "", against: str = "", write_ins: tuple[str, ...] = ()) -> Ballot:
    """A ballot from space-separated candidate ids: ballot(for_="c1 c2", against="c3")."""
    marks = {cid: Mark.FOR for cid in for_.split()}
    marks |= {cid: Mark.AGAINST for cid in against.split()}
    return Ballot(marks=marks, write_ins=write_ins)


def for_votes(result, candidate_id: str) -> int:
    return next(line.for_ for line in result.results if line.id == candidate_id)


def line_of(result, candidate_id: str):
    return next(line for line in result.results if line.id == candidate_id)
