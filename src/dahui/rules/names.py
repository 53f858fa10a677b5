"""How written names are compared (rule 4): Unicode NFKC, then every white space removed."""

from __future__ import annotations

import unicodedata


def normalise_name(name: str) -> str:
    """The form in which two written names are the same person: "王 敏" and "王敏" match."""
    return "".join(unicodedata.normalize("NFKC", name).split())


WRITE_IN_PREFIX = "write-in:"


def write_in_id(name: str) -> str:
    """The id a write-in carries in results: "write-in:" + the normalised name."""
    return WRITE_IN_PREFIX + normalise_name(name)
