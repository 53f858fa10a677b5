"""The contest rule (差额, rule 2): how many candidates a list needs for its seats."""

from __future__ import annotations

from fractions import Fraction

from dahui.rules.errors import ContestTooSmall, InvalidSetting
from dahui.rules.model import ElectionRules


def min_candidates(seats: int, min_excess: Fraction) -> int:
    """⌈seats × (1 + r)⌉ and at least seats + 1 when r > 0; exactly `seats` when r = 0 (等额)."""
    if seats < 1:
        raise InvalidSetting(f"seats must be at least 1, not {seats}")
    if min_excess < 0:
        raise InvalidSetting(f"min_excess must not be negative, not {min_excess}")
    if min_excess == 0:
        return seats
    product = Fraction(seats) * (1 + Fraction(min_excess))
    return max(-((-product.numerator) // product.denominator), seats + 1)


def check_contest(*, seats: int, candidates: int, rules: ElectionRules) -> None:
    """Refuse, at set-up, a list too short for the contest: raises `ContestTooSmall`."""
    required = min_candidates(seats, rules.min_excess)
    if candidates < required:
        raise ContestTooSmall(seats=seats, candidates=candidates, required=required)
