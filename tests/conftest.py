"""Fixtures shared by the whole suite: real services, found or failed loudly in CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.services import (
    CHROMIUM_ARGS,
    chromium_path,
    database_is_postgres,
    missing,
    redis_available,
    redis_url,
)

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Playwright's sync API keeps an event loop running in the main thread for as long as
    # the shared browser lives, where async_to_sync (live events, channel layers) cannot
    # run: tests that drive the browser go last, so no other test ever runs beside it.
    items.sort(key=lambda item: "chromium_browser" in getattr(item, "fixturenames", ()))
    # Tests marked `postgres` prove behaviour of PostgreSQL itself (row locks, concurrent
    # connections). The CI runs the suite a second time on PostgreSQL, where they run; on the
    # embedded SQLite pass they are deselected, which is not the same as skipped for a
    # missing service.
    if config.getoption("markexpr"):
        return
    import django
    from django.conf import settings

    django.setup()
    on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    if not on_postgres:
        _deselect(config, items, lambda item: item.get_closest_marker("postgres") is not None)
    elif os.environ.get("DAHUI_BROWSER_TESTS") == "postgres-only":
        # The CI's PostgreSQL pass: the browser tests already ran on the SQLite pass and
        # read the same pages; only those that prove PostgreSQL behaviour run again.
        _deselect(config, items, lambda item: item.get_closest_marker("browser") is not None
                  and item.get_closest_marker("postgres") is None)


def _deselect(config: pytest.Config, items: list[pytest.Item], drop) -> None:
    dropped = [item for item in items if drop(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if not drop(item)]


@pytest.fixture
def postgres() -> None:
    """Use in tests that must run against PostgreSQL."""
    if not database_is_postgres():
        missing("needs PostgreSQL: set DATABASE_URL=postgres://…")


@pytest.fixture(scope="session")
def redis_server_url() -> str:
    url = redis_url()
    if not redis_available(url):
        missing(f"needs Redis at {url}")
    return url


@pytest.fixture(scope="session")
def chromium_browser():
    """A headless Debian Chromium driven by Playwright, shared by the session."""
    path = chromium_path()
    if path is None:
        missing("needs Debian's chromium package at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def artifacts_dir() -> Path:
    """Where browser tests save screenshots for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request: pytest.FixtureRequest, tmp_path_factory) -> None:
    """With browser tests in the run, the embedded test database is an SQLite file, as the
    product's is, not pytest-django's shared-cache memory database.

    The live server answers the browsers from its own threads while the test writes too; a
    shared-cache memory database locks whole tables and fails a writer at once ("database
    table is locked"), where a file in WAL mode lets readers go on and queues writers for the
    busy timeout, as in the hall.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    if any("chromium_browser" in getattr(item, "fixturenames", ())
           for item in request.session.items):
        path = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)
