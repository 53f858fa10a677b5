"""Casting an electronic ballot: eligibility, one ballot per delegate, receipts, sealing.

Secrecy. A cast writes a `Participation` (who) and a `CastBallot` (what) in one transaction,
with nothing shared between them but the poll: the ballot's key is a random UUID, it has no
timestamp, and its tracker hashes the ballot with a random nonce, not the voter.

Idempotency. A client sends a key with each cast (a UUID made when the ballot page loads).
While the poll is open the participation row keeps a digest of that key and the receipt, so
a retry (a lost response, a double tap) gets the same receipt back and never a second
ballot. That row therefore links a voter to a tracker during the poll, which only someone
reading the database could see; closing the poll erases both columns in the closing
transaction. A keyed HMAC of (voter, key) kept for good was the alternative, but whoever
holds the HMAC key could recompute every link after the poll, so erasing wins. Closing also
rewrites the poll's ballots in a random order, so that neither the row order of the table
nor any index follows the order of the participations. (On PostgreSQL the old row versions
stay on disk until VACUUM; they are invisible to queries.)

The bulletin board lists trackers only, never a ballot's content beside its tracker: a voter
can check that their ballot was counted, but cannot use the receipt to show anyone how they
voted. The contents are published apart, in the exchange-format record, unordered.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from dahui import rules
from dahui.congress.models import Delegate
from dahui.congress.selectors import entitled_delegates, present_entitled_delegates
from dahui.elections import counting
from dahui.elections.errors import AlreadyVoted, NotCheckedIn
from dahui.elections.models import Poll, PollState
from dahui.live.events import VotingProgress, publish_on_commit
from dahui.voting.models import CastBallot, Eligibility, Participation


@dataclass(frozen=True)
class Receipt:
    tracker: str
    repeated: bool  # True when a retry found the ballot its key had already cast


def tracker_of(*, poll_id: int, content: dict[str, Any], nonce: str) -> str:
    """The hash a voter looks up on the bulletin board."""
    canonical = json.dumps(
        {"poll": poll_id, "ballot": content, "nonce": nonce},
        sort_keys=True, ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _key_digest(*, poll_id: int, idempotency_key: str) -> str:
    return hashlib.sha256(f"{poll_id}:{idempotency_key}".encode()).hexdigest()


def freeze_electorate(*, poll: Poll) -> int:
    """Record who may cast: the entitled delegates checked in when the poll opens."""
    ids = present_entitled_delegates(poll.session).values_list("pk", flat=True)
    rows = [Eligibility(poll=poll, delegate_id=pk) for pk in ids]
    Eligibility.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _poll_state_for_cast(poll_id: int) -> str | None:
    """The poll's state, held stable until this cast commits.

    On PostgreSQL, FOR SHARE lets casts run side by side but makes `close_poll`'s update
    wait for every cast in flight, so no ballot lands in a closed poll. SQLite's IMMEDIATE
    transactions already serialise writers.
    """
    table = Poll._meta.db_table
    suffix = " FOR SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT state FROM {table} WHERE id = %s{suffix}", [poll_id])
        row = cursor.fetchone()
    return row[0] if row else None


def cast_ballot(
    *, poll: Poll, voter: Delegate, choices: dict[str, Any], idempotency_key: str
) -> Receipt:
    """Store one ballot from `voter` and return its receipt; a retry returns the same one.

    Refusals: `rules.PollClosed` (not open), `rules.NotEntitled` (列席 or no vote),
    `NotCheckedIn`, `AlreadyVoted` (cast before with another key), and the rules core's
    `BallotRefused` reasons (over-vote …) before anything is stored.
    """
    idempotency_key = (idempotency_key or "").strip()
    if not 8 <= len(idempotency_key) <= 200:
        raise ValueError("idempotency_key: give 8 to 200 characters (a UUID)")
    digest = _key_digest(poll_id=poll.pk, idempotency_key=idempotency_key)
    repeated = _repeat(poll=poll, voter=voter, digest=digest)
    if repeated is not None:
        return repeated
    content = counting.normalised_cast(poll, choices)
    try:
        with transaction.atomic():
            if _poll_state_for_cast(poll.pk) != PollState.OPEN:
                raise rules.PollClosed(_("This poll is not open for voting."))
            if not Eligibility.objects.filter(poll=poll, delegate=voter).exists():
                raise _why_not_eligible(poll, voter)
            nonce = secrets.token_hex(16)
            tracker = tracker_of(poll_id=poll.pk, content=content, nonce=nonce)
            Participation.objects.create(
                poll=poll, delegate=voter, key_digest=digest, receipt=tracker
            )
            CastBallot.objects.create(poll=poll, content=content, nonce=nonce, tracker=tracker)
            returned = Participation.objects.filter(poll=poll).count()
            publish_on_commit(VotingProgress(
                congress_id=poll.congress_id, poll_id=poll.pk, returned=returned,
                issued=poll.issued or 0,
            ))
    except IntegrityError:
        # The unique (poll, delegate) constraint fired: another request of this voter won.
        repeated = _repeat(poll=poll, voter=voter, digest=digest)
        if repeated is not None:
            return repeated
        raise AlreadyVoted(_("You have already voted in this poll.")) from None
    return Receipt(tracker=tracker, repeated=False)


def _repeat(*, poll: Poll, voter: Delegate, digest: str) -> Receipt | None:
    earlier = Participation.objects.filter(poll=poll, delegate=voter).first()
    if earlier is None:
        return None
    if earlier.key_digest and hmac.compare_digest(earlier.key_digest, digest):
        return Receipt(tracker=earlier.receipt, repeated=True)
    raise AlreadyVoted(_("You have already voted in this poll."))


def _why_not_eligible(poll: Poll, voter: Delegate) -> Exception:
    if not entitled_delegates(poll.congress).filter(pk=voter.pk).exists():
        return rules.NotEntitled(_("You have no vote in this congress."))
    return NotCheckedIn(
        _("You were not checked in when this poll opened, so you have no ballot in it.")
    )


def seal_ballots(*, poll: Poll) -> int:
    """At close: erase the key digests and receipts, and rewrite the ballots in random
    order. Returns the number of ballots cast. Runs inside `close_poll`'s transaction."""
    Participation.objects.filter(poll=poll).update(key_digest="", receipt="")
    rows = list(CastBallot.objects.filter(poll=poll).values("content", "nonce", "tracker"))
    secrets.SystemRandom().shuffle(rows)
    CastBallot.objects.filter(poll=poll).delete()
    CastBallot.objects.bulk_create(
        [CastBallot(poll=poll, **row) for row in rows], batch_size=1000
    )
    return len(rows)


def ballot_contents(*, poll: Poll) -> list[dict[str, Any]]:
    return list(CastBallot.objects.filter(poll=poll).values_list("content", flat=True))
