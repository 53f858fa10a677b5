"""Running a service from many threads at once, each on its own database connection, as
many phones or desks would: for the tests that prove PostgreSQL's locks and constraints."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection


def all_at_once(count: int, action: Callable[[int], object]) -> list[object]:
    """Run `action(i)` in `count` threads released together; exceptions are returned."""
    barrier = threading.Barrier(count)

    def run(i: int) -> object:
        try:
            barrier.wait()
            return action(i)
        except Exception as error:  # collected and asserted on by the test
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


@pytest.fixture(autouse=True, scope="module")
def fresh_pool_afterwards():
    """Many threads leave as many idle connections in this process's pool. Should
    PostgreSQL restart later in the session (the durability tests restart it), the pool
    spends its whole timeout discarding the dead ones; a new pool starts clean.

    Autouse for every module that imports it."""
    yield
    connection.close()
    if connection.vendor == "postgresql":
        connection.close_pool()
