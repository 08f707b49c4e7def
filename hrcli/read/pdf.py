"""PDF with a text layer -> text: page furniture dropped, lines wrapped by the page width joined.

pdfminer.six gives each text line with its position. A line that runs to the right margin and is
followed by one that starts at the left margin without indent is a wrapped line (Chinese official
documents indent every paragraph by two characters), also across a page break. The first and last
lines of a page are page furniture when they are a page number ("— 3 —", "-3-", "第3页",
"第 3 页 共 9 页", "3/9") or repeat on most pages (a running head such as the red-letter issuer
line, a running footer); a running head is kept where it opens the document.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from statistics import median

from hrcli.errors import InputError

PAGE_NUMBER = re.compile(
    r"^[\s\-—–－一·•_]*(?:第\s*)?(?:\d{1,4}|[ivxlc]{1,6})\s*(?:页)?\s*(?:(?:[/／]|of|共)\s*\d{1,4}\s*页?)?[\s\-—–－一·•_]*$"
    r"|^(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
# How many lines at a page's top and bottom may be page furniture.
EDGE_LINES = 2
# A line repeated at the edge of at least this share of the pages (and of two or more) is furniture.
REPEAT_SHARE = 0.5
LABEL = re.compile(r"^(?:[一二三四五六七八九十百]+、|[(（][一二三四五六七八九十百\d]+[)）]|\d{1,3}[.、．](?!\d)|第[一二三四五六七八九十]+[部分章条])")
# A wrapped line ends this many characters short of the margin at most (a "（" or "10%" that may not
# end a line moves down whole in ragged text).
WRAP_SLACK = 2.5
# pdfminer's stand-in for a glyph without a Unicode mapping; more than this share of the text is refused.
UNMAPPED = re.compile(r"\(cid:\d+\)")
UNMAPPED_SHARE = 0.3
ASCII_WORD_END = re.compile(r"[A-Za-z0-9]$")
ASCII_WORD_START = re.compile(r"^[A-Za-z0-9]")


@dataclass
class Line:
    """One text line of a page, with its box (PDF units, top measured from the page top)."""

    text: str
    x0: float
    x1: float
    top: float
    size: float  # the line's height: about one character's width in Chinese text


def pdf_text(data: bytes, name: str) -> str:
    """The text of a PDF, one paragraph per line."""
    pages = [_strip_edges(page) for page in _furniture_free(_pages(data, name))]
    text = "\n".join(_paragraphs(pages))
    _refuse_unmapped(text, name)
    return text


def _refuse_unmapped(text: str, name: str) -> None:
    """A PDF whose fonts carry no map to Unicode gives "(cid:1234)" for each character: as unreadable as a scan."""
    unmapped = sum(len(match) for match in UNMAPPED.findall(text))
    if unmapped > UNMAPPED_SHARE * len(text):
        raise InputError(
            f"{name} is a PDF whose fonts do not say which characters they draw (its text comes out as (cid:…) codes)",
            "OCR is needed: run ocrmypdf --force-ocr FILE out.pdf, or copy the text from the site's web page",
        )


def _pages(data: bytes, name: str) -> list[list[Line]]:
    """Every page's text lines, top to bottom; InputError for a locked, broken or scanned PDF."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    pages: list[list[Line]] = []
    try:
        for layout in extract_pages(io.BytesIO(data), laparams=LAParams()):
            lines = []
            for box in layout:
                if isinstance(box, LTTextContainer):
                    for line in box:
                        text = line.get_text().strip() if isinstance(line, LTTextLine) else ""
                        if text:
                            lines.append(Line(text, line.x0, line.x1, layout.height - line.y1, line.height))
            pages.append(sorted(lines, key=lambda line: (round(line.top), line.x0)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(f"{name} is a password-protected PDF", "open it with its password and save or print it as a PDF without one") from None
    except Exception as error:  # a damaged file fails deep inside pdfminer, each way its own
        if "password" in str(error).lower() or "encrypt" in str(error).lower():
            raise InputError(f"{name} is a password-protected PDF", "open it with its password and save or print it as a PDF without one") from None
        raise InputError(f"{name} cannot be read as a PDF ({type(error).__name__})", "open it in a PDF reader and save it again") from error
    if not any(pages):
        raise InputError(f"{name} is a PDF without a text layer (a scan)", "OCR is needed: run ocrmypdf FILE out.pdf, then give hrcli out.pdf")
    return pages


def _furniture_free(pages: list[list[Line]]) -> list[list[Line]]:
    """Drop page numbers and running heads and footers from the top and bottom lines of each page."""
    repeated = _repeated_edges(pages)
    result = []
    for index, lines in enumerate(pages):
        edges = set(range(min(EDGE_LINES, len(lines)))) | set(range(max(0, len(lines) - EDGE_LINES), len(lines)))
        keep = []
        for position, line in enumerate(lines):
            if position in edges:
                if PAGE_NUMBER.match(line.text):
                    continue
                if _shape(line.text) in repeated and not (index == 0 and position < EDGE_LINES):
                    continue
            keep.append(line)
        result.append(keep)
    return result


def _repeated_edges(pages: list[list[Line]]) -> set[str]:
    """Shapes of the edge lines that repeat on most pages (digits blanked: "第3页" and "第4页" are one)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = lines[:EDGE_LINES] + lines[max(EDGE_LINES, len(lines) - EDGE_LINES):]
        counts.update({_shape(line.text) for line in edge})
    return {shape for shape, count in counts.items() if count >= 2 and count >= REPEAT_SHARE * len(pages)}


def _shape(text: str) -> str:
    """A line with its digits blanked and spaces removed."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _strip_edges(lines: list[Line]) -> list[Line]:
    """A page's lines, blank ones gone."""
    return [line for line in lines if line.text.strip()]


def _paragraphs(pages: list[list[Line]]) -> list[str]:
    """Join each line to the one before when that one was wrapped by the page width."""
    paragraphs: list[str] = []
    previous: Line | None = None
    previous_right = 0.0
    for lines in pages:
        if not lines:
            continue
        left = min(line.x0 for line in lines)
        right = max(line.x1 for line in lines)
        char = median(line.size for line in lines) or 10.0
        for line in lines:
            wrapped = (
                previous is not None
                and previous.x1 >= previous_right - WRAP_SLACK * char
                and line.x0 <= left + 0.5 * char
                and not LABEL.match(line.text)
            )
            if wrapped and paragraphs:
                space = " " if ASCII_WORD_END.search(paragraphs[-1]) and ASCII_WORD_START.match(line.text) else ""
                paragraphs[-1] += space + line.text
            else:
                paragraphs.append(line.text)
            previous = line
            previous_right = right
    return paragraphs
