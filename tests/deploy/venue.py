"""Caddy with its internal CA on loopback in front of two `dahui serve` processes.

The Caddyfile and the servers' settings come from the installer's own code
(dahui.deploy.caddyfile.render, files.settings_values); only the ports, Caddy's data folder
and the database/Redis of the test run differ from a real install.
"""

from __future__ import annotations

import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench.load.servers import (
    DAHUI,
    free_port,
    server_env,
    start_server,
    stop_server,
    wait_until_listening,
)

from dahui.deploy import ca_page, caddyfile, files
from dahui.deploy.config import InstallConfig

ADDRESS = "127.0.0.1"


@dataclass(frozen=True)
class Venue:
    base: str  # https://127.0.0.1:PORT
    http_base: str  # the plain-HTTP side: the CA page and redirects
    root_certificate: Path  # Caddy's internal root CA (PEM)
    logs: Path


def database_url(settings_dict: dict) -> str:
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{settings_dict['NAME']}"
    return (f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
            f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}")


def _wait_for(path: Path, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if process.poll() is not None:
            raise RuntimeError(f"caddy exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"caddy made no {path} within {timeout} s")
        time.sleep(0.1)


def start_venue(*, caddy: str, folder: Path, db_url: str, redis_url: str, secret_key: str):
    """Start everything; returns (Venue, stop) where stop() ends every process started."""
    https_port, http_port = free_port(), free_port()
    config = InstallConfig(addresses=(ADDRESS,), tls="internal", data_dir=folder / "data",
                           public_dir=folder / "public", workers=1)
    env = {**files.settings_values(config, secret_key=secret_key),
           **server_env(database_url=db_url, redis_url=redis_url, secret_key=secret_key)}
    # The origin carries the port here (a real install listens on 443).
    env["DAHUI_CSRF_TRUSTED_ORIGINS"] = f"https://{ADDRESS}:{https_port}"
    config.static_dir.mkdir(parents=True, exist_ok=True)
    started: list[subprocess.Popen] = []
    logs = folder / "logs"
    logs.mkdir(exist_ok=True)

    def stop() -> None:
        for process in reversed(started):
            stop_server(process)

    def collect_static() -> None:
        subprocess.run([str(DAHUI), "manage", "collectstatic", "--noinput", "--verbosity", "0"],
                       env={**os.environ, **env}, check=True)

    def serve(name: str) -> str:
        port = free_port()
        started.append(start_server(port=port, env=env, log=logs / f"dahui-{name}.log"))
        return f"127.0.0.1:{port}"

    try:
        # The two servers start while the static files are collected.
        with ThreadPoolExecutor(max_workers=3) as pool:
            collected = pool.submit(collect_static)
            servers = [pool.submit(serve, name) for name in ("a", "b")]
            upstreams = [server.result() for server in servers]
            collected.result()
        storage = folder / "caddy"
        config_file = folder / "Caddyfile"
        config_file.write_text(caddyfile.render(
            addresses=config.addresses, upstreams=upstreams, static_dir=config.static_dir,
            ca_dir=config.ca_dir, tls="internal",
            listen=caddyfile.Listen(http_port=http_port, https_port=https_port, bind=ADDRESS,
                                    storage_dir=storage, admin="off", install_trust=False),
        ))
        with open(logs / "caddy.log", "ab") as log:
            caddy_process = subprocess.Popen(
                [caddy, "run", "--adapter", "caddyfile", "--config", str(config_file)],
                env={**os.environ, "HOME": str(folder), "XDG_DATA_HOME": str(folder / "xdg"),
                     "XDG_CONFIG_HOME": str(folder / "xdg")},
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        started.append(caddy_process)
        root = storage / "pki" / "authorities" / "local" / "root.crt"
        _wait_for(root, caddy_process)
        wait_until_listening(https_port, caddy_process)
        ca_page.write(pem=root.read_text(encoding="ascii"), addresses=config.addresses,
                      out_dir=config.ca_dir)
    except BaseException:
        stop()
        raise
    venue = Venue(base=f"https://{ADDRESS}:{https_port}",
                  http_base=f"http://{ADDRESS}:{http_port}", root_certificate=root, logs=logs)
    return venue, stop


def nss_home(folder: Path, root_certificate: Path) -> Path:
    """A HOME whose NSS database (what Chromium on Linux trusts besides its own roots)
    holds Caddy's root as a trusted CA."""
    database = folder / ".pki" / "nssdb"
    database.mkdir(parents=True, exist_ok=True)
    subprocess.run(["certutil", "-N", "-d", f"sql:{database}", "--empty-password"],
                   check=True, capture_output=True)
    subprocess.run(["certutil", "-A", "-d", f"sql:{database}", "-n", "dahui venue test CA",
                    "-t", "C,,", "-i", str(root_certificate)], check=True, capture_output=True)
    return folder


def credential_video(text: str, path: Path, *, width: int = 640, height: int = 480,
                     frames: int = 10) -> Path:
    """A .y4m clip of the credential's QR code for Chromium's fake camera."""
    import io

    import cv2
    import numpy as np
    import segno

    png = io.BytesIO()
    segno.make(text, error="m").save(png, kind="png", scale=8, border=4)
    code = cv2.imdecode(np.frombuffer(png.getvalue(), np.uint8), cv2.IMREAD_GRAYSCALE)
    side = min(height - 40, code.shape[0])
    code = cv2.resize(code, (side, side), interpolation=cv2.INTER_NEAREST)
    canvas = np.full((height, width), 255, np.uint8)
    top, left = (height - side) // 2, (width - side) // 2
    canvas[top:top + side, left:left + side] = code
    yuv = cv2.cvtColor(cv2.cvtColor(canvas, cv2.COLOR_GRAY2BGR), cv2.COLOR_BGR2YUV_I420)
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n")
            out.write(yuv.tobytes())
    return path
