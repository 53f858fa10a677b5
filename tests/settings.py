"""Settings for the test suite: the real settings with test-only defaults around them."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DAHUI_SECRET_KEY", "test-only-key-not-a-secret")
os.environ.setdefault("DAHUI_DATA_DIR", str(Path(tempfile.gettempdir()) / "dahui-test-data"))

from dahui.settings import *  # noqa: F403

# Hashing passwords slowly protects real accounts; tests create many throwaway ones.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
