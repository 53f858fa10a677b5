"""`dahui messages`: compile the interface translations (.po → .mo) without GNU gettext."""

from __future__ import annotations

import argparse
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("messages", help="compile the translation catalogues")
    parser.set_defaults(func=run)


def compile_messages(root: Path = PACKAGE_DIR) -> list[Path]:
    """Write a .mo beside every .po under `root` that is newer than its .mo; return them."""
    import polib

    written = []
    for po_path in sorted(root.glob("**/locale/*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


def run(args: argparse.Namespace) -> int:
    for path in compile_messages():
        print(f"compiled {path.relative_to(PACKAGE_DIR.parent.parent)}")
    return 0
