"""Removing the old row versions of a closed poll from the database files.

Closing a poll rewrites its ballots and participations in random order
(`voting.services.seal_ballots`), but the versions written during the poll — in casting
order, side by side — stay in the files until the database reclaims them: SQLite keeps them
in the write-ahead log and in freed pages, PostgreSQL as dead tuples. After the close
commits, this module has them removed:

- SQLite: every connection runs with `PRAGMA secure_delete=ON` (settings), so freed cells
  are zeroed; then `wal_checkpoint(TRUNCATE)` empties the log into the file, `VACUUM`
  rebuilds the file from its live rows only, and a second checkpoint empties the log again.
- PostgreSQL: `VACUUM FULL` of the voting tables writes them afresh (their old files are
  dropped), under a short lock timeout. It must run outside a transaction, so after commit.

The close itself never fails for this: the ballots are sealed and the count can go on. A
poll whose erasure has not succeeded stays in `PendingErasure` (with the error), is logged
as an error, and is tried again at the next close or by `dahui manage erase_old_ballots`.
"""

from __future__ import annotations

import logging
import re
import time

from django.db import DatabaseError, connection, transaction
from django.db.models import F

from dahui.voting.models import (
    CastBallot,
    Participation,
    PendingErasure,
    TrackerKey,
)

log = logging.getLogger(__name__)

# The tables whose old versions could link a voter to a ballot (the tracker key's old
# version is only dangerous with a client's key, but goes too).
TABLES = tuple(m._meta.db_table for m in (Participation, CastBallot, TrackerKey))
CHECKPOINT_TRIES = 20
LOCK_TIMEOUT = "5s"


def erase_after_commit(*, poll) -> None:
    """Called in the closing transaction: note the poll, erase once it commits."""
    PendingErasure.objects.get_or_create(poll=poll)
    transaction.on_commit(erase_pending)


def erase_pending() -> bool:
    """Remove the old row versions of every poll waiting for it. True if none is left."""
    pending = list(PendingErasure.objects.values_list("poll_id", flat=True))
    if not pending:
        return True
    if connection.in_atomic_block:
        return False  # VACUUM cannot run in a transaction; the caller's commit will do it
    try:
        if connection.vendor == "sqlite":
            _sqlite()
        elif connection.vendor == "postgresql":
            _postgresql()
    except DatabaseError as error:
        log.error("erasing the old ballot rows of polls %s failed: %s", pending, error)
        PendingErasure.objects.filter(poll_id__in=pending).update(
            attempts=F("attempts") + 1, last_error=str(error)[:2000])
        return False
    PendingErasure.objects.filter(poll_id__in=pending).delete()
    return True


def _checkpoint(cursor) -> None:
    """Copy the write-ahead log into the file and truncate it to zero bytes. A reader in
    the middle of a transaction holds the log; wait a little for it, then give up."""
    for _attempt in range(CHECKPOINT_TRIES):
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy, _log_frames, _copied = cursor.fetchone()
        if not busy:
            return
        time.sleep(0.1)
    raise DatabaseError("the write-ahead log is in use by a reader: not truncated")


def _sqlite() -> None:
    if connection.is_in_memory_db():
        return  # nothing on disk (the test database); VACUUM would only lock its tables
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        if not cursor.fetchone()[0]:
            cursor.execute("PRAGMA secure_delete=ON")
        _checkpoint(cursor)
        cursor.execute("VACUUM")
        _checkpoint(cursor)


def _kept_dead_rows(details: list[str]) -> int:
    """Old row versions VACUUM FULL had to copy, from its VERBOSE details. Each table's
    detail starts with that number ("N dead row versions cannot be removed yet", in the
    server's language, the number first in every translation)."""
    kept = 0
    for detail in details:
        number = re.search(r"\d+", detail)
        if number:
            kept += int(number.group())
    return kept


def _postgresql() -> None:
    """VACUUM FULL, then make sure it really dropped every old version.

    A transaction open anywhere in the database when the poll closed (a report, pg_dump,
    a session idle in a transaction, autovacuum's ANALYZE) still sees the old versions, so
    VACUUM FULL must copy them into the new files as "recently dead". That is reported as
    a failure, so the poll stays waiting and the erasure is tried again later.
    """
    details: list[str] = []

    def collect(notice) -> None:
        if notice.message_detail and re.match(r"\s*\d", notice.message_detail):
            details.append(notice.message_detail)

    connection.ensure_connection()
    raw = connection.connection
    raw.add_notice_handler(collect)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
            try:
                cursor.execute(f"VACUUM (FULL, ANALYZE, VERBOSE) {', '.join(TABLES)}")
            finally:
                cursor.execute("RESET lock_timeout")
    finally:
        raw.remove_notice_handler(collect)
    kept = _kept_dead_rows(details)
    if kept:
        raise DatabaseError(
            f"{kept} old row versions kept: a transaction open in the database still sees "
            f"them; they are erased once it ends")
