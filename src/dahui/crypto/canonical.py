"""Canonical JSON bytes: the one serialisation that hashes (trackers, the election digest) use.

Sorted keys, no white space, UTF-8 without escaping non-ASCII: the same bytes as JavaScript's
JSON.stringify over an object whose keys were inserted in sorted order, which is what the
browser module does. Only strings, integers, booleans, null, lists and objects may appear.
"""

from __future__ import annotations

import json
from typing import Any


def canonical_json(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")
