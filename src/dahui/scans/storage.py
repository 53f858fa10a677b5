"""Where a poll's scans are kept: under the data folder (never in the repository, never
served as media), one folder per poll and run. Paths stored in the database are relative
to the scans folder, so the data folder can move."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings


def scans_root() -> Path:
    root = Path(getattr(settings, "DAHUI_SCANS_DIR", "") or Path(settings.DATA_DIR) / "scans")
    root.mkdir(parents=True, exist_ok=True)
    return root


def run_folder(poll_id: int, run_number: int) -> str:
    return f"poll-{poll_id}/run-{run_number}"


def absolute(relative: str) -> Path:
    path = (scans_root() / relative).resolve()
    if scans_root().resolve() not in path.parents:
        raise ValueError("a scan path outside the scans folder")
    return path


def write(relative: str, data: bytes) -> str:
    path = absolute(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return relative


def move_in(source: Path, relative: str) -> str:
    path = absolute(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(source), path)
    return relative


def staging() -> Path:
    """A fresh folder for files being checked before they are kept."""
    import tempfile

    folder = scans_root() / "incoming"
    folder.mkdir(exist_ok=True)
    return Path(tempfile.mkdtemp(dir=folder))


def remove(relative: str) -> None:
    absolute(relative).unlink(missing_ok=True)
