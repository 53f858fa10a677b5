"""`dahui demo`: the embedded demo congress on SQLite, seeded on first run, then served."""

from __future__ import annotations

import argparse
import os

from dahui.cli.serve import add_server_arguments


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("demo", help="seed the demo congress (first run) and serve it")
    add_server_arguments(parser)
    parser.add_argument(
        "--no-serve", action="store_true", help="seed and print the logins, then exit"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dahui.cli.django_setup import setup_django

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        os.environ.setdefault("DAHUI_ALLOWED_HOSTS", "*")
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)

    from dahui.congress.demo import seed_demo

    base_url = f"http://{args.host}:{args.port}"
    summary = seed_demo(base_url=base_url)
    print(summary)
    if args.no_serve:
        return 0
    from dahui.cli.serve import serve

    print(f"Serving dahui at {base_url}/  (Ctrl+C stops)", flush=True)
    serve(host=args.host, port=args.port)
    return 0
