"""Counting an election (rules 1, 3–10) and building the runoff round that follows.

Choices where RULES.md is silent, as a scrutineer would make them:

- A write-in naming a listed candidate is void even when the same ballot marks that
  candidate `for`; the `for` mark stands. Both still count towards an over-vote (rule 5
  counts write-ins as written).
- Void write-ins do not use up an `against` mark: a ballot with one `against`, a write-in
  of a listed candidate and then "赵磊" gives 赵磊 a vote, because the void name replaced
  nobody.
- A repeat of any name already written on the ballot is void, whether the first was
  counted or not.
- With no_quorum or void nothing is counted: valid and invalid are 0, results and elected
  are empty, every seat is unfilled, and the threshold is that of the base as it stands
  (a `valid` base then counts 0).
- A write-in empty once normalised (blank, only spaces or invisible characters) is void
  (rule 4), and one longer than PERSON_NAME_MAX characters cannot be a person's name, so
  it is void too. Like every other void write-in they still count towards an over-vote,
  since rule 5 counts write-ins as written, before rule 4; only the case where the rules
  forbid write-ins is carved out of rule 5 by rule 4's own words.
- Where the rules do not allow write-ins, written names are ignored altogether (rule 4):
  the ballot is counted as if they were not there, rule 5 included.
- Count order puts write-ins after listed candidates at equal `for` counts, write-ins among
  themselves by stroke order of the name, so the table never depends on ballot order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from dahui.rules.contest import min_candidates
from dahui.rules.errors import InvalidSetting, NoRunoff, UnknownCandidate
from dahui.rules.model import (
    Ballot,
    Candidate,
    CandidateResult,
    Election,
    ElectionResult,
    Mark,
    Runoff,
    ThresholdBase,
)
from dahui.rules.names import PERSON_NAME_MAX, WRITE_IN_PREFIX, normalize_name
from dahui.rules.quorum import quorum_required, threshold
from dahui.rules.stroke_order import stroke_key

_FOR = Mark.FOR
_AGAINST = Mark.AGAINST


class ElectionCount:
    """Ballots added one at a time, so a large count never holds every ballot in memory.

    `add` takes the parts of a ballot whose candidate ids are already known to be on the
    list (`Ballot` objects through `tally_election`, checked lines through the exchange
    reader); `result` applies the rules to the totals.
    """

    def __init__(self, election: Election) -> None:
        self.election = election
        self._seats = election.seats
        self._listed_names = {normalize_name(c.name) for c in election.candidates}
        self._write_ins_allowed = election.rules.write_ins
        self._pairs: Counter[tuple[str, str]] = Counter()
        self._write_in_for: Counter[str] = Counter()
        self.returned = 0
        self.invalid = 0

    def add(self, marks: Mapping[str, str], write_ins: Sequence[str], invalid: bool) -> None:
        values = list(marks.values())
        self.add_counted(marks, write_ins, invalid, values.count(_FOR), values.count(_AGAINST))

    def add_counted(
        self,
        marks: Mapping[str, str],
        write_ins: Sequence[str],
        invalid: bool,
        for_marks: int,
        against_marks: int,
    ) -> None:
        """`add` for a caller that has already counted the ballot's for and against marks."""
        self.returned += 1
        if invalid:
            self.invalid += 1
            return
        if not self._write_ins_allowed:
            write_ins = ()  # rule 4: ignored altogether, rule 5 included
        # Rule 5 counts write-ins as written, before rule 4 voids any of them.
        if for_marks + len(write_ins) > self._seats:
            self.invalid += 1
            return
        self._pairs.update(marks.items())
        if write_ins:
            self._add_write_ins(write_ins, against_marks)

    def _add_write_ins(self, write_ins: Sequence[str], against_marks: int) -> None:
        seen: set[str] = set()
        counted = 0
        for written in write_ins:
            name = normalize_name(written)
            if name in seen:
                continue
            seen.add(name)
            if not name or len(name) > PERSON_NAME_MAX:
                continue
            if name in self._listed_names or counted >= against_marks:
                continue
            counted += 1
            self._write_in_for[name] += 1

    def result(self) -> ElectionResult:
        return _decide(self)


