"""Bytes to text: detect binary files, drop a BOM, tell UTF-8 with a stray byte from Windows-1252."""

from __future__ import annotations

import codecs
from pathlib import Path

from helpers.errors import RecountError
from helpers.ingest.files import read_regular_file
from helpers.ingest.notice import warn

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
_REPLACEMENT = "\ufffd"


def _utf8_with_replacements(
    data: bytes, path: str | Path, first_bad: int, *, certain: bool = False
) -> str | None:
    """UTF-8 with each invalid sequence replaced by U+FFFD (and a warning), if the file is really UTF-8.

    The rule: a UTF-8 file holds valid multi-byte sequences (accented letters, curly quotes) and at most a
    few invalid bytes; a single-byte (Windows-1252) file holds invalid "sequences" (``é`` followed by a
    space) and almost never a valid one. So the file is UTF-8 when valid multi-byte characters outnumber
    invalid sequences (or when a UTF-8 byte-order mark makes it ``certain``); otherwise ``None``.
    """
    text = data.decode("utf-8", errors="replace")
    replaced = text.count(_REPLACEMENT) - data.count(_REPLACEMENT.encode("utf-8"))
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    if not certain and non_ascii - replaced <= replaced:
        return None
    warn(
        path,
        f"not valid UTF-8 at byte {first_bad} ({replaced} invalid sequence(s) in all): "
        "read as UTF-8 with U+FFFD in their place",
    )
    return text


def _decode_unmarked(data: bytes, path: str | Path) -> str:
    """UTF-8; else UTF-8 with stray bytes replaced; else Windows-1252 (see ``_utf8_with_replacements``)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    text = _utf8_with_replacements(data, path, first_bad)
    if text is not None:
        return text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise RecountError(path, "undecodable text: neither UTF-8 nor Windows-1252") from None


def decode_bytes(data: bytes, path: str | Path) -> str:
    """Decode an article file's bytes into text, dropping a byte-order mark and nothing else.

    UTF-8 is tried first; a UTF-8 file with a few invalid bytes is read as UTF-8 with U+FFFD in their
    place and a warning, a single-byte file as Windows-1252 (common in newsroom exports). Files with NUL
    bytes or mostly control characters are rejected as binary; empty or blank files as empty.

    Raises:
        RecountError: the file is empty, binary or in no encoding we can read.
    """
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if encoding == "utf-8":
                try:
                    text = body.decode(encoding)
                except UnicodeDecodeError as exc:  # the mark says UTF-8: never fall back to 1252
                    text = _utf8_with_replacements(body, path, exc.start + len(bom), certain=True)
                break
            try:
                text = body.decode(encoding)
            except UnicodeDecodeError as exc:
                raise RecountError(
                    path, f"not valid {encoding} despite its byte-order mark ({exc.reason})"
                ) from None
            break
    if text is None:
        if b"\x00" in data:
            raise RecountError(path, "binary file (contains NUL bytes), not an article")
        text = _decode_unmarked(data, path)
    if not text.strip():
        raise RecountError(path, "empty file: no text")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls / len(text) > _MAX_CONTROL_SHARE or "\x00" in text:
        raise RecountError(path, "binary file (mostly control characters), not an article")
    return text


def read_text(path: Path) -> str:
    """Read (a regular file only, see :mod:`helpers.ingest.files`) and decode one file."""
    return decode_bytes(read_regular_file(path), path)
