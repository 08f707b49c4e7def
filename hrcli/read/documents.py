"""Bytes of any notice file -> its text: plain text, PDF, Word .docx or a web page.

The kind is told by the file's first bytes (a renamed file is still read as what it is), then by
its name. Each reader imports its library only when such a file is read. What no reader handles
(.doc, .wps, .ofd, images, a scanned PDF) gets one InputError naming the conversion to make.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from hrcli.errors import InputError

# The suffixes of files the corpus holds and a region argument may name.
TEXT_SUFFIXES = (".txt", ".text", ".md")
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".xhtml", ".shtml")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
# A PDF may have a few bytes of junk before its header; readers look in the first KB.
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Office and WPS files (.doc .wps .xls .et)
IMAGE_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"BM": "a BMP image",
}
SAVE_AS = "open it in Word or WPS and save it as .docx or PDF"
OCR_HINT = "it is a scan or photo: run OCR on it first (e.g. ocrmypdf FILE out.pdf), or type the text into a .txt file"
HTML_IN_TEXT_WARNING = "input looked like HTML: read as a web page (menus, footers and tags dropped)"


@dataclass
class Document:
    """The text a reader got out of a file, and what the user should know about it."""

    text: str
    kind: str  # "text", "pdf", "docx" or "html"
    warnings: list[str] = field(default_factory=list)


def read_document(data: bytes, name: str = "input") -> Document:
    """The text of a notice file of any kind hrcli reads; InputError for the rest."""
    suffix = PurePath(name).suffix.lower()
    if not data:
        raise InputError(f"{name} is empty", "give a file that holds the text of a notice")
    if PDF_MAGIC in data[:1024]:
        from hrcli.read.pdf import pdf_text

        return Document(pdf_text(data, name), "pdf")
    if data.startswith(ZIP_MAGIC):
        return _read_zip(data, name)
    _refuse_binary(data, name, suffix)
    from hrcli.read.textio import decode_notice, decode_warnings, looks_like_html

    text, encoding = decode_notice(data, name)
    warnings = decode_warnings(encoding)  # a file of two encodings, read line by line
    if suffix in HTML_SUFFIXES or looks_like_html(text):
        from hrcli.read.html import html_text

        warnings += [] if suffix in HTML_SUFFIXES else [HTML_IN_TEXT_WARNING]
        return Document(_not_blank(html_text(text), name, "web page"), "html", warnings)
    return Document(text, "text", warnings)


def _refuse_binary(data: bytes, name: str, suffix: str) -> None:
    """One clear error for the files no reader handles: old Office and WPS files, images, RTF."""
    if data.startswith(OLE_MAGIC):
        what = {".wps": "a WPS document", ".xls": "a spreadsheet", ".et": "a spreadsheet"}.get(suffix, "an old Word document (.doc)")
        raise InputError(f"{name} is {what}, which hrcli cannot read", SAVE_AS)
    for magic, what in IMAGE_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{name} is {what}, not a document with text", OCR_HINT)
    if data.startswith(b"{\\rtf"):
        raise InputError(f"{name} is an RTF document, which hrcli cannot read", SAVE_AS)


def _read_zip(data: bytes, name: str) -> Document:
    """A .docx is a ZIP archive; so are .ofd, .odt, .xlsx and plain archives, each refused by name."""
    try:
        members = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError(f"{name} is a damaged ZIP archive (a .docx that was cut short?)", "download or save the file again") from None
    if "word/document.xml" in members:
        from hrcli.read.docx import docx_text

        return Document(_not_blank(docx_text(data, name), name, "Word document"), "docx")
    if "OFD.xml" in members:
        raise InputError(f"{name} is an OFD document, which hrcli cannot read", "open it in an OFD reader (数科, 福昕) and export it as PDF or .docx")
    if any(member.startswith("xl/") for member in members):
        raise InputError(f"{name} is an Excel workbook, not a notice", "save the notice itself as .docx or PDF")
    if "content.xml" in members:
        raise InputError(f"{name} is an OpenDocument file, which hrcli cannot read", "save it as .docx or PDF")
    raise InputError(f"{name} is a ZIP archive that holds no Word document", "unpack it and give the notice file inside")


def _not_blank(text: str, name: str, what: str) -> str:
    """A document that yields no text is an error, never a silent empty notice."""
    if not text.strip():
        raise InputError(f"{name}: the {what} holds no text", "check that it is the notice, saved with its text")
    return text
