"""Casting an electronic ballot: eligibility, one ballot per delegate, receipts, sealing.

Secrecy (docs/threat-model.md). A cast writes a `Participation` (who: poll and delegate,
nothing else) and a `CastBallot` (what: content and tracker) in one transaction. Nothing is
shared between the two rows but the poll: no receipt, key digest or time on the
participation, random UUIDs as keys, no timestamp on the ballot.

Idempotency without a stored link. A client sends a key with each cast (a UUID made when
the ballot page loads). The tracker is HMAC-SHA256(poll's tracker key, client key): a retry
with the same key computes the same tracker, finds the ballot by it and gets the same
receipt, and no row says which voter's key made which tracker. The tracker key is random
per poll, made when the poll opens and deleted in the closing transaction, so after close
nobody — not the server, not a copy of the database — can recompute a tracker from a key.
A retry that arrives after the close is told that the poll has closed and that the voter
has voted (their participation says so); it cannot be given its receipt again.

While the poll is open the storage order of both tables follows the casting order (SQLite's
rowid, PostgreSQL's heap). Closing rewrites the poll's ballots and participations in random
order; after commit `voting.erasure` removes the old row versions from the database files.

The bulletin board lists trackers only, never a ballot's content beside its tracker: a voter
can check that their ballot was counted, but cannot use the receipt to show anyone how they
voted.
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
from django.db.models import F
from django.utils.translation import gettext as _

from dahui import rules
from dahui.congress.models import WITHDRAWN_CREDENTIALS, Delegate
from dahui.congress.selectors import entitled_delegates, present_entitled_delegates
from dahui.elections import counting
from dahui.elections.errors import AlreadyVoted, NotCheckedIn
from dahui.elections.models import Poll, PollState
from dahui.live.progress import publish_progress_on_commit
from dahui.voting import erasure
from dahui.voting.models import CastBallot, Eligibility, Participation, TrackerKey


@dataclass(frozen=True)
class Receipt:
    tracker: str
    repeated: bool  # True when a retry found the ballot its key had already cast


class KeyAlreadyUsed(ValueError):
    """Another voter's ballot was cast with this idempotency key (a copied page)."""


def tracker_of(*, tracker_key: bytes, idempotency_key: str) -> str:
    """The hash a voter looks up on the bulletin board: an HMAC of the client's key under
    the poll's tracker key. It says nothing of the ballot's content, and once the tracker
    key is deleted (at close) nobody can recompute it from the client's key."""
    return hmac.new(tracker_key, idempotency_key.encode(), hashlib.sha256).hexdigest()


_TRACKER_KEYS: dict[int, bytes] = {}
_TRACKER_KEYS_KEPT = 256


def _tracker_key(poll_id: int) -> bytes | None:
    """The poll's tracker key, kept by each process once read (it never changes while the
    poll is open); None before the poll opens and after it closes."""
    key = _TRACKER_KEYS.get(poll_id)
    if key is not None:
        return key
    stored = TrackerKey.objects.filter(poll_id=poll_id).values_list("key", flat=True).first()
    if stored is None:
        return None
    if len(_TRACKER_KEYS) >= _TRACKER_KEYS_KEPT:
        _TRACKER_KEYS.clear()
    key = _TRACKER_KEYS[poll_id] = bytes.fromhex(stored)
    return key


def freeze_electorate(*, poll: Poll) -> int:
    """Record who may cast — the entitled delegates checked in now — and return how many.

    One INSERT … SELECT, so the electorate and the number returned (which `open_poll`
    stores as issued) come from one snapshot: a check-in committed meanwhile is in both or
    in neither. Also makes the poll's tracker key. Runs inside `open_poll`'s transaction.
    """
    present = (present_entitled_delegates(poll.session).order_by()
               .annotate(voter=F("pk")).values_list("voter", flat=True).distinct())
    select_sql, select_params = present.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Eligibility._meta.db_table} (poll_id, delegate_id) "
            f"SELECT %s, present.voter FROM ({select_sql}) present",
            [poll.pk, *select_params],
        )
        inserted = cursor.rowcount
    TrackerKey.objects.create(poll=poll, key=secrets.token_hex(32))
    _TRACKER_KEYS.pop(poll.pk, None)
    return inserted


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
    `NotCheckedIn`, `AlreadyVoted` (cast before with another key, or a retry after the
    close), `KeyAlreadyUsed`, and the rules core's `BallotRefused` reasons (over-vote …)
    before anything is stored.
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
    content = counting.normalised_cast(poll, choices)
    tracker_key = _tracker_key(poll.pk)
    if tracker_key is None:  # not opened yet, or closed: its key is gone
        raise _refusal(poll=poll, voter=voter, why_not=why_not)
    tracker = tracker_of(tracker_key=tracker_key, idempotency_key=idempotency_key)
    try:
        if connection.vendor == "postgresql":
            stored = _store_in_one_statement(poll=poll, voter=voter, content=content,
                                             tracker=tracker)
        else:
            stored = _store_step_by_step(poll=poll, voter=voter, content=content,
                                         tracker=tracker)
    except IntegrityError:
        # A unique constraint fired and nothing of this request was stored: the voter's
        # (poll, delegate) — a retry, or another request of this voter won — or the
        # tracker — this key already cast someone's ballot.
        return _repeat(poll=poll, voter_id=_first(voter), tracker=tracker)
    if not stored:
        raise _refusal(poll=poll, voter=voter, why_not=why_not)
    publish_progress_on_commit(
        congress_id=poll.congress_id, poll_id=poll.pk, issued=poll.issued or 0
    )
    return Receipt(tracker=tracker, repeated=False)


