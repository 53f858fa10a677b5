"""`dahui audit export|verify`: the hash-chained audit log out of the database, and checked.

`verify FILE` needs no database: it checks an exported log on its own, so an observer can
run it on a copy. `verify --congress N` checks the stored log against its head row.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("audit", help="export or verify the audit log")
    actions = parser.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="write a congress's log as JSON lines")
    export.add_argument("--congress", type=int, required=True, help="congress id")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    export.set_defaults(func=run_export)
    verify = actions.add_parser("verify", help="check an exported log, or the stored one")
    verify.add_argument("file", nargs="?", type=Path, help="an exported .jsonl log")
    verify.add_argument("--congress", type=int, help="check the stored log of this congress")
    verify.set_defaults(func=run_verify)


def run_export(args: argparse.Namespace) -> int:
    from dahui.cli.django_setup import setup_django

    setup_django()
    from dahui.audit.services import export_jsonl

    lines = export_jsonl(congress_id=args.congress)
    if args.output:
        with args.output.open("w", encoding="utf-8") as out:
            for line in lines:
                out.write(line + "\n")
    else:
        for line in lines:
            print(line)
    return 0


def _read_export(path: Path) -> tuple[list[dict], dict | None, list[str]]:
    entries: list[dict] = []
    head: dict | None = None
    errors: list[str] = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], None, [f"{path}: cannot read: {exc}"]
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            errors.append(f"{path}:{number}: not JSON ({exc.msg})")
            continue
        if not isinstance(value, dict):
            errors.append(f"{path}:{number}: expected a JSON object")
        elif "head" in value and len(value) == 1:
            head = value["head"]
        else:
            entries.append(value)
    return entries, head, errors


def run_verify(args: argparse.Namespace) -> int:
    from dahui.audit.chain import verify_chain

    if args.file is None and args.congress is None:
        print("dahui audit verify: give an exported FILE or --congress N", file=sys.stderr)
        return 2
    if args.file is not None:
        entries, head, errors = _read_export(args.file)
        if errors:
            for error in errors:
                print(error, file=sys.stderr)
            return 2
        if head is None:
            print(
                f"{args.file}: no head line; entries cut off the end cannot be detected",
                file=sys.stderr,
            )
        problems = verify_chain(entries, head=head)
        label = str(args.file)
    else:
        from dahui.cli.django_setup import setup_django

        setup_django()
        from dahui.audit.services import verify_stored

        problems = verify_stored(congress_id=args.congress)
        entries = []
        label = f"congress {args.congress} (database)"
    if problems:
        for problem in problems:
            print(f"{label}: {problem}", file=sys.stderr)
        print(f"审计日志校验失败 / audit log FAILED: {len(problems)} problem(s)")
        return 1
    count = f"{len(entries)} entries, " if entries else ""
    print(f"审计日志完好 / audit log intact: {label}, {count}hash chain unbroken")
    return 0
