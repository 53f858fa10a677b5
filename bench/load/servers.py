"""Start and stop real `dahui serve` processes on loopback ports (tests and benchmark)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

DAHUI = Path(sys.executable).with_name("dahui")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dahui serve on port {port} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), 0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"dahui serve on port {port} did not listen within {timeout} s")


def start_server(*, port: int, env: dict[str, str], workers: int = 1,
                 log: Path | None = None) -> subprocess.Popen:
    """`dahui serve` with the given environment on top of this one; returns once listening."""
    output = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 (lives with the process)
    process = subprocess.Popen(
        [str(DAHUI), "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers)],
        env={**os.environ, **env}, stdout=output, stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: workers die with it
    )
    wait_until_listening(port, process)
    return process


def stop_server(process: subprocess.Popen, *, kill: bool = False) -> None:
    """SIGTERM (or SIGKILL: a crash) to the server's whole process group, then reap it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def server_env(*, database_url: str, redis_url: str | None, secret_key: str) -> dict[str, str]:
    env = {
        "DATABASE_URL": database_url,
        "DAHUI_SECRET_KEY": secret_key,
        "DAHUI_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "dahui.settings",
        "DAHUI_LOG_LEVEL": "ERROR",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env
