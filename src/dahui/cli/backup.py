"""`dahui backup` and `dahui restore`: the whole install (database, uploaded and scanned
files, audit heads) in one file, optionally encrypted with a passphrase. See
dahui.ops.backup for the file's format and the open-poll rule."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser(
        "backup", help="write the database, files and audit heads into one file")
    backup.add_argument("-o", "--output", type=Path,
                        help="file to write (default: dahui-backup-<UTC time>.tar[.enc])")
    _passphrase_options(backup)
    backup.set_defaults(func=run_backup)
    restore = subparsers.add_parser("restore", help="restore a backup into an empty database")
    restore.add_argument("file", type=Path, help="a file written by `dahui backup`")
    _passphrase_options(restore)
    restore.add_argument("--force", action="store_true",
                         help="restore even over a database that holds data (it is replaced)")
    restore.set_defaults(func=run_restore)


def _passphrase_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--passphrase-file", type=Path, metavar="F",
                       help="read the passphrase from the first line of this file")
    group.add_argument("--passphrase-env", metavar="VAR",
                       help="read the passphrase from this environment variable")


def _passphrase(args: argparse.Namespace) -> bytes | None:
    if args.passphrase_file:
        try:
            text = args.passphrase_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise SystemExit(f"无法读取口令文件 / cannot read the passphrase file: {exc}") from None
        value = text[0] if text else ""
    elif args.passphrase_env:
        value = os.environ.get(args.passphrase_env, "")
        if not value:
            raise SystemExit(f"环境变量 {args.passphrase_env} 为空或不存在 / "
                             f"{args.passphrase_env} is empty or not set")
    else:
        return None
    if not value:
        raise SystemExit("口令为空 / the passphrase is empty")
    return value.encode("utf-8")


def run_backup(args: argparse.Namespace) -> int:
    from dahui.cli.django_setup import setup_django

    passphrase = _passphrase(args)
    setup_django()
    from dahui.ops.backup import BackupError, create_backup

    output = args.output or Path(
        "dahui-backup-" + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        + (".tar.enc" if passphrase else ".tar"))
    try:
        manifest = create_backup(output, passphrase=passphrase)
    except BackupError as exc:
        print(f"dahui backup: {exc}", file=sys.stderr)
        return 2
    print(f"{output}: {manifest['database_engine']}, {len(manifest['sha256']) - 1} files, "
          f"{len(manifest['audit_heads'])} audit chains"
          + (", encrypted" if passphrase else ", NOT encrypted"))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from dahui.cli.django_setup import setup_django

    passphrase = _passphrase(args)
    setup_django()
    from dahui import __version__
    from dahui.ops.backup import BackupError, restore_backup

    if not args.file.is_file():
        print(f"dahui restore: 找不到文件 / no such file: {args.file}", file=sys.stderr)
        return 2
    try:
        report = restore_backup(args.file, passphrase=passphrase, force=args.force)
    except BackupError as exc:
        print(f"dahui restore: {exc}", file=sys.stderr)
        return 2
    print(f"restored {report.engine}: {report.files} files, {report.congresses} audit chains "
          "checked against the backup's heads")
    if report.dahui_version != __version__:
        print(f"the backup was made by dahui {report.dahui_version}, this is {__version__}: "
              "run `dahui manage migrate` next")
    return 0
