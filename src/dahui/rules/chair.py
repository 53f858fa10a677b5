"""Direct election of an enterprise union chair (公推直选, RULES.md; 企业工会主席产生办法（试行）).

Three decisions live here:

- Who may not stand (Art 6): `standing_exclusions` gives every reason a member is barred:
  the enterprise's executives and their deputies (企业行政负责人，含行政副职), partners, the
  close relatives (近亲属) of an executive or a partner — Art 6's "及其近亲属" is read as
  covering both, the stricter reading —, the head of human resources, foreign employees.
  `check_may_stand` raises `MayNotStand` with the same reasons, for a nomination form.
- The nomination tally (公推, Art 8): every nomination, whether a branch's (one per branch
  or group, after discussion) or a member's secret nomination ballot, names people; each
  person's count is the number of nominations naming them (a name repeated on one
  nomination counts once; barred or unknown people are set aside with the reason). The
  candidate list follows the majority's nominations: the most nominated first, as many as
  the list's size (`places`, by default what rule 2 asks: ⌈seats × (1 + r)⌉ and more than
  the seats unless the rules allow 等额). Ties at the cut are never broken by the engine:
  when the people tied at the last place would overfill the list, the result is
  `tie_at_cut`, listing who is in and who is tied for how many places, for a further
  nomination round or the presidium's recorded decision; `include_ties=True` takes them all
  instead (the list grows, which rule 2 allows). Fewer people nominated than rule 2 asks is
  `too_few`, never a short list.
- The chair vote (Art 14–16): `chair_vote_rules` is the preset of election rules: quorum as
  rule 1 (2/3, never lower), threshold base always `entitled` (more than half of all
  entitled voters), and no proxy voting. It refuses a `valid` or `issued` base, a lower
  quorum and proxy voting with `InvalidSetting`; `check_chair_vote_rules` checks rules
  built elsewhere.

Public notice (公示, Art 10) must run at least 7 days before the vote: `notice_is_long_enough`.

The chairs' register: a term runs `term_years` from the day of election, so the next
election is due on its anniversary (`next_election_due`; 29 February falls to 28 February);
a chair's office that falls vacant is filled within three months (Art 18,
`vacancy_fill_by`: the same day three months later, or the month's last day).
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Literal

from dahui.rules.contest import min_candidates
from dahui.rules.errors import InvalidSetting, MayNotStand
from dahui.rules.model import ElectionRules, ThresholdBase

CHAIR_QUORUM = Fraction(2, 3)
NOTICE_DAYS = 7


class Bar(StrEnum):
    """A reason of Art 6 why a member may not stand for union chair."""

    EXECUTIVE = "executive"  # 企业行政负责人
    DEPUTY_EXECUTIVE = "deputy_executive"  # 行政副职
    PARTNER = "partner"  # 合伙人
    CLOSE_RELATIVE = "close_relative"  # 行政负责人或合伙人的近亲属
    HEAD_OF_HR = "head_of_hr"  # 人力资源部门负责人
    FOREIGN_EMPLOYEE = "foreign_employee"  # 外籍职工


BAR_REASONS = {
    Bar.EXECUTIVE: "企业行政负责人",
    Bar.DEPUTY_EXECUTIVE: "企业行政副职",
    Bar.PARTNER: "企业合伙人",
    Bar.CLOSE_RELATIVE: "企业行政负责人或合伙人的近亲属",
    Bar.HEAD_OF_HR: "人力资源部门负责人",
    Bar.FOREIGN_EMPLOYEE: "外籍职工",
}
"""The reasons as they are recorded and shown (Chinese)."""


@dataclass(frozen=True)
class Standing:
    """What Art 6 asks about a member, as recorded when they are nominated."""

    executive: bool = False
    deputy_executive: bool = False
    partner: bool = False
    close_relative_of_executive_or_partner: bool = False
    head_of_hr: bool = False
    foreign_employee: bool = False


def standing_exclusions(standing: Standing) -> tuple[Bar, ...]:
    """Every reason the member may not stand, in Art 6's order; empty when they may."""
    checks = (
        (standing.executive, Bar.EXECUTIVE),
        (standing.deputy_executive, Bar.DEPUTY_EXECUTIVE),
        (standing.partner, Bar.PARTNER),
        (standing.close_relative_of_executive_or_partner, Bar.CLOSE_RELATIVE),
        (standing.head_of_hr, Bar.HEAD_OF_HR),
        (standing.foreign_employee, Bar.FOREIGN_EMPLOYEE),
    )
    return tuple(bar for barred, bar in checks if barred)


def check_may_stand(member: str, standing: Standing) -> None:
    """Raise `MayNotStand` (reasons in Chinese) if Art 6 bars `member`."""
    bars = standing_exclusions(standing)
    if bars:
        raise MayNotStand(member=member, reasons=tuple(BAR_REASONS[bar] for bar in bars))


@dataclass(frozen=True)
class NominationCount:
    person: str
    nominations: int


@dataclass(frozen=True)
class SetAside:
    person: str
    reasons: tuple[str, ...]  # BAR_REASONS texts, or "not a member"


NominationStatus = Literal["ready", "tie_at_cut", "too_few"]


