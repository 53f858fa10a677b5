"""After a 100-voter poll closes, PostgreSQL's pages link no voter to a ballot.

Read as a database administrator would, with `pageinspect`: every tuple still on the
voting tables' pages (dead ones included), the raw bytes of the participation table and
its indexes, and the physical (ctid) order of the live rows.
"""

from __future__ import annotations

import hashlib
import json
import time

import pytest
from django.db import connection

from tests.secrecy.scenario import rank_correlation, run_poll

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VOTING_TABLES = ("voting_participation", "voting_castballot")


def _blocks(cursor, relation: str) -> int:
    cursor.execute("SELECT pg_relation_size(%s::regclass) / current_setting('block_size')::int",
                   [relation])
    return cursor.fetchone()[0]


def _tuples(cursor, table: str) -> list[tuple]:
    """Every tuple with data on the table's pages: live, dead, or old versions."""
    rows = []
    for block in range(_blocks(cursor, table)):
        cursor.execute("SELECT lp, t_xmax, t_data FROM heap_page_items(get_raw_page(%s, %s)) "
                       "WHERE t_data IS NOT NULL", [table, block])
        rows += [(block, *row) for row in cursor.fetchall()]
    return rows


def _raw_pages(cursor, relation: str) -> bytes:
    pages = []
    for block in range(_blocks(cursor, relation)):
        cursor.execute("SELECT get_raw_page(%s, %s)", [relation, block])
        pages.append(bytes(cursor.fetchone()[0]))
    return b"".join(pages)


def _with_indexes(cursor, table: str) -> list[str]:
    cursor.execute("SELECT indexrelid::regclass::text FROM pg_index "
                   "WHERE indrelid = %s::regclass", [table])
    return [table, *(row[0] for row in cursor.fetchall())]


def _erased() -> None:
    """What the operator's `dahui manage erase_old_ballots` does until it reports done: any
    snapshot open in the database at close (autovacuum's ANALYZE of the freshly filled
    voting tables is one) keeps the old versions for a moment, and the erasure waits."""
    from dahui.voting.erasure import erase_pending

    for _ in range(60):
        if erase_pending():
            return
        time.sleep(0.5)
    pytest.fail("the old row versions were still waiting for erasure after 30 s")


@pytest.fixture
def closed_poll(postgres) -> dict:
    outcome = run_poll(voters=100)
    _erased()
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    return outcome


def test_no_old_row_version_is_left_on_the_voting_tables_pages(closed_poll):
    with connection.cursor() as cursor:
        for table in VOTING_TABLES:
            on_pages = _tuples(cursor, table)
            cursor.execute(f"SELECT count(*) FROM {table}")
            live = cursor.fetchone()[0]
            assert len(on_pages) == live, f"{table}: {len(on_pages) - live} dead tuples"


def test_the_participation_pages_hold_no_receipt_key_or_key_digest(closed_poll):
    poll_id = closed_poll["poll_id"]
    with connection.cursor() as cursor:
        raw = b"".join(_raw_pages(cursor, relation)
                       for relation in _with_indexes(cursor, "voting_participation"))
    linked = []
    for cast in closed_poll["casts"]:
        digest = hashlib.sha256(f"{poll_id}:{cast['key']}".encode()).hexdigest()
        if any(secret.encode() in raw for secret in (cast["tracker"], cast["key"], digest)):
            linked.append(cast["delegate_id"])
    assert linked == [], f"{len(linked)} of {len(closed_poll['casts'])} voters linked"


def test_physical_order_follows_neither_the_casting_order_nor_each_other(closed_poll):
    casts = closed_poll["casts"]
    cast_order = [c["delegate_id"] for c in casts]
    voter_of = {json.dumps(c["content"], sort_keys=True): c["delegate_id"] for c in casts}
    with connection.cursor() as cursor:
        cursor.execute("SELECT delegate_id FROM voting_participation WHERE poll_id = %s "
                       "ORDER BY ctid", [closed_poll["poll_id"]])
        participations = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT content FROM voting_castballot WHERE poll_id = %s "
                       "ORDER BY ctid", [closed_poll["poll_id"]])
        ballots = [voter_of[json.dumps(json.loads(row[0]) if isinstance(row[0], str)
                                       else row[0], sort_keys=True)]
                   for row in cursor.fetchall()]
    assert sorted(participations) == sorted(ballots) == sorted(cast_order)
    assert abs(rank_correlation(participations, cast_order)) < 0.4
    assert abs(rank_correlation(ballots, cast_order)) < 0.4
    assert abs(rank_correlation(participations, ballots)) < 0.4


def test_an_open_snapshot_at_close_leaves_the_poll_waiting_until_its_old_rows_are_gone(
    postgres,
):
    # Any transaction open in the database when the poll closes (a report, pg_dump, a
    # session idle in a transaction, autovacuum's ANALYZE) keeps the old row versions
    # "recently dead": VACUUM FULL copies them into the new file. The erasure must not
    # count that as done: the poll stays waiting, and a later erasure removes them.
    import psycopg

    from dahui.voting.models import PendingErasure

    params = connection.get_connection_params()
    other = psycopg.connect(**{key: value for key, value in params.items()
                               if key in ("dbname", "user", "host", "port", "password")})
    try:
        other.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        other.execute("SELECT count(*) FROM auth_user").fetchone()
        outcome = run_poll(voters=100, term=91)
        assert PendingErasure.objects.filter(poll_id=outcome["poll_id"]).exists()
    finally:
        other.rollback()
        other.close()
    _erased()
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        for table in VOTING_TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")
            live = cursor.fetchone()[0]
            assert len(_tuples(cursor, table)) == live, table
