"""The `dahui` command. Each sub-command lives in its own module of this package.

A module listed in COMMANDS provides `add_parser(subparsers)`, which registers its parser and
sets `func` (called with the parsed arguments, returning the exit status). Modules are
imported only to build the parser, so a command that needs no Django never loads it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMANDS = ("demo", "serve", "manage", "messages", "audit", "tally", "verify", "ballots", "scan",
            "install", "backup")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dahui", description="dahui (大会): trade-union congress and elections"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"dahui.cli.{name}").add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # `manage` passes everything after it to Django untouched.
    if args_list[:1] == ["manage"]:
        from dahui.cli.manage import run_manage

        return run_manage(args_list[1:])
    parser = build_parser()
    args = parser.parse_args(args_list)
    return int(args.func(args) or 0)
