"""`dahui verify RECORD`: independently verify a verifiable election's record."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "verify", help="verify an election record: every proof, the trackers, the result"
    )
    parser.add_argument("record", type=Path, help="record directory (or its record.json)")
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="report language (default zh)"
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="processes for the ballots (default: all cores)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dahui.crypto.report import render, translator
    from dahui.crypto.verifier import RecordUnreadable, verify_record

    try:
        verification = verify_record(args.record, workers=args.workers)
    except RecordUnreadable as error:
        message = translator(args.lang)("The record cannot be read: {error}")
        print(message.format(error=error), file=sys.stderr)
        return 2
    print(render(verification, record=str(args.record), lang=args.lang))
    return 0 if verification.ok else 1
