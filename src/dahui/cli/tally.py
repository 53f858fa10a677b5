"""`dahui tally ELECTION.json BALLOTS.jsonl [--json]`: count a vote from the exchange files.

Reads the two files and hands their text to the rules engine (`dahui.rules`), which does
every check and all the counting. Exit status 0 for every outcome (no_quorum, void and
runoff included), 2 when an input cannot be read, with one line per problem on stderr
naming the file, the line and the field (`file:line: field: message`). Whatever the files
hold (deep nesting, numbers of thousands of digits, lone surrogates, bytes that are not
UTF-8), the command answers with 0 or 2 and never stops with a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from dahui.cli.output import printable
from dahui.rules import (
    ElectionResult,
    ExchangeError,
    MotionResult,
    RulesError,
    parse_election,
    result_to_json,
    tally_lines,
)

UNREADABLE = 2

STATUS_WORDS = {
    "elected": "全部选出",
    "runoff": "需另行投票",
    "no_quorum": "未达到法定人数，不能进行选举",
    "void": "收回票数多于发出票数，选举无效，应重新进行",
    "passed": "通过",
    "rejected": "未通过",
}
RUNOFF_REASONS = {"tie": "得票相等（再次投票）", "shortage": "当选人数不足（另行选举）"}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "tally", help="count an election or motion from ELECTION.json and BALLOTS.jsonl"
    )
    parser.add_argument("election", type=Path, metavar="ELECTION.json")
    parser.add_argument("ballots", type=Path, metavar="BALLOTS.jsonl")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run)


class _NotUtf8(ValueError):
    """A line of the ballots file that is not UTF-8: its number and the bad byte's offset."""

    def __init__(self, line: int, byte: int) -> None:
        self.line = line
        self.byte = byte
        super().__init__(f"line {line}, byte {byte}")


def _utf8_lines(handle: Iterable[bytes]) -> Iterator[str]:
    """The lines of a binary file as text, naming the first line that is not UTF-8."""
    for number, raw in enumerate(handle, start=1):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _NotUtf8(number, error.start) from None


def run(args: argparse.Namespace) -> int:
    try:
        raw = args.election.read_bytes()
    except OSError as error:
        return _refuse([f"{args.election}: cannot read: {_reason(error)}"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        start = raw.rfind(b"\n", 0, error.start) + 1
        return _refuse(
            [f"{args.election}:{line}: cannot read: not UTF-8 text (byte {error.start - start})"]
        )
    try:
        election = parse_election(text, source=str(args.election))
    except ExchangeError as error:
        return _refuse([str(problem) for problem in error.problems])
    except RulesError as error:  # a value the reader let through but the model refuses
        return _refuse([f"{args.election}:1: {error}"])
    try:
        with args.ballots.open("rb") as handle:
            result = tally_lines(election, _utf8_lines(handle), source=str(args.ballots))
    except ExchangeError as error:
        return _refuse([str(problem) for problem in error.problems])
    except _NotUtf8 as error:
        return _refuse(
            [f"{args.ballots}:{error.line}: cannot read: not UTF-8 text (byte {error.byte})"]
        )
    except OSError as error:
        return _refuse([f"{args.ballots}: cannot read: {_reason(error)}"])
    except RulesError as error:
        return _refuse([f"{args.ballots}:1: {error}"])
    if args.json:
        print(printable(json.dumps(result_to_json(result), ensure_ascii=False, indent=1)))
    else:
        print(printable(render(result)))
    return 0


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _refuse(messages: list[str]) -> int:
    for message in messages:
        print(printable(message), file=sys.stderr)
    return UNREADABLE


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(text: str, width: int, *, right: bool = False) -> str:
    padding = " " * max(width - _width(text), 0)
    return padding + text if right else text + padding


def _table(headings: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(_width(row[i]) for row in [headings, *rows]) for i in range(len(headings))]
    lines = []
    for row in [headings, *rows]:
        cells = [_cell(row[0], widths[0])]
        cells += [_cell(value, widths[i], right=True) for i, value in enumerate(row) if i]
        lines.append("  ".join(cells).rstrip())
    return lines


def render(result: ElectionResult | MotionResult) -> str:
    """The result as scrutineers read it out: counts table and summary, in Chinese."""
    lines = [result.title, ""]
    summary = [
        f"应到 {result.entitled}",
        f"发出 {result.issued}",
        f"收回 {result.returned}",
        f"有效 {result.valid}",
        f"无效 {result.invalid}",
    ]
    lines.append("  ".join(summary))
    if isinstance(result, MotionResult):
        lines.append(f"法定人数 {result.quorum_required}  通过票数 {result.threshold}")
        lines.append("")
        lines += _table(
            ["赞成", "反对", "弃权"], [[str(result.for_), str(result.against), str(result.abstain)]]
        )
        lines += ["", f"结果：{STATUS_WORDS[result.status]}"]
        return "\n".join(lines)
    lines.append(
        f"应选 {result.seats}  法定人数 {result.quorum_required}  当选票数 {result.threshold}"
    )
    lines.append("")
    if result.results:
        rows = [
            [
                line.name + ("（另选）" if line.write_in else ""),
                str(line.for_),
                "" if line.write_in else str(line.against),
                "" if line.write_in else str(line.abstain),
                "当选" if line.elected else "",
            ]
            for line in result.results
        ]
        lines += _table(["候选人", "赞成", "不赞成", "弃权", "当选"], rows)
        lines.append("")
    names = {line.id: line.name for line in result.results}
    lines.append(f"结果：{STATUS_WORDS[result.status]}")
    if result.elected:
        lines.append("当选（按姓氏笔画为序）：" + "、".join(names[i] for i in result.elected))
    if result.runoff is not None:
        runoff = result.runoff
        lines.append(
            f"{RUNOFF_REASONS[runoff.reason]}：{runoff.seats} 名，候选人 "
            + "、".join(names[i] for i in runoff.candidates)
        )
    return "\n".join(lines)
