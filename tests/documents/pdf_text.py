"""Reading what a generated PDF says, without a PDF library: the content streams inflated,
and text drawn in a standard Latin font read back from its string operands."""

from __future__ import annotations

import base64
import re
import zlib

STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.S)


def content_streams(pdf: bytes) -> list[bytes]:
    streams = []
    for raw in STREAM.findall(pdf):
        streams.append(_inflate(raw))
    return streams


def _inflate(raw: bytes) -> bytes:
    try:
        return zlib.decompress(raw)
    except zlib.error:
        pass
    try:  # reportlab's page streams: ASCII85 around Flate
        return zlib.decompress(base64.a85decode(raw.strip().removesuffix(b"~>"), adobe=False))
    except (ValueError, zlib.error):
        return raw


def latin_strings(pdf: bytes) -> list[str]:
    """Every `(…) Tj` string of the PDF, as text (Latin-1; escapes undone)."""
    found = []
    for stream in content_streams(pdf):
        for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", stream):
            found.append(re.sub(rb"\\(.)", rb"\1", literal).decode("latin-1"))
    return found


def info_title(pdf: bytes) -> str:
    """The document title of the Info dictionary, decoded."""
    match = re.search(rb"/Title \(((?:\\.|[^\\)])*)\)", pdf)
    assert match, "no /Title"
    raw = match.group(1)
    out = bytearray()
    i = 0
    while i < len(raw):
        if raw[i:i + 1] == b"\\":
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1:i + 4])
            if octal:
                out.append(int(octal.group(0), 8))
                i += 1 + len(octal.group(0))
                continue
            out += {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(raw[i + 1:i + 2], raw[i + 1:i + 2])
            i += 2
            continue
        out.append(raw[i])
        i += 1
    if out.startswith(b"\xfe\xff"):
        return out[2:].decode("utf-16-be")
    return out.decode("latin-1")
