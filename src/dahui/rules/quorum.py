"""Quorum (rule 1) and the elected/passed threshold (rule 7), in exact integer arithmetic."""

from __future__ import annotations

from fractions import Fraction

from dahui.rules.errors import InvalidSetting


def quorum_required(entitled: int, quorum: Fraction) -> int:
    """Voters needed: ⌈entitled × quorum⌉, since "三分之二以上" includes the bound."""
    if entitled < 0:
        raise InvalidSetting(f"entitled must not be negative, not {entitled}")
    product = Fraction(entitled) * Fraction(quorum)
    return -((-product.numerator) // product.denominator)


def has_quorum(*, entitled: int, present: int, quorum: Fraction) -> bool:
    """Whether `present` voters (ballots issued) make the quorum of `entitled`."""
    if present < 0:
        raise InvalidSetting(f"present must not be negative, not {present}")
    return present >= quorum_required(entitled, quorum)


def threshold(base_value: int) -> int:
    """The fewest `for` votes that are more than half of `base_value`: ⌊base / 2⌋ + 1."""
    if base_value < 0:
        raise InvalidSetting(f"the threshold base must not be negative, not {base_value}")
    return base_value // 2 + 1
