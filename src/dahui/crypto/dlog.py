"""Small discrete logarithms by baby-step giant-step: a total is at most the number of ballots."""

from __future__ import annotations

import math

from dahui.crypto import group


class DiscreteLogError(ValueError):
    """No m in 0..bound with m·G equal to the point."""


class BabyStepGiantStep:
    """Solves m·G = P for 0 ≤ m ≤ bound in about 2·√bound group additions; the table of baby
    steps is built once and reused for every total of an election."""

    def __init__(self, bound: int) -> None:
        self.bound = bound
        self.step = max(1, math.isqrt(bound) + 1)
        self._table: dict[bytes, int] = {}
        point = group.IDENTITY
        for j in range(self.step):
            self._table[point] = j
            point = group.add(point, group.GENERATOR)
        self._giant = point  # step·G

    def solve(self, target: bytes) -> int:
        point = target
        for i in range(self.bound // self.step + 1):
            j = self._table.get(point)
            if j is not None:
                m = i * self.step + j
                if m <= self.bound:
                    return m
                break
            point = group.sub(point, self._giant)
        raise DiscreteLogError(f"the total is not a count between 0 and {self.bound}")
