"""Person names (rule 4): the one form in which names are compared, stored and shown.

`normalize_name` is what every part of dahui calls before comparing two written names,
storing a name or showing a write-in; `check_person_name` refuses a text that cannot be a
person's name. What is removed, and why:

- Unicode NFKC first, so full-width letters, compatibility ideographs and the like become
  their ordinary form ("Ｗａｎｇ" → "Wang").
- Every white space character (str.isspace: spaces, U+3000, tabs, line breaks): "王 敏" and
  "王敏" are one person.
- Every format or control character (Unicode categories Cf and Cc): zero-width spaces and
  joiners, bidi marks and isolates, soft hyphens, byte order marks, tag characters. They are
  invisible on paper, so they cannot make two people out of one.
- Variation selectors (U+FE00–U+FE0F and U+E0100–U+E01EF). They are category Mn, not Cf,
  yet a variation selector after a CJK character only picks a glyph of the same character:
  "葛" and "葛" + U+E0100 are the same surname, so the selector goes too.
- Every other Default_Ignorable_Code_Point of Unicode (DerivedCoreProperties.txt), whatever
  its category: the combining grapheme joiner, the Hangul fillers (category Lo, drawn as
  nothing), Mongolian free variation selectors, Khmer inherent vowels and the code points
  reserved as ignorable. A renderer shows none of them, so they cannot make another person,
  and a name made only of them is empty.

NFKC can itself produce a space (U+00A8 "¨" becomes " ̈") and a removal can join what NFKC
would compose, so both steps are repeated until the text no longer changes: the result is a
fixed point, and normalising it again gives it back unchanged.

Lone surrogates (category Cs) are not text at all; `check_person_name` refuses them, and the
exchange reader refuses them before any name is compared.
"""

from __future__ import annotations

import unicodedata

from dahui.rules.errors import InvalidPersonName

PERSON_NAME_MAX = 30
"""The most characters (after `normalize_name`) a person's name may have.

A longer text is not a person's name: `check_person_name` refuses it, and a write-in that
long on a returned ballot is void (rule 4), though it still counts as written towards an
over-vote (rule 5).
"""

WRITE_IN_PREFIX = "write-in:"

_REMOVED_CATEGORIES = frozenset(("Cf", "Cc"))

# Default_Ignorable_Code_Point ranges (Unicode DerivedCoreProperties.txt) that are not
# already Cf: the standard library has no accessor for the property. Stable by Unicode
# policy: code points are added to the property only in these reserved ranges.
_DEFAULT_IGNORABLE = (
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x115F, 0x1160),  # Hangul choseong / jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x180B, 0x180F),  # Mongolian free variation selectors and vowel separator
    (0x2060, 0x206F),  # word joiner … nominal digit shapes, U+2065 reserved
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFFA0, 0xFFA0),  # half-width Hangul filler
    (0xFFF0, 0xFFF8),  # reserved
    (0xE0000, 0xE0FFF),  # tags, variation selectors supplement, reserved
)


def _removed(char: str) -> bool:
    code = ord(char)
    return (
        char.isspace()
        or unicodedata.category(char) in _REMOVED_CATEGORIES
        or any(low <= code <= high for low, high in _DEFAULT_IGNORABLE)
    )


def normalize_name(text: str) -> str:
    """The form in which two written names are the same person: "王 敏" and "王\u200b敏" match.

    NFKC, then every white space, format (Cf) or control (Cc) character and every variation
    selector removed, repeated until nothing changes. The result may be empty: such a name is
    void where it is written and refused where it is entered (`check_person_name`).
    """
    current = text
    while True:
        composed = unicodedata.normalize("NFKC", current)
        stripped = "".join(char for char in composed if not _removed(char))
        if stripped == current:
            return stripped
        current = stripped


def normalise_name(name: str) -> str:
    """The same as `normalize_name` (the older spelling, kept for existing callers)."""
    return normalize_name(name)


def has_lone_surrogate(text: str) -> bool:
    """Whether `text` holds a surrogate code point, which no UTF-8 text can carry."""
    return any("\ud800" <= char <= "\udfff" for char in text)


def name_problem(text: object) -> str | None:
    """Why `text` cannot be a person's name (in English, for logs), or None when it can."""
    if not isinstance(text, str):
        return "not text"
    if has_lone_surrogate(text):
        return "holds a lone surrogate, which is not text"
    name = normalize_name(text)
    if not name:
        return "empty once spaces and invisible characters are removed"
    if len(name) > PERSON_NAME_MAX:
        return f"{len(name)} characters, more than the {PERSON_NAME_MAX} a name may have"
    return None


def check_person_name(text: object) -> str:
    """The normalised name, or `InvalidPersonName` saying why `text` is no person's name.

    Refused: anything but text, a lone surrogate, a name empty after `normalize_name`, and
    one longer than PERSON_NAME_MAX characters after it. The exception's `reason` is one of
    InvalidPersonName.EMPTY, TOO_LONG, NOT_TEXT, and `chinese()` renders it for a form.
    """
    if not isinstance(text, str) or has_lone_surrogate(text):
        raise InvalidPersonName(text=text, reason=InvalidPersonName.NOT_TEXT)
    name = normalize_name(text)
    if not name:
        raise InvalidPersonName(text=text, reason=InvalidPersonName.EMPTY)
    if len(name) > PERSON_NAME_MAX:
        raise InvalidPersonName(text=text, reason=InvalidPersonName.TOO_LONG, length=len(name))
    return name


def is_void_write_in_name(text: str) -> bool:
    """Whether a written name is void by its form alone: empty after normalising or too long."""
    name = normalize_name(text)
    return not name or len(name) > PERSON_NAME_MAX


def write_in_id(name: str) -> str:
    """The id a write-in carries in results: "write-in:" + the normalised name."""
    return WRITE_IN_PREFIX + normalize_name(name)
