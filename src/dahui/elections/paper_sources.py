"""Where a paper poll's returned ballots come from when it is counted.

Double entry (`elections.paper`) is the method every paper poll has. Another counting
method (the scans of `dahui.scans`) registers itself here from its app; once a poll uses
it, the count reads that method's ballots and waits for that method's blockers, and the
double entry stays as its check. The count itself (`services.count_poll`) is one path for
every method: the same rules core, the same 收回 check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dahui.elections.models import Poll


@dataclass(frozen=True)
class PaperSource:
    name: str
    in_use: Callable[[Poll], bool]
    contents: Callable[[Poll], list[dict[str, Any]]]
    blockers: Callable[[Poll], list[str]]  # why the count must wait, in words; [] when ready


_SOURCES: list[PaperSource] = []


def register(source: PaperSource) -> None:
    if all(s.name != source.name for s in _SOURCES):
        _SOURCES.append(source)


def source_for(poll: Poll) -> PaperSource:
    from dahui.elections.paper import DOUBLE_ENTRY

    return next((s for s in _SOURCES if s.in_use(poll)), DOUBLE_ENTRY)
