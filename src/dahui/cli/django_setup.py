"""Start Django for the commands that need it, with the embedded demo's defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def ensure_secret_key() -> None:
    """Give a local install a stable secret key kept in its data folder, never in the repo."""
    if os.environ.get("DAHUI_SECRET_KEY"):
        return
    data_dir = Path(os.environ.get("DAHUI_DATA_DIR", "./var")).expanduser()
    data_dir.mkdir(parents=True, exist_ok=True)
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    os.environ["DAHUI_SECRET_KEY"] = key_file.read_text().strip()


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dahui.settings")
    ensure_secret_key()
    import django

    django.setup()
