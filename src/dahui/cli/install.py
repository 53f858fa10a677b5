"""`dahui install` and `dahui uninstall`: one Debian 12 server for a real congress.

PostgreSQL and Redis from Debian's packages, a system user, the app under systemd with one
uvicorn worker per core, Caddy in front for TLS (a public certificate for a domain, or its
internal CA for a LAN name or address) and the static files; one settings file,
/etc/dahui/dahui.env. Running it again upgrades from the checkout it runs from and migrates.
`--root DIR` writes every file below DIR and runs nothing; `--dry-run` only lists the steps.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "install", help="install or upgrade a production server (Debian 12, as root)")
    parser.add_argument(
        "--address", action="append", default=[], metavar="NAME_OR_IP",
        help="the name or IP phones open (repeat for more); default: the previous install's")
    parser.add_argument(
        "--tls", choices=("auto", "internal", "acme"), default="auto",
        help="internal: Caddy's own CA (LAN names, IPs); acme: a public certificate for a "
             "domain; auto (default): internal if any address is a LAN name or IP")
    parser.add_argument("--email", default=None, help="contact for the ACME account")
    parser.add_argument("--workers", type=int, default=None,
                        help="uvicorn workers (default: one per core)")
    parser.add_argument("--port", type=int, default=8000, help="uvicorn's loopback port")
    _common(parser)
    parser.set_defaults(func=run_install)

    remove = subparsers.add_parser(
        "uninstall", help="stop and remove what `dahui install` set up (data kept)")
    remove.add_argument("--purge", action="store_true",
                        help="also delete the data, the database and the system user")
    _common(remove)
    remove.set_defaults(func=run_uninstall)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=None, metavar="DIR",
                        help="write every file below DIR and run nothing (units not started)")
    parser.add_argument("--dry-run", action="store_true", help="only list the steps")


def _say(text: str) -> None:
    print(text, flush=True)


def _check_privileges(args: argparse.Namespace) -> None:
    from dahui.deploy.config import InstallError

    if args.root is None and not args.dry_run and os.geteuid() != 0:
        raise InstallError("run as root (sudo), or try it out with --root DIR or --dry-run")


def build_config(args: argparse.Namespace):
    """The options, completed from the previous install's settings file."""
    from dahui.deploy import files, plan
    from dahui.deploy.config import InstallConfig, check_address, choose_tls, default_workers

    previous = files.read_env(plan.under(args.root, InstallConfig.env_file_default()))
    addresses = tuple(check_address(a) for a in args.address) or tuple(
        a for a in previous.get("DAHUI_ALLOWED_HOSTS", "").split(",") if a)
    tls = args.tls if args.tls != "auto" or args.address else previous.get(
        "DAHUI_INSTALL_TLS", "auto")
    workers = args.workers or int(previous.get("DAHUI_INSTALL_WORKERS") or default_workers())
    config = InstallConfig(
        addresses=addresses, tls=choose_tls(addresses, tls),
        email=args.email if args.email is not None else previous.get("DAHUI_INSTALL_EMAIL", ""),
        workers=workers, port=args.port)
    return config, previous.get("DAHUI_SECRET_KEY") or files.new_secret_key()


def run_install(args: argparse.Namespace) -> int:
    from dahui.deploy import plan
    from dahui.deploy.config import InstallError

    try:
        _check_privileges(args)
        config, secret_key = build_config(args)
        source = plan._source_dir() if args.root is None or args.dry_run else None
        uv = plan._uv() if source is not None and not args.dry_run else "uv"
        steps = plan.install_steps(config, secret_key=secret_key, source=source, uv=uv)
        where = f" below {args.root}" if args.root else ""
        _say(f"dahui install{where}: {', '.join(config.origins)} ({config.tls} TLS), "
             f"{config.workers} workers")
        plan.apply(steps, root=args.root, dry_run=args.dry_run, say=_say)
    except InstallError as error:
        print(f"dahui install: {error}", file=sys.stderr)
        return 2
    if not args.dry_run and args.root is None:
        _say(f"dahui runs at {config.origins[0]}/ — create the secretariat's first account "
             "with: sudo dahui-admin manage createsuperuser")
        _say(f"print the credentials from {config.origins[0]}/ : their QR codes hold the "
             "address the printing browser used")
        if config.tls == "internal":
            _say(f"phones install the hall's certificate from http://{config.addresses[0]}/ca/ "
                 "(print that page for the door)")
    return 0


def run_uninstall(args: argparse.Namespace) -> int:
    from dahui.deploy import plan
    from dahui.deploy.config import InstallConfig, InstallError

    try:
        _check_privileges(args)
        config = InstallConfig(addresses=("localhost",), tls="internal")
        _say("dahui uninstall" + (" --purge" if args.purge else " (data, database and "
                                  "settings kept; --purge deletes them)"))
        plan.apply(plan.uninstall_steps(config, purge=args.purge), root=args.root,
                   dry_run=args.dry_run, say=_say)
    except InstallError as error:
        print(f"dahui uninstall: {error}", file=sys.stderr)
        return 2
    return 0
