"""A person's name as typed by someone (roster, candidate list, write-in) → the name stored.

The rules core decides when two written names are the same person (`normalise_name`); this
applies it where a name enters the system and refuses what cannot be a name: nothing left
once normalised (a name of only spaces or invisible characters), or more than
`MAX_PERSON_NAME` characters.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

from dahui.rules.names import normalise_name

MAX_PERSON_NAME = 30


class BadPersonName(ValueError):
    """The text cannot be a person's name; the message says why, in the reader's language."""


def clean_person_name(text: str) -> str:
    name = normalise_name(text or "")
    if not name:
        raise BadPersonName(_("the name has no visible characters."))
    # Where the normal form keeps an invisible character, the name is refused rather than
    # stored with it: it would make one person look like two.
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in name):
        raise BadPersonName(_("the name holds invisible characters; type it again."))
    if len(name) > MAX_PERSON_NAME:
        raise BadPersonName(
            _("a name is at most %(limit)d characters.") % {"limit": MAX_PERSON_NAME}
        )
    return name
