"""Bytes to text: detect binary files, drop a BOM, fall back from UTF-8 to Windows-1252."""

from __future__ import annotations

import codecs
from pathlib import Path

from helpers.errors import RecountError

#: Byte-order marks we honour, longest first (UTF-32 LE starts with the UTF-16 LE mark).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Share of control characters above which decoded "text" is judged binary.
_MAX_CONTROL_SHARE = 0.05


def decode_bytes(data: bytes, path: str | Path) -> str:
    """Decode an article file's bytes into text, dropping a byte-order mark and nothing else.

    UTF-8 is tried first, then Windows-1252 (common in newsroom exports). Files with NUL bytes
    or mostly control characters are rejected as binary; empty or blank files as empty.

    Raises:
        RecountError: the file is empty, binary or in no encoding we can read.
    """
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise RecountError(
                    path, f"not valid {encoding} despite its byte-order mark ({exc.reason})"
                ) from None
            break
    if text is None:
        if b"\x00" in data:
            raise RecountError(path, "binary file (contains NUL bytes), not an article")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise RecountError(path, "undecodable text: neither UTF-8 nor Windows-1252") from None
    if not text.strip():
        raise RecountError(path, "empty file: no text")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls / len(text) > _MAX_CONTROL_SHARE or "\x00" in text:
        raise RecountError(path, "binary file (mostly control characters), not an article")
    return text


def read_text(path: Path) -> str:
    """Read and decode one file (see :func:`decode_bytes`)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RecountError(path, f"cannot read file ({exc.strerror or exc})") from None
    return decode_bytes(data, path)
