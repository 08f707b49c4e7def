"""Bytes to text: BOMs, UTF-8, UTF-16, GB18030, and refusing what is not text."""

from __future__ import annotations

import codecs

from .errors import InputError

# Magic numbers of the binary files people rename to .txt (a PDF export, a scan, a Word file).
BINARY_SIGNATURES = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (a .docx or .xlsx?)",
    b"\xd0\xcf\x11\xe0": "an old Office document (.doc)",
    b"{\\rtf": "an RTF document",
}

# GB18030 text with a few broken bytes is still worth reading; more than this share of
# replacement characters means the guess of encoding was wrong.
MAX_REPLACEMENT_SHARE = 0.01


def decode_notice(data: bytes, name: str = "input") -> tuple[str, str]:
    """Decode a notice file; return (text, encoding used). Raises InputError for non-text."""
    if not data.strip():
        raise InputError(f"{name} is empty", "give a file that holds the text of a notice")
    for magic, what in BINARY_SIGNATURES.items():
        if data.startswith(magic):
            raise InputError(f"{name} is {what}, not text", "save or export the notice as plain text first")
    text, encoding = _decode(data)
    if _looks_binary(text):
        raise InputError(f"{name} looks like a binary file, not text", "save or export the notice as plain text first")
    if not text.strip():
        raise InputError(f"{name} holds only whitespace", "give a file that holds the text of a notice")
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    """Try the BOMs, then UTF-8, then GB18030 (a superset of GBK and GB2312)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if _looks_utf16_without_bom(data):
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("gb18030", errors="replace")
    if text.count("\ufffd") > MAX_REPLACEMENT_SHARE * len(text):
        utf8 = data.decode("utf-8", errors="replace")
        if utf8.count("\ufffd") < text.count("\ufffd"):
            return utf8, "utf-8 (with invalid bytes replaced)"
    return text, "gb18030"


def _looks_utf16_without_bom(data: bytes) -> bool:
    """UTF-16-LE without BOM: ASCII-range text leaves every other byte zero."""
    sample = data[:2000]
    return len(sample) >= 4 and sample[1::2].count(0) > 0.4 * len(sample[1::2]) and sample[0::2].count(0) < 0.1 * len(sample[0::2])


def _looks_binary(text: str) -> bool:
    """Control characters (other than whitespace) or a wall of replacement characters."""
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if "\x00" in sample or controls > 0.01 * len(sample):
        return True
    return sample.count("\ufffd") > 0.2 * len(sample)
