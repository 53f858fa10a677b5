"""`dahui ballots ELECTION.json --count N -o BALLOTS.pdf`: print a poll's paper ballots.

The same sheet the web app prints for a paper poll (`dahui.documents.ballot_papers`):
candidates in surname stroke order, the mark columns, the instructions, the corner marks
and the page code naming the election and the layout, identical on every ballot. Exit 2
with one `file: message` line per problem when ELECTION.json cannot be read or printed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dahui.rules import Election, ExchangeError, Motion, parse_election

UNREADABLE = 2


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ballots", help="print N paper ballots of the election or motion in ELECTION.json"
    )
    parser.add_argument("election", type=Path, metavar="ELECTION.json")
    parser.add_argument("--count", "-n", type=int, required=True, metavar="N",
                        help="how many ballots (1-5000)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="BALLOTS.pdf")
    parser.add_argument("--congress", default="", metavar="NAME",
                        help="the congress's name, printed above the title")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dahui.documents.ballot_papers import MAX_BALLOTS, ballot_papers_pdf

    election, problems = read_election(args.election)
    if election is None:
        return _refuse(problems)
    if not 1 <= args.count <= MAX_BALLOTS:
        return _refuse([f"--count: give 1 to {MAX_BALLOTS} ballots, not {args.count}"])
    try:
        pdf = ballot_papers_pdf(congress_name=args.congress, election=election, count=args.count)
    except ValueError as error:
        return _refuse([f"{args.election}: {error}"])
    try:
        args.output.write_bytes(pdf)
    except OSError as error:
        return _refuse([f"{args.output}: cannot write: {error.strerror or error}"])
    return 0


def read_election(path: Path) -> tuple[Election | Motion | None, list[str]]:
    """ELECTION.json read by the rules core, or None and one message per problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [f"{path}: cannot read: not UTF-8 text (byte {error.start})"]
    except OSError as error:
        return None, [f"{path}: cannot read: {error.strerror or error}"]
    try:
        return parse_election(text, source=str(path)), []
    except ExchangeError as error:
        return None, [str(problem) for problem in error.problems]


def _refuse(messages: list[str]) -> int:
    for message in messages:
        print(message, file=sys.stderr)
    return UNREADABLE
