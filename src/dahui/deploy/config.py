"""What one installation is: its addresses, how it gets certificates, where things live."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

# Names that never get a public certificate: a hall's LAN name or address.
LAN_SUFFIXES = (".lan", ".local", ".internal", ".home.arpa", ".localhost", ".test")


class InstallError(Exception):
    """A problem with the install's options or the machine, said plainly."""


def is_ip(address: str) -> bool:
    try:
        ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return False
    return True


def is_lan_name(address: str) -> bool:
    """An IP address, a name without a dot, or a reserved LAN suffix: Caddy's internal CA."""
    name = address.lower().rstrip(".")
    return is_ip(name) or "." not in name or name.endswith(LAN_SUFFIXES)


def check_address(address: str) -> str:
    address = address.strip().lower()
    if not address:
        raise InstallError("an empty --address")
    if is_ip(address):
        return address.strip("[]")
    allowed = set("abcdefghijklmnopqrstuvwxyz0123456789-.")
    if set(address) - allowed or address.startswith(("-", ".")) or ".." in address:
        raise InstallError(f"--address {address!r}: not a host name or an IP address")
    return address


def default_workers() -> int:
    """One uvicorn worker per core: each is one event loop."""
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class InstallConfig:
    addresses: tuple[str, ...]
    tls: str  # "internal" (Caddy's own CA) or "acme" (a public certificate)
    email: str = ""  # ACME account contact, optional
    workers: int = field(default_factory=default_workers)
    port: int = 8000  # uvicorn on loopback; only Caddy talks to it
    user: str = "dahui"
    database: str = "dahui"
    redis_url: str = "redis://127.0.0.1:6379/0"
    hsts_seconds: int = 31536000
    etc_dir: Path = Path("/etc/dahui")
    data_dir: Path = Path("/var/lib/dahui")  # database-free data: uploads, scans (0700)
    public_dir: Path = Path("/var/www/dahui")  # static files and the CA page, read by Caddy
    venv_dir: Path = Path("/opt/dahui/venv")
    caddy_data_dir: Path = Path("/var/lib/caddy/.local/share/caddy")  # Debian's caddy user

    def __post_init__(self) -> None:
        if not self.addresses:
            raise InstallError("give the server's address: --address dahui.lan (or an IP, "
                               "or the public domain name)")
        if self.tls not in ("internal", "acme"):
            raise InstallError(f"--tls {self.tls!r}: internal or acme")
        if self.tls == "acme":
            lan = [a for a in self.addresses if is_lan_name(a)]
            if lan:
                raise InstallError(
                    f"--tls acme needs public domain names; {', '.join(lan)} can only have a "
                    "certificate from the internal CA (--tls internal)")
        if self.workers < 1:
            raise InstallError("--workers must be at least 1")

    @property
    def origins(self) -> tuple[str, ...]:
        return tuple(f"https://[{a}]" if ":" in a else f"https://{a}" for a in self.addresses)

    @property
    def static_dir(self) -> Path:
        return self.public_dir / "static"

    @property
    def ca_dir(self) -> Path:
        return self.public_dir / "ca"

    @property
    def env_file(self) -> Path:
        return self.etc_dir / "dahui.env"

    @classmethod
    def env_file_default(cls) -> Path:
        return Path("/etc/dahui/dahui.env")

    @property
    def database_url(self) -> str:
        # The system user reaches its own role over the local socket (peer authentication):
        # no password to keep anywhere.
        return f"postgres://{self.user}@%2Fvar%2Frun%2Fpostgresql/{self.database}"

    @property
    def caddy_root_certificate(self) -> Path:
        return self.caddy_data_dir / "pki" / "authorities" / "local" / "root.crt"


def choose_tls(addresses: tuple[str, ...], requested: str) -> str:
    if requested != "auto":
        return requested
    return "internal" if any(is_lan_name(a) for a in addresses) else "acme"
