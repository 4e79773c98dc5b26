"""Bytes -> text for the ingest stage: BOM detection, binary sniffing, Latin-1 fallback.

Input files are expected to be UTF-8 (with or without BOM) or UTF-16/32 with a BOM. Text that is
not valid UTF-8 but is clearly text (legacy Windows-1252 / Latin-1 exports) is decoded byte by
byte as cp1252, falling back to Latin-1 for the five bytes cp1252 leaves undefined, instead of
being rejected. Files with NUL bytes near the start, or full of control characters, are binary.
"""

from __future__ import annotations

import codecs
import re

SNIFF_BYTES = 1024  # NUL bytes in this many leading bytes mark a binary file
CHECK_BYTES = 65536  # how much of a file is examined to decide "clearly text"
MAX_CONTROL_SHARE = 0.02  # more control characters than this share of the text: binary
FALLBACK_ERRORS = "stancewire-cp1252"  # codecs error handler name, registered below

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _byte_table() -> tuple[str, ...]:
    """cp1252 character for every byte value, Latin-1 for the bytes cp1252 leaves undefined."""
    table = []
    for value in range(256):
        try:
            table.append(bytes([value]).decode("cp1252"))
        except UnicodeDecodeError:
            table.append(chr(value))
    return tuple(table)


_CP1252 = _byte_table()


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """codecs error handler: decode the offending bytes as cp1252 (Latin-1 where undefined)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(_CP1252[b] for b in bad), exc.end


codecs.register_error(FALLBACK_ERRORS, _cp1252_fallback)

# C0 controls except tab, LF, VT, FF, CR; DEL; C1 controls (only produced by the Latin-1 fallback)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def bom_encoding(head: bytes) -> str | None:
    """The codec named by a byte-order mark at the start of ``head``, else None."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return None


def looks_binary(head: bytes) -> bool:
    """True when the leading bytes (without a UTF-16/32 BOM) contain a NUL byte."""
    return bom_encoding(head) is None and b"\x00" in head[:SNIFF_BYTES]


def is_clearly_text(text: str) -> bool:
    """True when control characters are rare in (a prefix of) decoded text."""
    sample = text[:CHECK_BYTES]
    if not sample:
        return True
    return len(_CONTROL.findall(sample)) <= MAX_CONTROL_SHARE * len(sample)


def decode_line(raw: bytes) -> tuple[str, bool]:
    """Decode one line of a UTF-8 file; returns (text, strict) where strict is False when the
    cp1252/Latin-1 fallback was needed for some bytes."""
    try:
        return raw.decode("utf-8"), True
    except UnicodeDecodeError:
        return raw.decode("utf-8", FALLBACK_ERRORS), False


def stream_encoding(head: bytes) -> str:
    """The codec to open a file with, given its first bytes (errors=FALLBACK_ERRORS for UTF-8)."""
    return bom_encoding(head) or "utf-8"


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """Decode a whole file. Returns (text, "") or (None, reason) for binary/undecodable bytes."""
    encoding = bom_encoding(data)
    if encoding is None and looks_binary(data):
        return None, "binary file (NUL bytes), not text"
    if encoding in ("utf-16", "utf-32"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            return None, f"undecodable bytes: not valid {encoding.upper()} despite its byte-order mark"
    else:
        text = data.decode(encoding or "utf-8", FALLBACK_ERRORS)
    if not is_clearly_text(text):
        return None, "undecodable bytes: not UTF-8, UTF-16 or Latin-1 text (binary?)"
    return text, ""


_ESCAPES = {i: f"\\x{i:02x}" for i in [*range(0x20), *range(0x7F, 0xA0)]}
_ESCAPES.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"})


def snippet(value: str | bytes, limit: int = 200) -> str:
    """At most ``limit`` readable characters of offending input (controls escaped)."""
    if isinstance(value, bytes):
        value = value[: limit * 4].decode("utf-8", FALLBACK_ERRORS)
    text = value[: limit * 2].translate(_ESCAPES)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")  # lone surrogates
    return text[:limit]
