"""The page code printed as a QR code on every ballot: which election, which layout.

It names the election by a digest of its ELECTION.json content and the layout version, and
nothing else: every ballot of an election carries the same code, so no ballot can be told
from another (no serial, no date, no printing run).

The digest covers what the ballot shows and how it is counted: the kind, the title, the
seats, the candidates (ids and names) and the rules, as the rules core writes them out (so
a file that leaves a rule to its default and one that spells the default out agree). It
leaves out `entitled` and `issued`: they are known only when the poll opens, after the
ballots are printed, and do not change the sheet.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from dahui.rules import Election, Motion, election_to_json

PREFIX = "DAHUI"
DIGEST_LENGTH = 20  # hexadecimal digits: 80 bits
_CODE = re.compile(rf"^DAHUI:(\d{{1,4}}):([0-9A-F]{{{DIGEST_LENGTH}}})$")


def election_digest(election: Election | Motion) -> str:
    content = election_to_json(election)
    content.pop("entitled", None)
    content.pop("issued", None)
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:DIGEST_LENGTH].upper()


@dataclass(frozen=True)
class PageCode:
    layout_version: int
    digest: str

    @property
    def text(self) -> str:
        # Upper-case letters, digits and ':' keep the QR code in alphanumeric mode (small).
        return f"{PREFIX}:{self.layout_version}:{self.digest}"


def page_code(election: Election | Motion, *, layout_version: int) -> PageCode:
    return PageCode(layout_version=layout_version, digest=election_digest(election))


def parse_page_code(text: str) -> PageCode | None:
    """The code read from a page, or None when the text is not a dahui ballot's code."""
    match = _CODE.match(text.strip())
    if match is None:
        return None
    return PageCode(layout_version=int(match.group(1)), digest=match.group(2))
