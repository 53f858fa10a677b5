"""Who may vote, who voted, and what was cast: three tables that never point at each other.

- `Eligibility` (poll, delegate): frozen when the poll opens; only these may cast.
- `Participation` (poll, delegate): who voted. The unique constraint, not a check, stops a
  second ballot from the same delegate.
- `CastBallot` (poll, content, tracker): what was voted. No foreign key to a delegate or a
  user, a random UUID as primary key, and no timestamp: nothing orders or joins it back to
  a participation. Casting writes one of each in one transaction.

While the poll is open a participation holds the digest of the client's idempotency key
and the receipt, so a retried request can be answered with the same receipt; closing the
poll clears both and rewrites the poll's ballots in random order (see `voting.services`).
"""

from __future__ import annotations

import uuid

from django.db import models

from dahui.congress.models import Delegate


class Eligibility(models.Model):
    poll = models.ForeignKey("elections.Poll", on_delete=models.CASCADE, related_name="eligible")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "delegate"], name="eligibility_once"),
        ]

    def __str__(self) -> str:
        return f"{self.delegate} may vote in poll {self.poll_id}"


class Participation(models.Model):
    poll = models.ForeignKey(
        "elections.Poll", on_delete=models.CASCADE, related_name="participations"
    )
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="+")
    # Both cleared when the poll closes (empty string), so the table no longer links anyone
    # to a tracker once the ballots are published.
    key_digest = models.CharField(max_length=64, blank=True)
    receipt = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "delegate"], name="participation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.delegate} voted in poll {self.poll_id}"


class CastBallot(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey("elections.Poll", on_delete=models.CASCADE, related_name="ballots")
    content = models.JSONField()  # the exchange format's ballot line
    nonce = models.CharField(max_length=32)
    tracker = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"ballot {self.tracker[:12]} in poll {self.poll_id}"
