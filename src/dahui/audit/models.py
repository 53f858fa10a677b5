"""The audit log: entries, and one head row per congress that serialises appends."""

from __future__ import annotations

from django.db import models


class AuditEntry(models.Model):
    """One state change. Append-only: the migration installs a trigger refusing UPDATE.

    `congress_id` is a plain integer rather than a foreign key so that no cascade can ever
    delete log entries along with the thing they describe.
    """

    congress_id = models.BigIntegerField(db_index=True)  # 0: the installation itself
    seq = models.PositiveBigIntegerField()
    at = models.CharField(max_length=40)  # ISO 8601, stored exactly as hashed
    actor = models.CharField(max_length=150)
    action = models.CharField(max_length=80)
    subject = models.CharField(max_length=255)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["congress_id", "seq"], name="audit_seq_per_congress")
        ]
        ordering = ["congress_id", "seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.subject}"

    def as_record(self) -> dict:
        return {
            "congress_id": self.congress_id,
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "subject": self.subject,
            "data": self.data,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


class AuditHead(models.Model):
    """The last entry of a congress's chain; locked while appending so links never fork."""

    congress_id = models.BigIntegerField(unique=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"congress {self.congress_id} at #{self.seq}"
