"""The Caddyfile: TLS, static files from the collected static root, the rest (WebSockets
included: Caddy passes an Upgrade through by itself) to the uvicorn workers on loopback.

With Caddy's internal CA the phones must install its root certificate before HTTPS works
without a warning, so the CA page is also served over plain HTTP; every other plain-HTTP
request is redirected to HTTPS.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

STATIC_MAX_AGE = 300  # static names are not hashed: an upgrade's files reach phones soon


@dataclass(frozen=True)
class Listen:
    """Where Caddy listens and keeps its state, when not the system's defaults (the tests
    run it on loopback high ports with its data in a temporary folder)."""

    http_port: int | None = None
    https_port: int | None = None
    bind: str | None = None
    storage_dir: Path | None = None
    admin: str | None = None  # "off", or host:port of the admin endpoint
    # Put the internal root in the server's own trust store: the server never needs it
    # (the phones do, from the CA page), and Caddy running as its own user could not.
    install_trust: bool = False


def _site(address: str, scheme: str) -> str:
    host = f"[{address}]" if ":" in address else address
    return f"{scheme}://{host}"


def render(*, addresses: Sequence[str], upstreams: Sequence[str], static_dir: Path,
           ca_dir: Path, tls: str, email: str = "", listen: Listen = Listen()) -> str:
    """The whole Caddyfile for one dahui installation."""
    globals_ = []
    if email and tls == "acme":
        globals_.append(f"email {email}")
    if listen.admin:
        globals_.append(f"admin {listen.admin}")
    if listen.http_port:
        globals_.append(f"http_port {listen.http_port}")
    if listen.https_port:
        globals_.append(f"https_port {listen.https_port}")
    if listen.storage_dir:
        globals_.append(f"storage file_system {{\n\t\troot {listen.storage_dir}\n\t}}")
    if tls == "internal" and not listen.install_trust:
        globals_.append("skip_install_trust")
    lines = ["# Written by `dahui install`: running it again rewrites this file.", ""]
    if globals_:
        lines += ["{", *[f"\t{g}" for g in globals_], "}", ""]
    https_sites = ", ".join(_site(a, "https") for a in addresses)
    lines += [f"{https_sites} {{"]
    if listen.bind:
        lines.append(f"\tbind {listen.bind}")
    if tls == "internal":
        lines.append("\ttls internal")
    lines += [
        "\tencode zstd gzip",
        "",
        "\t# Collected static files (`dahui manage collectstatic`), straight from disk.",
        "\thandle_path /static/* {",
        f"\t\troot * {static_dir}",
        f'\t\theader Cache-Control "public, max-age={STATIC_MAX_AGE}"',
        "\t\tfile_server",
        "\t}",
    ]
    if tls == "internal":
        lines += _ca_handler(ca_dir)
    lines += [
        "",
        "\t# The application: pages, casts and the live WebSockets.",
        "\thandle {",
        f"\t\treverse_proxy {' '.join(upstreams)} {{",
        "\t\t\tlb_policy round_robin",
        "\t\t\tlb_try_duration 5s",  # a worker restarting: the request goes to another
        "\t\t}",
        "\t}",
        "}",
    ]
    if tls == "internal":
        http_sites = ", ".join(_site(a, "http") for a in addresses)
        lines += [
            "",
            "# Plain HTTP: only the CA page (a phone without the root yet), the rest redirected.",
            f"{http_sites} {{",
        ]
        if listen.bind:
            lines.append(f"\tbind {listen.bind}")
        lines += [*_ca_handler(ca_dir), "\thandle {", "\t\tredir https://{host}{uri} 308",
                  "\t}", "}"]
    return "\n".join(lines) + "\n"


def _ca_handler(ca_dir: Path) -> list[str]:
    return [
        "",
        "\t# The internal CA's root certificate and how to install it (dahui install writes it).",
        "\tredir /ca /ca/ 308",
        "\thandle_path /ca/* {",
        f"\t\troot * {ca_dir}",
        '\t\t@certificate path *.crt',
        "\t\theader @certificate Content-Type application/x-x509-ca-cert",
        '\t\theader Cache-Control "no-cache"',
        "\t\tfile_server",
        "\t}",
    ]
