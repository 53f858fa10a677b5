"""Announcement order by surname strokes (按姓氏笔画为序, rule 10).

Each character is ordered by its total stroke count, then its strokes one by one in the
order 横 丨 丿 丶 乛 (1–5), which puts the first stroke first as rule 10 asks and, beyond
it, keeps characters that agree on count and first stroke apart in a fixed, published way.
Identical characters tie and the next character decides. Separators inside a name (the
middle dot of 阿不都·热合曼, spaces) are not characters of the name.

The data (`strokes.txt`, built by `tools/strokes/build.py` from cnchar's stroke orders and
Unihan's stroke counts) is read from the package the first time a name is ordered: the one
file this package reads. A rare character whose count alone is known sorts by its count,
after the characters of that count whose strokes are known. A character without any data
sorts after every character with data and is reported by `announcement_order`, never an
error.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Protocol, TypeVar

from dahui.rules.names import normalize_name


class _Named(Protocol):
    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=_Named)

DATA_FILE = Path(__file__).with_name("strokes.txt")

# Not characters of the name: spaces and the dots that join the parts of transcribed names.
_SEPARATORS = frozenset(" \t\u3000·•‧・.-‐‑－")

_MISSING_RANK = 1


# A character whose count alone is known (rare ideographs, from Unihan) sorts after the
# characters of the same count whose strokes are known: "6" follows every class 1–5.
_UNKNOWN_STROKES = "6"


@cache
def _strokes() -> dict[str, tuple[int, str]]:
    """Character → (stroke count, strokes as digits 1–5, or "6" when only the count is known)."""
    table: dict[str, tuple[int, str]] = {}
    with DATA_FILE.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip() or line.startswith("#"):
                continue
            # "12345 字字…" or "n17 字字…": the characters sharing one sequence or count.
            head, characters = line.split()
            counted = head.startswith("n")
            entry = (int(head[1:]), _UNKNOWN_STROKES) if counted else (len(head), head)
            for character in characters:
                table[character] = entry
    return table


def strokes_of(character: str) -> str | None:
    """The stroke sequence of one character as digits 1–5, or None when it is not known."""
    entry = _strokes().get(character)
    if entry is None or entry[1] == _UNKNOWN_STROKES:
        return None
    return entry[1]


def stroke_count(character: str) -> int | None:
    """The number of strokes of one character, or None without data."""
    entry = _strokes().get(character)
    return None if entry is None else entry[0]


def _character_key(character: str) -> tuple:
    entry = _strokes().get(character)
    if entry is None:
        return (_MISSING_RANK, 0, "", ord(character))
    return (0, entry[0], entry[1], ord(character))


def stroke_key(name: str) -> tuple:
    """Sort key of a name: characters in turn by stroke count, then stroke by stroke."""
    return tuple(_character_key(c) for c in name if c not in _SEPARATORS)


def missing_characters(name: str) -> set[str]:
    """The characters of `name` that have no stroke data."""
    table = _strokes()
    return {c for c in name if c not in _SEPARATORS and c not in table}


def announcement_order(names: Iterable[str]) -> tuple[list[str], set[str]]:
    """`names` in announcement order, and the characters that had no stroke data.

    Names that compare equal keep their given order (Python's sort is stable).
    """
    names = list(names)
    missing: set[str] = set()
    for name in names:
        missing |= missing_characters(name)
    return sorted(names, key=stroke_key), missing


def ballot_order(candidates: Iterable[T]) -> tuple[T, ...]:
    """Candidates as they stand on every ballot (rule 10): surname stroke order.

    The paper ballot, the phone ballot, the hall terminal and the paper-entry form all call
    this, so every ballot lists the same people in the same order as the announcement, and
    nomination order is never shown. Takes anything with a `name` (rules.Candidate, a model
    instance) and returns the same objects; names are compared in their normal form
    (`normalize_name`), and people whose names compare equal keep their given order.
    """
    return tuple(
        sorted(candidates, key=lambda candidate: stroke_key(normalize_name(candidate.name)))
    )
