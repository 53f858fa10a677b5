"""A person's name as typed by someone (roster, candidate list) → the name stored.

The rules core decides what a person's name is (`check_person_name`: NFKC, no white space,
format or control characters, at most PERSON_NAME_MAX characters); this applies it where a
name enters the system and says why a text is refused in the reader's language.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from dahui.rules.errors import InvalidPersonName
from dahui.rules.names import check_person_name


class BadPersonName(ValueError):
    """The text cannot be a person's name; the message says why, in the reader's language."""


def clean_person_name(text: str) -> str:
    try:
        return check_person_name(text or "")
    except InvalidPersonName as error:
        if error.reason == InvalidPersonName.TOO_LONG:
            message = _("a name is at most %(limit)d characters.") % {"limit": error.limit}
        elif error.reason == InvalidPersonName.EMPTY:
            message = _("the name has no visible characters.")
        else:
            message = _("the name holds invisible characters; type it again.")
        raise BadPersonName(message) from None