def tally_election(election: Election, ballots: Iterable[Ballot]) -> ElectionResult:
    """Count the returned `ballots` of `election` and apply RULES.md.

    Raises `UnknownCandidate` for a mark on an id not on the list: such a ballot is bad
    data, not spoiled paper. Write-ins where the rules forbid them are ignored (rule 4).
    """
    count = ElectionCount(election)
    known = {c.id for c in election.candidates}
    for ballot in ballots:
        if not ballot.invalid and not ballot.marks.keys() <= known:
            unknown = sorted(set(ballot.marks) - known)[0]
            raise UnknownCandidate(unknown)
        count.add(ballot.marks, ballot.write_ins, ballot.invalid)
    return count.result()


def tally_election_totals(
    election: Election,
    *,
    returned: int,
    counts: Mapping[str, tuple[int, int]],
    invalid: int = 0,
) -> ElectionResult:
    """Decide an election from per-candidate (`for`, `against`) totals of its valid ballots.

    For counts that arrive without ballots: a homomorphic tally of encrypted ballots, whose
    proofs already exclude over-votes, or totals a scrutineer enters. There are no write-ins
    here. Refuses totals no set of valid ballots can have: a candidate missing or unknown,
    for + against above the valid ballots, or more `for` votes than `seats` per valid ballot.
    """
    if isinstance(returned, bool) or not isinstance(returned, int) or returned < 0:
        raise InvalidSetting(f"returned must be a whole number of at least 0, not {returned!r}")
    if isinstance(invalid, bool) or not isinstance(invalid, int) or not 0 <= invalid <= returned:
        raise InvalidSetting(f"invalid must be between 0 and {returned}, not {invalid!r}")
    known = [c.id for c in election.candidates]
    unknown = sorted(set(counts) - set(known))
    if unknown:
        raise UnknownCandidate(unknown[0])
    missing = [cid for cid in known if cid not in counts]
    if missing:
        raise InvalidSetting(f"no totals for candidate {missing[0]!r}")
    valid = returned - invalid
    total_for = 0
    count = ElectionCount(election)
    count.returned, count.invalid = returned, invalid
    for cid in known:
        for_, against = counts[cid]
        if min(for_, against) < 0 or for_ + against > valid:
            raise InvalidSetting(
                f"{cid}: for {for_} + against {against} cannot come from {valid} valid ballots"
            )
        total_for += for_
        count._pairs[(cid, _FOR)] = for_
        count._pairs[(cid, _AGAINST)] = against
    if total_for > election.seats * valid:
        raise InvalidSetting(
            f"{total_for} for votes cannot come from {valid} valid ballots of at most "
            f"{election.seats} each"
        )
    return count.result()


@dataclass(frozen=True)
class _Line:
    """A person in the counts table, with the key that orders the table."""

    order: tuple
    result: CandidateResult


def _counts_table(count: ElectionCount, valid: int) -> list[_Line]:
    lines = []
    for position, candidate in enumerate(count.election.candidates):
        for_ = count._pairs[(candidate.id, _FOR)]
        against = count._pairs[(candidate.id, _AGAINST)]
        result = CandidateResult(
            id=candidate.id,
            name=candidate.name,
            for_=for_,
            against=against,
            abstain=valid - for_ - against,
            write_in=False,
            elected=False,
        )
        lines.append(_Line((-for_, 0, position, ()), result))
    for name, for_ in count._write_in_for.items():
        result = CandidateResult(
            id=WRITE_IN_PREFIX + name,
            name=name,
            for_=for_,
            against=0,
            abstain=0,
            write_in=True,
            elected=False,
        )
        lines.append(_Line((-for_, 1, 0, (stroke_key(name), name)), result))
    lines.sort(key=lambda line: line.order)
    return lines


