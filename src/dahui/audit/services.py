"""Appending to the audit log. Call `record` inside the transaction of the change it logs,
so the entry exists exactly when the change does."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from dahui.audit.chain import GENESIS, Head, entry_hash, verify_chain
from dahui.audit.models import AuditEntry, AuditHead


def _actor_name(actor: Any) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    username = getattr(actor, "get_username", None)
    return username() if callable(username) else str(actor)


def _congress_id(congress: Any) -> int:
    if congress is None:
        return 0
    if isinstance(congress, int):
        return congress
    return congress.pk


def record(
    *, congress: Any, actor: Any, action: str, subject: str, data: dict | None = None
) -> AuditEntry:
    """Append one entry to the congress's chain (None: the installation's own chain, id 0)."""
    congress_id = _congress_id(congress)
    # A JSON round trip makes the stored data exactly what was hashed (dates, decimals …).
    clean_data = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder, ensure_ascii=False))
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            congress_id=congress_id, defaults={"seq": 0, "hash": GENESIS}
        )
        fields = {
            "congress_id": congress_id,
            "seq": head.seq + 1,
            "at": timezone.now().isoformat(timespec="seconds"),
            "actor": _actor_name(actor),
            "action": action,
            "subject": subject,
            "data": clean_data,
            "prev_hash": head.hash,
        }
        entry = AuditEntry.objects.create(**fields, hash=entry_hash(fields))
        AuditHead.objects.filter(pk=head.pk).update(seq=entry.seq, hash=entry.hash)
    return entry


def export_jsonl(*, congress_id: int) -> Iterator[str]:
    """The congress's log as JSON lines, then one line with the head to publish."""
    for entry in AuditEntry.objects.filter(congress_id=congress_id).order_by("seq").iterator():
        yield json.dumps(entry.as_record(), ensure_ascii=False, sort_keys=True)
    head = AuditHead.objects.filter(congress_id=congress_id).first()
    yield json.dumps(
        {
            "head": {
                "congress_id": congress_id,
                "seq": head.seq if head else 0,
                "hash": head.hash if head else GENESIS,
            }
        },
        ensure_ascii=False,
    )


def log_is_stored(*, congress_id: int) -> bool:
    """Whether anything of this congress's log is stored: an entry or its head row."""
    return (AuditHead.objects.filter(congress_id=congress_id).exists()
            or AuditEntry.objects.filter(congress_id=congress_id).exists())


def verify_stored(*, congress_id: int, published: Sequence[Head] = ()) -> list:
    """Check the stored chain against itself, its head row and heads published earlier."""
    head = AuditHead.objects.filter(congress_id=congress_id).first()
    entries = (
        e.as_record()
        for e in AuditEntry.objects.filter(congress_id=congress_id).order_by("seq").iterator()
    )
    return verify_chain(
        entries,
        head={"seq": head.seq, "hash": head.hash} if head else {"seq": 0, "hash": GENESIS},
        published=published,
    )
