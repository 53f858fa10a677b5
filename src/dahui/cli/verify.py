"""`dahui verify RECORD`: independently verify a verifiable election's record.

Exit status 0 when every check holds, 1 when verification fails (one line per finding, the
step and where), 2 when the record cannot be read at all (`file:line: field: message` on
stderr). Whatever the files hold, the command answers with one of these three and never
stops with a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dahui.cli.output import printable

UNREADABLE = 2
FAILED = 1


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "verify", help="verify an election record: every proof, the trackers, the result"
    )
    parser.add_argument("record", type=Path, help="record directory (or its record.json)")
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="report language (default zh)"
    )
    parser.add_argument(
        "--workers",
        type=_workers,
        default=None,
        help="processes for the ballots (default: all cores)",
    )
    parser.add_argument(
        "--engine",
        choices=("native", "python"),
        default=None,
        help="what checks the ballots' proofs: the compiled batch verifier or pure Python "
        "(same verdicts; default native when it is built)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dahui.crypto.batch import EngineUnavailable
    from dahui.crypto.report import render, translator
    from dahui.crypto.verifier import RecordUnreadable, verify_record

    try:
        verification = verify_record(args.record, workers=args.workers, engine=args.engine)
    except EngineUnavailable as error:
        print(printable(f"dahui verify --engine native: {error}"), file=sys.stderr)
        return UNREADABLE
    except RecordUnreadable as error:
        message = translator(args.lang)("The record cannot be read: {error}")
        prefix = f"{error.where}: {error.field}: " if error.field else f"{error.where}: "
        print(printable(prefix + message.format(error=error.message)), file=sys.stderr)
        return UNREADABLE
    print(printable(render(verification, record=str(args.record), lang=args.lang)))
    return 0 if verification.ok else FAILED
