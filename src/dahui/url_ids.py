"""The `id` path converter: a database id (or a small number) in a URL, at most 18 digits.

Django's `int` converter takes any number of digits, and an id beyond 64 bits then reaches
the database, where SQLite cannot bind it (OverflowError: a 500). Eighteen digits stay below
2**63 on every backend, so a longer number matches no page and is answered 404 like any
other unknown address. Every URL pattern of the project uses `<id:…>` for its numbers.
"""

from __future__ import annotations

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def register() -> None:
    register_converter(IdConverter, "id")
