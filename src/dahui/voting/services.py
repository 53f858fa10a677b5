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
import uuid
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from dahui import rules
from dahui.congress.models import WITHDRAWN_CREDENTIALS, Delegate
from dahui.congress.selectors import entitled_delegates, present_entitled_delegates
from dahui.elections import counting
from dahui.elections.errors import AlreadyVoted, NotCheckedIn
from dahui.elections.models import Poll, PollState
from dahui.live.progress import publish_progress_on_commit
from dahui.voting.models import CastBallot, Eligibility, Participation

# As the poll's access gate (`congress.access.roles_of`): these credentials give no vote.


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
    return _cast(poll=poll, choices=choices, idempotency_key=idempotency_key,
                 voter=_voter_query(poll.pk, delegate_id=voter.pk),
                 why_not=lambda: _why_not_eligible(poll, voter))


class AccountInactive(PermissionDenied):
    """The delegate's user account was deactivated (refused as a logged-out cast)."""


def cast_ballot_as_delegate(
    *, poll: Poll, delegate_id: int, choices: dict[str, Any], idempotency_key: str
) -> Receipt:
    """`cast_ballot` for the delegate a cast credential names (the lean cast endpoint,
    which loads neither the delegate nor the user first).

    The eligibility read also requires what the session-based gate did: a delegate of the
    poll's congress whose credential still gives access (else `PermissionDenied`) and an
    active user account (else `AccountInactive`).
    """
    def why_not() -> Exception:
        voter = (Delegate.objects.select_related("user")
                 .filter(pk=delegate_id, congress_id=poll.congress_id).first())
        if voter is None or voter.credential_status in WITHDRAWN_CREDENTIALS:
            return PermissionDenied("not a delegate of this congress")
        if voter.user is None or not voter.user.is_active:
            return AccountInactive("account inactive")
        return _why_not_eligible(poll, voter)

    return _cast(poll=poll, choices=choices, idempotency_key=idempotency_key,
                 voter=_voter_query(poll.pk, delegate_id=delegate_id, with_access=True),
                 why_not=why_not)


def _cast(*, poll: Poll, choices: dict[str, Any], idempotency_key: str,
          voter: tuple[str, list[Any]], why_not: Callable[[], Exception]) -> Receipt:
    """The one cast transaction: poll state held FOR SHARE, eligibility, two inserts.

    No read before it: a retry is found by the unique constraint and answered after the
    rollback, so a first cast (the common case) costs no extra query. The count of ballots
    for the progress event is taken later, outside the transaction (see `live.progress`).
    `voter` is the SQL (and its parameters) selecting the voter's delegate id among the
    poll's eligible delegates.
    """
    idempotency_key = (idempotency_key or "").strip()
    if not 8 <= len(idempotency_key) <= 200:
        raise ValueError("idempotency_key: give 8 to 200 characters (a UUID)")
    digest = _key_digest(poll_id=poll.pk, idempotency_key=idempotency_key)
    content = counting.normalised_cast(poll, choices)
    nonce = secrets.token_hex(16)
    tracker = tracker_of(poll_id=poll.pk, content=content, nonce=nonce)
    try:
        if connection.vendor == "postgresql":
            stored = _store_in_one_statement(poll=poll, voter=voter, digest=digest,
                                             content=content, nonce=nonce, tracker=tracker)
        else:
            stored = _store_step_by_step(poll=poll, voter=voter, digest=digest,
                                         content=content, nonce=nonce, tracker=tracker)
    except IntegrityError:
        # The unique (poll, delegate) constraint fired: a retry, or another request of
        # this voter won. Nothing of this request was stored.
        repeated = _repeat(poll=poll, voter_id=_first(voter), digest=digest)
        if repeated is not None:
            return repeated
        raise AlreadyVoted(_("You have already voted in this poll.")) from None
    if not stored:
        raise _refusal(poll=poll, voter=voter, digest=digest, why_not=why_not)
    publish_progress_on_commit(
        congress_id=poll.congress_id, poll_id=poll.pk, issued=poll.issued or 0
    )
    return Receipt(tracker=tracker, repeated=False)


