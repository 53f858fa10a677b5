"""Browser-test fixtures any app can reuse: a live server and a fresh Chromium page.

`live_server` (pytest-django) serves the real project, static files included, from a thread
of the test process, over a test database that the test and the server share; tests that
use it need `transactional_db` so their rows are committed where the server can read them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would take every ORM
# call made from that thread for a call from async code and refuse it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def site(live_server, transactional_db) -> str:
    """The live server's base URL (no trailing slash), with a database it can see."""
    return live_server.url


def _new_page(browser, **options):
    # The pages run under their real Content-Security-Policy: tests wait with `expect`,
    # never with wait_for_function (its predicate would be evaluated as a string).
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def page(chromium_browser) -> Iterator:
    """A desktop-sized page (the secretariat's desk)."""
    context, page = _new_page(chromium_browser, viewport={"width": 1366, "height": 900})
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium_browser) -> Iterator:
    """A phone-sized page (a delegate, the door scanner)."""
    context, page = _new_page(
        chromium_browser,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield page
    context.close()


@pytest.fixture
def screenshot(artifacts_dir: Path):
    """`screenshot(page, "name")` saves artifacts/name.png (full page) and returns the path."""

    def take(page, name: str) -> Path:
        path = artifacts_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def log_in(page, base_url: str, *, username: str, password: str) -> None:
    """Log a staff user in through the login form."""
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")


def off_loop(function, /, *args, **kwargs):
    """Run `function` in a worker thread and return its result.

    Playwright keeps an event loop in the test thread; a service that publishes a live event
    on commit must not run there (async_to_sync refuses to run inside a running loop).
    """
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def call():
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()
