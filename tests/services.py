"""Finding the real services a test needs: PostgreSQL, Redis, Chromium.

Outside CI a missing service skips the test with the reason; in CI (CI=true) it fails it,
so a green CI run always means the test really ran.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(what: str) -> None:
    """Skip outside CI, fail in CI."""
    if in_ci():
        pytest.fail(f"{what} (CI must have it)", pytrace=False)
    pytest.skip(what)


def database_is_postgres() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def redis_url() -> str:
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def redis_available(url: str) -> bool:
    from urllib.parse import urlparse

    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or 6379), 2
        ) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def chromium_path() -> str | None:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium")


CADDY = "/usr/bin/caddy"


def caddy_path() -> str | None:
    """Debian's caddy: the TLS proxy of a real install, run by the venue test."""
    if Path(CADDY).exists():
        return CADDY
    return shutil.which("caddy")
