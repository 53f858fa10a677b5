"""Who may vote, who voted, and what was cast: tables that never point at each other.

- `Eligibility` (poll, delegate): frozen when the poll opens; only these may cast.
- `Participation` (poll, delegate): that this delegate took part, nothing more — no
  receipt, no key, no time, and a random UUID as key, so neither a column nor the key
  orders the voters by casting. The unique constraint, not a check, stops a second ballot.
- `CastBallot` (poll, content, tracker): what was voted. No foreign key to a delegate or a
  user, a random UUID as primary key, no timestamp. The tracker is an HMAC of the client's
  idempotency key under the poll's `TrackerKey`, so a retry finds its ballot without any
  stored link from voter to ballot.
- `TrackerKey`: the poll's HMAC key, made when the poll opens and deleted when it closes.
- `PendingErasure`: a closed poll whose old row versions are still to be removed from the
  database files (see `voting.erasure`).
- `BallotPublication`: a poll whose every ballot (`ballots.jsonl`) delegates may download
  after publication; without it a plain poll publishes counts only (docs/threat-model.md).

Storage order is handled at close: the poll's ballots and participations are rewritten in
random order and the old versions removed from the files (`voting.services.seal_ballots`).
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
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(
        "elections.Poll", on_delete=models.CASCADE, related_name="participations"
    )
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="+")

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
    tracker = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"ballot {self.tracker[:12]} in poll {self.poll_id}"


class TrackerKey(models.Model):
    poll = models.OneToOneField(
        "elections.Poll", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    key = models.CharField(max_length=64)  # 32 random bytes, hex

    def __str__(self) -> str:
        return f"tracker key of poll {self.poll_id}"


class PendingErasure(models.Model):
    poll = models.OneToOneField(
        "elections.Poll", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"old row versions of poll {self.poll_id} still to remove"


class BallotPublication(models.Model):
    poll = models.OneToOneField(
        "elections.Poll", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"poll {self.poll_id} publishes every ballot"
