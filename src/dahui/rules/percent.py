"""Exact shares shown as decimal text, rounded half up (四舍五入), without floats."""

from __future__ import annotations

from fractions import Fraction


def round_half_up(value: Fraction, decimals: int) -> str:
    """`value` as decimal text with `decimals` places, halves rounded away from zero.

    round_half_up(Fraction(1, 8), 2) == "0.13"; round_half_up(Fraction(-1, 8), 2) == "-0.13".
    """
    if decimals < 0:
        raise ValueError(f"decimals must not be negative, not {decimals}")
    value = Fraction(value)
    scale = 10**decimals
    magnitude = abs(value) * scale
    units = (magnitude.numerator * 2 + magnitude.denominator) // (2 * magnitude.denominator)
    sign = "-" if value < 0 and units else ""
    whole, part = divmod(units, scale)
    return f"{sign}{whole}.{part:0{decimals}d}" if decimals else f"{sign}{whole}"


def percent_text(share: Fraction, decimals: int = 1) -> str:
    """A share (0–1) as a percentage rounded half up: Fraction(1, 3) → "33.3%"."""
    return round_half_up(Fraction(share) * 100, decimals) + "%"
