"""Scoring panels (RULES.md "Scoring panel"): judges score entries, e.g. a 五小 contest.

- The scale is the panel's setting, default 0–100 with at most one decimal. A score off the
  scale, with more decimals, written with digits other than ASCII 0–9, or given as a float
  (which cannot say "87.5" exactly) is refused: `InvalidScore`.
- A judge who is an entry's author, or (if the panel says so) of the entry's unit, does not
  score it; the exclusion is part of the result with its reason. A score from such a judge
  is refused (`ConflictedScore`): it must never reach the count.
- An entry's score: with at least `trim_at` (default 5) scores, one highest and one lowest
  are dropped and the rest averaged; with fewer, all are averaged. Exact Fractions, shown
  rounded half up to two decimals.
- An entry missing a score from a judge who should score it is `incomplete` and never
  ranked; so is an entry that no judge may score.
- Ranking by exact score, highest first; equal scores share a rank and the next rank skips
  (1, 2, 2, 4). Entries with the same rank are listed in entry order, under the same rank:
  the order is not a tie-break.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Literal

from dahui.rules.errors import ConflictedScore, InvalidScore, InvalidSetting
from dahui.rules.percent import round_half_up

_SCORE_TEXT = re.compile(r"([0-9]{1,9})(?:\.([0-9]{1,9}))?")

AUTHOR = "author"  # the judge is one of the entry's authors
SAME_UNIT = "same_unit"  # the judge is from the entry's unit (when the panel excludes that)


@dataclass(frozen=True)
class ScoringRules:
    low: Fraction = Fraction(0)
    high: Fraction = Fraction(100)
    decimals: int = 1
    exclude_same_unit: bool = False
    trim_at: int = 5

    def __post_init__(self) -> None:
        for name in ("low", "high"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, Fraction | int):
                raise InvalidSetting(f"{name} must be a Fraction, not {value!r}")
            object.__setattr__(self, name, Fraction(value))
        if not 0 <= self.low < self.high:
            raise InvalidSetting(
                f"the scale must run from 0 or more upwards: {self.low}–{self.high}"
            )
        for name in ("decimals", "trim_at"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidSetting(f"{name} must be a whole number of at least 0: {value!r}")
        if self.trim_at < 3:
            raise InvalidSetting(f"trim_at must be at least 3, not {self.trim_at}")


@dataclass(frozen=True)
class Judge:
    id: str
    name: str
    unit: str = ""


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    authors: tuple[str, ...] = ()  # person ids; a judge whose id is here is an author
    unit: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "authors", tuple(self.authors))


@dataclass(frozen=True)
class Panel:
    title: str
    judges: tuple[Judge, ...]
    entries: tuple[Entry, ...]
    rules: ScoringRules = field(default_factory=ScoringRules)

    def __post_init__(self) -> None:
        object.__setattr__(self, "judges", tuple(self.judges))
        object.__setattr__(self, "entries", tuple(self.entries))
        for what, items in (("judge", self.judges), ("entry", self.entries)):
            ids = [item.id for item in items]
            if len(set(ids)) != len(ids):
                raise InvalidSetting(f"duplicate {what} id")


def parse_score(value: object, rules: ScoringRules) -> Fraction:
    """A score as an exact Fraction: text "87.5", an int, or a Fraction; anything else refused."""
    if isinstance(value, str):
        match = _SCORE_TEXT.fullmatch(value)
        if match is None:
            raise InvalidScore(value=value, reason="write it with ASCII digits, such as 87.5")
        whole, part = match.groups()
        score = Fraction(int(whole)) + (Fraction(int(part), 10 ** len(part)) if part else 0)
    elif isinstance(value, bool) or not isinstance(value, int | Fraction):
        raise InvalidScore(value=value, reason="give text, a whole number or a Fraction")
    else:
        score = Fraction(value)
    if (score * 10**rules.decimals).denominator != 1:
        raise InvalidScore(value=value, reason=f"at most {rules.decimals} decimal(s)")
    if not rules.low <= score <= rules.high:
        raise InvalidScore(value=value, reason=f"outside the scale {rules.low}–{rules.high}")
    return score


def conflicts(panel: Panel, judge: Judge, entry: Entry) -> tuple[str, ...]:
    """Why `judge` may not score `entry` (AUTHOR, SAME_UNIT), empty when they may."""
    reasons = []
    if judge.id in entry.authors:
        reasons.append(AUTHOR)
    if panel.rules.exclude_same_unit and judge.unit and judge.unit == entry.unit:
        reasons.append(SAME_UNIT)
    return tuple(reasons)


@dataclass(frozen=True)
class Exclusion:
    judge: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class EntryResult:
    id: str
    title: str
    status: Literal["scored", "incomplete"]
    scores: tuple[Fraction, ...]  # every score counted in, in judge order
    dropped_high: Fraction | None
    dropped_low: Fraction | None
    score: Fraction | None
    shown: str  # the score rounded half up to two decimals, "" when incomplete
    rank: int | None
    excluded: tuple[Exclusion, ...]
    missing: tuple[str, ...]  # judges who should have scored and did not


@dataclass(frozen=True)
class PanelResult:
    title: str
    entries: tuple[EntryResult, ...]  # ranked entries by rank, then the incomplete ones


def entry_score(
    scores: list[Fraction], trim_at: int
) -> tuple[Fraction, Fraction | None, Fraction | None]:
    """(score, dropped high, dropped low): trimmed mean from `trim_at` scores, else the mean."""
    if not scores:
        raise InvalidSetting("an entry needs at least one score")
    ordered = sorted(scores)
    if len(ordered) >= trim_at:
        kept = ordered[1:-1]
        return Fraction(sum(kept), len(kept)), ordered[-1], ordered[0]
    return Fraction(sum(ordered), len(ordered)), None, None


def score_panel(panel: Panel, scores: Mapping[tuple[str, str], object]) -> PanelResult:
    """Score, rank and report every entry from (judge id, entry id) → score."""
    judges = {j.id: j for j in panel.judges}
    entries = {e.id: e for e in panel.entries}
    parsed: dict[tuple[str, str], Fraction] = {}
    for (judge_id, entry_id), value in scores.items():
        if judge_id not in judges:
            raise InvalidSetting(f"unknown judge id {judge_id!r}")
        if entry_id not in entries:
            raise InvalidSetting(f"unknown entry id {entry_id!r}")
        reasons = conflicts(panel, judges[judge_id], entries[entry_id])
        if reasons:
            raise ConflictedScore(judge=judge_id, entry=entry_id, reasons=reasons)
        parsed[(judge_id, entry_id)] = parse_score(value, panel.rules)

    results: list[EntryResult] = []
    for entry in panel.entries:
        excluded = []
        counted: list[Fraction] = []
        missing = []
        for judge in panel.judges:
            reasons = conflicts(panel, judge, entry)
            if reasons:
                excluded.append(Exclusion(judge.id, reasons))
            elif (judge.id, entry.id) in parsed:
                counted.append(parsed[(judge.id, entry.id)])
            else:
                missing.append(judge.id)
        if missing or not counted:
            results.append(
                EntryResult(
                    entry.id,
                    entry.title,
                    "incomplete",
                    tuple(counted),
                    None,
                    None,
                    None,
                    "",
                    None,
                    tuple(excluded),
                    tuple(missing),
                )
            )
            continue
        score, high, low = entry_score(counted, panel.rules.trim_at)
        results.append(
            EntryResult(
                entry.id,
                entry.title,
                "scored",
                tuple(counted),
                high,
                low,
                score,
                round_half_up(score, 2),
                None,
                tuple(excluded),
                (),
            )
        )
    return PanelResult(panel.title, tuple(_ranked(results)))


def _ranked(results: list[EntryResult]) -> list[EntryResult]:
    scored = sorted(
        (r for r in results if r.status == "scored"),
        key=lambda r: -r.score,  # type: ignore[operator]
    )
    ranked: list[EntryResult] = []
    for position, result in enumerate(scored, start=1):
        tied_above = ranked and ranked[-1].score == result.score
        rank = ranked[-1].rank if tied_above else position
        ranked.append(_with_rank(result, rank))
    return ranked + [r for r in results if r.status == "incomplete"]


def _with_rank(result: EntryResult, rank: int | None) -> EntryResult:
    return replace(result, rank=rank)