def _store_in_one_statement(*, poll: Poll, voter: tuple[str, list[Any]], digest: str,
                            content: dict[str, Any], nonce: str, tracker: str) -> bool:
    """PostgreSQL: the whole cast as one statement, so one round trip and its own
    transaction. The poll row is read FOR SHARE inside it (`close_poll` waits for it, as
    for `_poll_state_for_cast`); both rows are inserted only if the poll is open and the
    voter eligible, or neither. Returns whether they were."""
    voter_sql, voter_params = voter
    sql = (
        f"WITH open_poll AS (SELECT id FROM {Poll._meta.db_table} "
        f"  WHERE id = %s AND state = %s FOR SHARE), "
        f"voter AS ({voter_sql} AND EXISTS (SELECT 1 FROM open_poll) LIMIT 1), "
        f"participation AS (INSERT INTO {Participation._meta.db_table} "
        f"  (poll_id, delegate_id, key_digest, receipt) "
        f"  SELECT %s, delegate_id, %s, %s FROM voter RETURNING delegate_id) "
        f"INSERT INTO {CastBallot._meta.db_table} (id, poll_id, content, nonce, tracker) "
        f"SELECT %s, %s, %s::jsonb, %s, %s FROM participation RETURNING 1"
    )
    params = [poll.pk, PollState.OPEN, *voter_params, poll.pk, digest, tracker,
              uuid.uuid4(), poll.pk, json.dumps(content), nonce, tracker]
    # Inside a caller's transaction (tests, other services) a savepoint keeps a refused
    # insert from breaking it; on its own the statement is its transaction.
    guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with guard, connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


def _store_step_by_step(*, poll: Poll, voter: tuple[str, list[Any]], digest: str,
                        content: dict[str, Any], nonce: str, tracker: str) -> bool:
    """SQLite (the embedded demo): the same, in an IMMEDIATE transaction."""
    with transaction.atomic():
        if _poll_state_for_cast(poll.pk) != PollState.OPEN:
            return False
        voter_id = _first(voter)
        if voter_id is None:
            return False
        Participation.objects.create(
            poll=poll, delegate_id=voter_id, key_digest=digest, receipt=tracker
        )
        CastBallot.objects.create(poll=poll, content=content, nonce=nonce, tracker=tracker)
    return True


def _refusal(*, poll: Poll, voter: tuple[str, list[Any]], digest: str,
             why_not: Callable[[], Exception]) -> Exception:
    """Why nothing was stored (read after the fact: refusals are rare)."""
    voter_id = _first(voter)
    if _poll_state_for_cast(poll.pk) != PollState.OPEN:
        if voter_id is not None:
            # A retry after the close: its receipt is erased, the voter has voted.
            _repeat(poll=poll, voter_id=voter_id, digest=digest)
        return rules.PollClosed(_("This poll is not open for voting."))
    if voter_id is None:
        return why_not()
    return rules.PollClosed(_("This poll is not open for voting."))  # closed meanwhile


def _voter_query(poll_id: int, *, delegate_id: int, with_access: bool = False
                 ) -> tuple[str, list[Any]]:
    """SQL selecting the voter's delegate id if they may cast in the poll (frozen at
    opening). `with_access` (the lean endpoint, which has not been through the poll's
    access gate): only a delegate whose credential still gives access and whose account is
    active. Plain SQL: it runs in every cast, and the ORM took longer to build this join
    than the database to answer."""
    eligibility, delegate = Eligibility._meta.db_table, Delegate._meta.db_table
    if with_access:
        user = get_user_model()._meta.db_table
        return (f"SELECT e.delegate_id FROM {eligibility} e JOIN {delegate} d "
                f"ON d.id = e.delegate_id JOIN {user} u ON u.id = d.user_id "
                f"WHERE e.poll_id = %s AND e.delegate_id = %s AND u.is_active "
                f"AND d.credential_status NOT IN (%s, %s)",
                [poll_id, delegate_id, *WITHDRAWN_CREDENTIALS])
    return (f"SELECT delegate_id FROM {eligibility} "
            f"WHERE poll_id = %s AND delegate_id = %s", [poll_id, delegate_id])


def _first(voter: tuple[str, list[Any]]) -> int | None:
    sql, params = voter
    with connection.cursor() as cursor:
        cursor.execute(sql + " LIMIT 1", params)
        row = cursor.fetchone()
    return row[0] if row else None


def _repeat(*, poll: Poll, voter_id: int | None, digest: str) -> Receipt | None:
    if voter_id is None:
        return None
    earlier = Participation.objects.filter(poll=poll, delegate_id=voter_id).first()
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
