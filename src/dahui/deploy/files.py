"""The settings (environment) file, the systemd unit and the admin wrapper."""

from __future__ import annotations

import secrets
from pathlib import Path

from dahui.deploy.config import InstallConfig

UNIT_NAME = "dahui.service"


def parse_env(text: str) -> dict[str, str]:
    """KEY=value lines (the file systemd's EnvironmentFile= and `set -a; .` both read)."""
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        values[key.strip()] = value.strip()
    return values


def new_secret_key() -> str:
    return secrets.token_urlsafe(50)  # [A-Za-z0-9_-]: safe unquoted in both readers


def settings_values(config: InstallConfig, *, secret_key: str) -> dict[str, str]:
    """Every setting of the installation (see dahui/settings.py for what each one does)."""
    return {
        "DAHUI_SECRET_KEY": secret_key,
        "DAHUI_DEBUG": "0",
        "DAHUI_DATA_DIR": str(config.data_dir),
        "DAHUI_STATIC_ROOT": str(config.static_dir),
        "DATABASE_URL": config.database_url,
        "REDIS_URL": config.redis_url,
        "DAHUI_ALLOWED_HOSTS": ",".join(config.addresses),
        "DAHUI_CSRF_TRUSTED_ORIGINS": ",".join(config.origins),
        # Caddy terminates TLS on this machine and says so in X-Forwarded-Proto, which
        # uvicorn takes from loopback: secure cookies and HSTS, and Caddy redirects HTTP.
        "DAHUI_HTTPS": "1",
        "DAHUI_HSTS_SECONDS": str(config.hsts_seconds),
        "DAHUI_SSL_REDIRECT": "0",
        # Read by `dahui install` only: a later run without options keeps these.
        "DAHUI_INSTALL_TLS": config.tls,
        "DAHUI_INSTALL_EMAIL": config.email,
        "DAHUI_INSTALL_WORKERS": str(config.workers),
    }


def render_env(config: InstallConfig, *, secret_key: str) -> str:
    lines = [
        "# dahui's settings: written by `dahui install`, read by dahui.service and dahui-admin.",
        "# Run `dahui install` again to change them (it keeps the secret key); a hand edit",
        "# takes effect after `systemctl restart dahui`.",
    ]
    lines += [f"{key}={value}" for key, value in settings_values(
        config, secret_key=secret_key).items()]
    return "\n".join(lines) + "\n"


def render_unit(config: InstallConfig) -> str:
    dahui = config.venv_dir / "bin" / "dahui"
    return f"""\
# Written by `dahui install`: running it again rewrites this file.
[Unit]
Description=dahui congress server ({config.workers} uvicorn workers behind Caddy)
After=network-online.target postgresql.service redis-server.service
Wants=network-online.target postgresql.service redis-server.service

[Service]
Type=exec
User={config.user}
Group={config.user}
EnvironmentFile={config.env_file}
ExecStart={dahui} serve --host 127.0.0.1 --port {config.port} --workers {config.workers}
Restart=always
RestartSec=2
LimitNOFILE=65536
UMask=0077
NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=strict
ProtectHome=yes
ReadWritePaths={config.data_dir}

[Install]
WantedBy=multi-user.target
"""


def render_admin(config: InstallConfig) -> str:
    """`dahui-admin manage createsuperuser`: any dahui command as the service user with the
    installation's settings."""
    return f"""\
#!/bin/sh
# Written by `dahui install`: runs `dahui ARGS` as {config.user} with {config.env_file}.
set -eu
exec runuser -u {config.user} -- sh -c 'set -a; . "$0"; set +a; exec "$@"' \\
  {config.env_file} {config.venv_dir / "bin" / "dahui"} "$@"
"""


def read_env(path: Path) -> dict[str, str]:
    try:
        return parse_env(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
