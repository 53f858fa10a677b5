"""`dahui manage …`: Django's management commands (migrate, createsuperuser, shell …)."""

from __future__ import annotations

import argparse


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("manage", help="run a Django management command", add_help=False)
    parser.set_defaults(func=lambda args: run_manage([]))


def run_manage(argv: list[str]) -> int:
    from dahui.cli.django_setup import setup_django

    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dahui manage", *argv])
    return 0
