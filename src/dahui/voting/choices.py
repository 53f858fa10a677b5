"""The ballot as a client sent it (form fields or the same names in JSON) → service choices."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dahui.elections import counting
from dahui.elections.models import Poll


def choices_from(data: Mapping[str, Any], poll: Poll) -> dict[str, Any]:
    """Marks per candidate (`mark-<id>`: for/against), write-ins beside 不赞成
    (`write_in-<id>`), or a motion's `vote`. Anything else is ignored."""
    if poll.motion_id:
        return {"vote": str(data.get("vote") or "") or None}
    marks, write_ins = {}, []
    for candidate in counting.poll_candidates(poll):
        mark = data.get(f"mark-{candidate.rules_id}", "")
        if mark in ("for", "against"):
            marks[candidate.rules_id] = mark
        name = str(data.get(f"write_in-{candidate.rules_id}", "") or "").strip()
        if name:
            write_ins.append(name)
    return {"marks": marks, "write_ins": write_ins}