@dataclass(frozen=True)
class NominationResult:
    """The nomination tally.

    `ready`: `candidates` is the list (most nominated first; the notice and the ballot show
    it in stroke order). `tie_at_cut`: `candidates` holds those above the tie and `tied` the
    people tied at the cut for `places_left` places. `too_few`: fewer people than `required`
    were nominated; `candidates` holds them all.
    """

    status: NominationStatus
    seats: int
    places: int
    required: int
    nominations: int  # nominations counted
    void_nominations: int  # naming more people than allowed
    counts: tuple[NominationCount, ...]  # everyone nominated and eligible, most first
    candidates: tuple[str, ...]
    tied: tuple[str, ...]
    places_left: int
    set_aside: tuple[SetAside, ...]


def tally_nominations(
    nominations: Iterable[Iterable[str]],
    *,
    seats: int = 1,
    min_excess: Fraction = Fraction(1, 20),
    places: int | None = None,
    max_names: int | None = None,
    members: Mapping[str, Standing] | None = None,
    include_ties: bool = False,
) -> NominationResult:
    """Count nominations (each an iterable of person ids) into a candidate list.

    `places` is the list's size (default: what rule 2 asks for `seats`; a size below that
    is refused). A nomination naming more than `max_names` different people (default
    `places`) is void. With `members` given, a person not in it, or barred by Art 6, is
    set aside with the reason and never counted.
    """
    required = min_candidates(seats, Fraction(min_excess))
    if places is None:
        places = required
    if places < required:
        raise InvalidSetting(f"a list of {places} is shorter than rule 2's {required}")
    limit = places if max_names is None else max_names
    if limit < 1:
        raise InvalidSetting(f"max_names must be at least 1, not {limit}")
    tally: Counter[str] = Counter()
    counted = void = 0
    for nomination in nominations:
        named = set(nomination)
        if len(named) > limit:
            void += 1
            continue
        counted += 1
        tally.update(named)
    set_aside: list[SetAside] = []
    if members is not None:
        for person in sorted(tally):
            if person not in members:
                set_aside.append(SetAside(person, ("not a member",)))
            elif bars := standing_exclusions(members[person]):
                set_aside.append(SetAside(person, tuple(BAR_REASONS[b] for b in bars)))
        for entry in set_aside:
            del tally[entry.person]
    # Most nominated first; equal counts by id only so the table is reproducible.
    ranked = sorted(tally.items(), key=lambda item: (-item[1], item[0]))
    counts = tuple(NominationCount(person, n) for person, n in ranked)

    def result(status: NominationStatus, candidates, tied=(), left=0) -> NominationResult:
        return NominationResult(
            status=status,
            seats=seats,
            places=places,
            required=required,
            nominations=counted,
            void_nominations=void,
            counts=counts,
            candidates=tuple(candidates),
            tied=tuple(tied),
            places_left=left,
            set_aside=tuple(set_aside),
        )

    people = [c.person for c in counts]
    if len(people) < required:
        return result("too_few", people)
    if len(people) <= places:
        return result("ready", people)
    cut = counts[places - 1].nominations
    above = [c.person for c in counts if c.nominations > cut]
    at_cut = [c.person for c in counts if c.nominations == cut]
    if len(above) + len(at_cut) == places or include_ties:
        return result("ready", above + at_cut)
    return result("tie_at_cut", above, at_cut, places - len(above))


def chair_vote_rules(
    *,
    quorum: Fraction = CHAIR_QUORUM,
    min_excess: Fraction = Fraction(1, 20),
    threshold_base: ThresholdBase | str = ThresholdBase.ENTITLED,
    write_ins: bool = True,
    proxy_voting: bool = False,
) -> ElectionRules:
    """The election rules of a union chair's vote (Art 14–16), refusing what they forbid."""
    if threshold_base != ThresholdBase.ENTITLED:
        raise InvalidSetting(
            "a union chair is elected by more than half of all entitled voters: the threshold"
            f" base must be entitled, not {threshold_base!s}"
        )
    if proxy_voting:
        raise InvalidSetting("a union chair's vote allows no proxy voting (委托投票)")
    if isinstance(quorum, bool) or not isinstance(quorum, Fraction | int):
        raise InvalidSetting(f"quorum must be a Fraction, not {quorum!r}")
    if Fraction(quorum) < CHAIR_QUORUM:
        raise InvalidSetting(f"a union chair's vote needs a quorum of 2/3 or more, not {quorum}")
    rules = ElectionRules(
        quorum=quorum,
        min_excess=min_excess,
        threshold_base=ThresholdBase.ENTITLED,
        write_ins=write_ins,
    )
    return rules


def check_chair_vote_rules(rules: ElectionRules) -> None:
    """Refuse election rules that a union chair's vote may not use."""
    chair_vote_rules(
        quorum=rules.quorum,
        min_excess=rules.min_excess,
        threshold_base=rules.threshold_base,
        write_ins=rules.write_ins,
    )


def notice_is_long_enough(*, posted: date, vote: date) -> bool:
    """Whether a public notice posted on `posted` ran at least 7 days before `vote` (Art 10)."""
    return (vote - posted).days >= NOTICE_DAYS


VACANCY_MONTHS = 3


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_election_due(*, elected_on: date, term_years: int) -> date:
    """The day a chair elected on `elected_on` for `term_years` years is due for re-election."""
    if isinstance(term_years, bool) or not isinstance(term_years, int) or term_years < 1:
        raise InvalidSetting(f"a term is a whole number of years, at least 1, not {term_years!r}")
    return _add_months(elected_on, 12 * term_years)


def vacancy_fill_by(*, vacated_on: date) -> date:
    """The last day to elect a new chair after the office fell vacant on `vacated_on` (Art 18)."""
    return _add_months(vacated_on, VACANCY_MONTHS)
