"""The head of a congress's audit log, to publish with results and show on screens.

`current_head(congress)` is the chain's last entry now. `head_after(...)` is the head just
after a given change was logged (the entry of that change): for a published result that is
the head at the time of publication, which stays the same however the log grows later.
Checked with `dahui audit verify LOG --head SEQ:HASH`.
"""

from __future__ import annotations

from typing import Any

from dahui.audit.chain import GENESIS, Head
from dahui.audit.models import AuditEntry, AuditHead


def _congress_id(congress: Any) -> int:
    return congress if isinstance(congress, int) else congress.pk


def current_head(congress: Any) -> Head:
    """The last entry of the congress's chain now (0 and zeros for an empty log)."""
    row = AuditHead.objects.filter(congress_id=_congress_id(congress)).first()
    return Head(row.seq, row.hash) if row else Head(0, GENESIS)


def head_after(*, congress: Any, action: str, subject: str) -> Head | None:
    """The chain's head right after the latest entry of `action` on `subject` (None: never)."""
    entry = (
        AuditEntry.objects.filter(
            congress_id=_congress_id(congress), action=action, subject=subject
        )
        .order_by("-seq")
        .values_list("seq", "hash")
        .first()
    )
    return Head(*entry) if entry else None
