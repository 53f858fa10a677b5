"""Text the commands print, made safe for any terminal encoding."""

from __future__ import annotations


def printable(text: str) -> str:
    """`text` with lone surrogates (which no UTF-8 stream can carry) written as \\udXXX.

    Input files may smuggle them in through JSON escapes; a message quoting such input must
    still print rather than stop the command with an encoding error.
    """
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