def _store_in_one_statement(*, poll: Poll, voter: tuple[str, list[Any]],
                            content: dict[str, Any], tracker: str) -> bool:
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
        f"  (id, poll_id, delegate_id) "
        f"  SELECT %s, %s, delegate_id FROM voter RETURNING delegate_id) "
        f"INSERT INTO {CastBallot._meta.db_table} (id, poll_id, content, tracker) "
        f"SELECT %s, %s, %s::jsonb, %s FROM participation RETURNING 1"
    )
    params = [poll.pk, PollState.OPEN, *voter_params, uuid.uuid4(), poll.pk,
              uuid.uuid4(), poll.pk, json.dumps(content), tracker]
    # Inside a caller's transaction (tests, other services) a savepoint keeps a refused
    # insert from breaking it; on its own the statement is its transaction.
    guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with guard, connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


def _store_step_by_step(*, poll: Poll, voter: tuple[str, list[Any]],
                        content: dict[str, Any], tracker: str) -> bool:
    """SQLite (the embedded demo): the same, in an IMMEDIATE transaction."""
    with transaction.atomic():
        if _poll_state_for_cast(poll.pk) != PollState.OPEN:
            return False
        voter_id = _first(voter)
        if voter_id is None:
            return False
        Participation.objects.create(poll=poll, delegate_id=voter_id)
        CastBallot.objects.create(poll=poll, content=content, tracker=tracker)
    return True


def _voted(poll: Poll, voter_id: int | None) -> bool:
    return voter_id is not None and Participation.objects.filter(
        poll=poll, delegate_id=voter_id).exists()


def _refusal(*, poll: Poll, voter: tuple[str, list[Any]],
             why_not: Callable[[], Exception]) -> Exception:
    """Why nothing was stored (read after the fact: refusals are rare)."""
    voter_id = _first(voter)
    if _poll_state_for_cast(poll.pk) != PollState.OPEN:
        if _voted(poll, voter_id):
            # A retry after the close: the tracker key is gone, so the receipt cannot be
            # recomputed, but the voter learns that their ballot is in.
            return AlreadyVoted(_("This poll has closed. You voted in it: your ballot is "
                                  "among those counted."))
        return rules.PollClosed(_("This poll is not open for voting."))
    if voter_id is None:
        return why_not()
    return rules.PollClosed(_("This poll is not open for voting."))  # closed meanwhile


def _repeat(*, poll: Poll, voter_id: int | None, tracker: str) -> Receipt:
    """After a unique constraint refused the cast: the same receipt if this voter has
    voted and this key cast a ballot in the poll (a retry), else why not."""
    if _voted(poll, voter_id):
        if CastBallot.objects.filter(poll=poll, tracker=tracker).exists():
            return Receipt(tracker=tracker, repeated=True)
        raise AlreadyVoted(_("You have already voted in this poll."))
    raise KeyAlreadyUsed(_("key: this ballot page was already used to cast a ballot; "
                           "open the ballot again."))


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


def _why_not_eligible(poll: Poll, voter: Delegate) -> Exception:
    if not entitled_delegates(poll.congress).filter(pk=voter.pk).exists():
        return rules.NotEntitled(_("You have no vote in this congress."))
    return NotCheckedIn(
        _("You were not checked in when this poll opened, so you have no ballot in it.")
    )


def seal_ballots(*, poll: Poll) -> int:
    """At close: delete the tracker key, rewrite the poll's ballots and participations in
    random order (new rows, new random ids), and have the old row versions removed from
    the database files once the close commits (`voting.erasure`). Returns the number of
    ballots cast. Runs inside `close_poll`'s transaction."""
    TrackerKey.objects.filter(poll=poll).delete()
    _TRACKER_KEYS.pop(poll.pk, None)
    shuffle = secrets.SystemRandom().shuffle
    ballots = list(CastBallot.objects.filter(poll=poll).values_list("content", "tracker"))
    shuffle(ballots)
    CastBallot.objects.filter(poll=poll).delete()
    CastBallot.objects.bulk_create(
        [CastBallot(poll=poll, content=content, tracker=tracker)
         for content, tracker in ballots], batch_size=1000,
    )
    voters = list(Participation.objects.filter(poll=poll).values_list("delegate_id",
                                                                      flat=True))
    shuffle(voters)
    Participation.objects.filter(poll=poll).delete()
    Participation.objects.bulk_create(
        [Participation(poll=poll, delegate_id=voter) for voter in voters], batch_size=1000,
    )
    erasure.erase_after_commit(poll=poll)
    return len(ballots)


def ballot_contents(*, poll: Poll) -> list[dict[str, Any]]:
    return list(CastBallot.objects.filter(poll=poll).values_list("content", flat=True))
