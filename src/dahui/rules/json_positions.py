"""Where each value of a JSON document starts, so a problem can name its line.

Python's json module reports positions only for syntax errors; a field that parses but is
wrong (a negative `seats`) still needs its line. This walks text that json.loads has
already accepted and records the line of every value by its path.
"""

from __future__ import annotations

import json

Path = tuple[str | int, ...]

_WHITESPACE = " \t\n\r"
_NUMBER_CHARS = frozenset("0123456789+-.eE")


def value_lines(text: str) -> dict[Path, int]:
    """Path of every value (object keys and list indexes) → the 1-based line it starts on."""
    lines: dict[Path, int] = {}
    _Walker(text, lines).value(())
    return lines


class _Walker:
    def __init__(self, text: str, lines: dict[Path, int]) -> None:
        self.text = text
        self.at = 0
        self.line = 1
        self.lines = lines

    def skip_space(self) -> None:
        text = self.text
        while self.at < len(text) and text[self.at] in _WHITESPACE:
            if text[self.at] == "\n":
                self.line += 1
            self.at += 1

    def value(self, path: Path) -> None:
        self.skip_space()
        self.lines[path] = self.line
        char = self.text[self.at]
        if char == "{":
            self.object(path)
        elif char == "[":
            self.array(path)
        elif char == '"':
            self.string()
        else:
            while self.at < len(self.text) and (
                self.text[self.at] in _NUMBER_CHARS or self.text[self.at].isalpha()
            ):
                self.at += 1

    def string(self) -> str:
        # Valid JSON strings hold no raw newlines, so the line does not move inside one.
        start = self.at + 1
        self.at = start
        while self.text[self.at] != '"':
            self.at += 2 if self.text[self.at] == "\\" else 1
        raw = self.text[start : self.at]
        self.at += 1
        if "\\" in raw:
            return json.loads(f'"{raw}"')
        return raw

    def object(self, path: Path) -> None:
        self.at += 1
        self.skip_space()
        if self.text[self.at] == "}":
            self.at += 1
            return
        while True:
            self.skip_space()
            key = self.string()
            self.skip_space()
            self.at += 1  # the colon
            self.value((*path, key))
            self.skip_space()
            closing = self.text[self.at]
            self.at += 1
            if closing == "}":
                return

    def array(self, path: Path) -> None:
        self.at += 1
        self.skip_space()
        if self.text[self.at] == "]":
            self.at += 1
            return
        index = 0
        while True:
            self.value((*path, index))
            index += 1
            self.skip_space()
            closing = self.text[self.at]
            self.at += 1
            if closing == "]":
                return
