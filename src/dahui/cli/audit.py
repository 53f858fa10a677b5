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
    verify.add_argument(
        "--head", action="append", metavar="SEQ:HASH",
        help="a head published earlier (count report, election record, hall screen), or a "
        "file holding it; the log must still have this hash at this sequence number. "
        "May be given more than once.",
    )
    verify.set_defaults(func=run_verify)


def run_export(args: argparse.Namespace) -> int:
    from dahui.cli.django_setup import setup_django

    setup_django()
    from dahui.audit.services import export_jsonl

    _DATABASE_ERRORS = _database_errors()

    try:
        lines = list(export_jsonl(congress_id=args.congress))
    except _DATABASE_ERRORS as exc:
        return _database_unreadable(exc)
    if args.output:
        with args.output.open("w", encoding="utf-8") as out:
            for line in lines:
                out.write(line + "\n")
    else:
        for line in lines:
            print(line)
    return 0


def _database_errors() -> tuple[type[BaseException], ...]:
    from django.db import DatabaseError

    # OverflowError: SQLite cannot bind an id beyond 64 bits.
    return (DatabaseError, OverflowError)


def _database_unreadable(exc: BaseException) -> int:
    print(f"dahui audit: cannot read the database: {exc}", file=sys.stderr)
    return 2


def _read_export(path: Path) -> tuple[list[dict], dict | None, list[str]]:
    """Read an export; anything malformed is an error naming the file, line and field."""
    from dahui.audit.chain import canonical, field_problems, head_problems

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
        where = f"{path}:{number}"
        try:
            value = json.loads(raw)
            canonical(value)  # lone surrogates and the like cannot be hashed
        except (ValueError, RecursionError, UnicodeError) as exc:
            message = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)[:200]
            errors.append(f"{where}: not JSON ({message or type(exc).__name__})")
            continue
        if not isinstance(value, dict):
            errors.append(f"{where}: expected a JSON object, found {type(value).__name__}")
        elif "head" in value:
            if len(value) != 1:
                errors.append(f"{where}: the head line holds only \"head\"")
            elif head is not None:
                errors.append(f"{where}: a second head line")
            else:
                errors.extend(f"{where}: {problem}" for problem in head_problems(value["head"]))
                head = value["head"]
        else:
            errors.extend(f"{where}: {problem}" for problem in field_problems(value))
            entries.append(value)
    return entries, head, errors


def _published_heads(args: argparse.Namespace) -> tuple[list, list[str]]:
    """--head SEQ:HASH, or --head FILE with a published head ({"seq": …, "hash": …})."""
    from dahui.audit.chain import Head, head_problems

    heads, errors = [], []
    for given in args.head or []:
        try:
            heads.append(Head.parse(given))
            continue
        except ValueError as exc:
            problem = str(exc)
        path = Path(given)
        if ":" in given or not path.is_file():
            errors.append(f"--head {problem}")
            continue
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as exc:
            errors.append(f"--head {path}: cannot read a head from it ({str(exc)[:200]})")
            continue
        if isinstance(value, dict) and isinstance(value.get("audit_head"), dict):
            value = value["audit_head"]
        found = head_problems(value)
        if found:
            errors.extend(f"--head {path}: {p}" for p in found)
        else:
            heads.append(Head(value["seq"], value["hash"]))
    return heads, errors


def run_verify(args: argparse.Namespace) -> int:
    from dahui.audit.chain import verify_chain

    if args.file is None and args.congress is None:
        print("dahui audit verify: give an exported FILE or --congress N", file=sys.stderr)
        return 2
    published, head_errors = _published_heads(args)
    if head_errors:
        for error in head_errors:
            print(error, file=sys.stderr)
        return 2
    if args.file is not None:
        entries, head, errors = _read_export(args.file)
        if errors:
            for error in errors[:50]:
                print(error, file=sys.stderr)
            if len(errors) > 50:
                print(f"… and {len(errors) - 50} more", file=sys.stderr)
            return 2
        if head is None:
            print(
                f"{args.file}: no head line; entries cut off the end cannot be detected",
                file=sys.stderr,
            )
        problems = verify_chain(entries, head=head, published=published)
        label = str(args.file)
    else:
        from dahui.cli.django_setup import setup_django

        setup_django()
        from dahui.audit import services

        try:
            if not services.log_is_stored(congress_id=args.congress):
                print(f"congress {args.congress}: no audit log stored (no entry, no head); "
                      f"nothing to verify", file=sys.stderr)
                return 2
            problems = services.verify_stored(congress_id=args.congress, published=published)
        except _database_errors() as exc:
            return _database_unreadable(exc)
        entries = []
        label = f"congress {args.congress} (database)"
    if problems:
        for problem in problems:
            print(f"{label}: {problem}", file=sys.stderr)
        print(f"审计日志校验失败 / audit log FAILED: {len(problems)} problem(s)")
        return 1
    count = f"{len(entries)} entries, " if entries else ""
    against = (
        f", matches the published head(s) {', '.join(str(h.seq) for h in published)}"
        if published else ""
    )
    print(f"审计日志完好 / audit log intact: {label}, {count}hash chain unbroken{against}")
    return 0