def _decide(count: ElectionCount) -> ElectionResult:
    election = count.election
    rules = election.rules
    seats = election.seats
    required = quorum_required(election.entitled, rules.quorum)
    if election.issued < required or count.returned > election.issued:
        status = "no_quorum" if election.issued < required else "void"
        base = {
            ThresholdBase.ENTITLED: election.entitled,
            ThresholdBase.ISSUED: election.issued,
            ThresholdBase.VALID: 0,
        }[rules.threshold_base]
        return ElectionResult(
            title=election.title,
            status=status,
            seats=seats,
            entitled=election.entitled,
            issued=election.issued,
            returned=count.returned,
            quorum_required=required,
            valid=0,
            invalid=0,
            threshold=threshold(base),
            results=(),
            elected=(),
            unfilled=seats,
            runoff=None,
        )

    valid = count.returned - count.invalid
    base = {
        ThresholdBase.ENTITLED: election.entitled,
        ThresholdBase.ISSUED: election.issued,
        ThresholdBase.VALID: valid,
    }[rules.threshold_base]
    needed = threshold(base)
    table = _counts_table(count, valid)
    qualified = [line for line in table if line.result.for_ >= needed]
    runoff = None
    if len(qualified) <= seats:
        elected = qualified
        if len(elected) < seats:
            runoff = _shortage_runoff(table, elected, seats - len(elected), rules.min_excess)
    else:
        # Rule 8: the count at the last seat decides; a tie there that would overfill the
        # seats goes to a runoff for the seats left after everyone above the tie.
        last = qualified[seats - 1].result.for_
        above = [line for line in qualified if line.result.for_ > last]
        tied = [line for line in qualified if line.result.for_ == last]
        if len(above) + len(tied) <= seats:
            elected = above + tied
        else:
            elected = above
            runoff = Runoff(
                reason="tie",
                seats=seats - len(above),
                candidates=tuple(line.result.id for line in tied),
            )

    elected_ids = {line.result.id for line in elected}
    results = tuple(_with_elected(line.result, line.result.id in elected_ids) for line in table)
    announced = sorted(elected, key=lambda line: stroke_key(line.result.name))
    return ElectionResult(
        title=election.title,
        status="elected" if runoff is None else "runoff",
        seats=seats,
        entitled=election.entitled,
        issued=election.issued,
        returned=count.returned,
        quorum_required=required,
        valid=valid,
        invalid=count.invalid,
        threshold=needed,
        results=results,
        elected=tuple(line.result.id for line in announced),
        unfilled=seats - len(elected),
        runoff=runoff,
    )


def _with_elected(result: CandidateResult, elected: bool) -> CandidateResult:
    if not elected:
        return result
    return CandidateResult(
        id=result.id,
        name=result.name,
        for_=result.for_,
        against=result.against,
        abstain=result.abstain,
        write_in=result.write_in,
        elected=True,
    )


def _shortage_runoff(
    table: list[_Line], elected: list[_Line], seats_left: int, min_excess: Fraction
) -> Runoff:
    """Rule 9: the non-elected in count order, as many as rule 2 asks, ties at the cut kept."""
    elected_ids = {line.result.id for line in elected}
    pool = [line for line in table if line.result.id not in elected_ids]
    wanted = min_candidates(seats_left, min_excess)
    if len(pool) > wanted:
        cut = pool[wanted - 1].result.for_
        pool = [line for line in pool if line.result.for_ >= cut]
    return Runoff(
        reason="shortage",
        seats=seats_left,
        candidates=tuple(line.result.id for line in pool),
    )


def runoff_election(
    election: Election, result: ElectionResult, *, title: str, issued: int = 0
) -> Election:
    """The next round's election: the runoff seats among the runoff candidates.

    Listed candidates keep their id and name; a write-in keeps its "write-in:NAME" id with
    NAME as its name. The contest rule is not checked here, since rule 9 takes everyone
    when there are not enough. `issued` is known only when that poll opens: pass it then,
    or `dataclasses.replace` the returned election.
    """
    if result.status != "runoff" or result.runoff is None:
        raise NoRunoff(f"the result of {result.title!r} is {result.status}, not runoff")
    listed = {c.id: c for c in election.candidates}
    names = {r.id: r.name for r in result.results}
    candidates = []
    for candidate_id in result.runoff.candidates:
        if candidate_id in listed:
            candidates.append(listed[candidate_id])
        else:
            candidates.append(Candidate(id=candidate_id, name=names[candidate_id]))
    return Election(
        title=title,
        seats=result.runoff.seats,
        entitled=election.entitled,
        issued=issued,
        candidates=tuple(candidates),
        rules=election.rules,
    )
