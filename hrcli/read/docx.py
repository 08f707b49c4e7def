"""Word .docx -> text: paragraphs and tables in order, Word's automatic numbering written out.

Word keeps the "(一)" or "1." of a numbered list out of the paragraph's text: the paragraph (or its
style) points at a numbering definition (numbering.xml) and Word counts. The counting is redone
here so the parser sees the labels a reader sees. Tables go through read/tables.py: a task table
becomes numbered task paragraphs.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from hrcli.errors import InputError
from hrcli.read.tables import table_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PARENTHESIZED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
CN_DIGITS = "零一二三四五六七八九"


def docx_text(data: bytes, name: str) -> str:
    """The text of a .docx: one line per paragraph, table rows as read/tables.py writes them."""
    document = _open(data, name)
    try:
        return _text(document)
    except Exception as error:  # python-docx parses styles and numbering when first used: a damaged part fails here
        raise InputError(f"{name} cannot be read as a Word document ({type(error).__name__})", "open it in Word or WPS and save it again as .docx") from error


def _text(document) -> str:
    """The lines of an opened document."""
    numbering = Numbering(_numbering_element(document))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            lines.extend(table_lines(_table_rows(block)))
        else:
            label = numbering.label(*_num_pr(block))
            lines.append(label + block.text if block.text.strip() else "")
    return "\n".join(lines)


def _open(data: bytes, name: str):
    """python-docx's Document; a package it cannot open is an InputError, not a traceback."""
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # a damaged package fails in zipfile, lxml or python-docx, each its own way
        raise InputError(f"{name} cannot be read as a Word document ({type(error).__name__})", "open it in Word or WPS and save it again as .docx") from error


def _numbering_element(document):
    """The <w:numbering> element, or None for a document without lists."""
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None


def _num_pr(paragraph) -> tuple[str | None, int]:
    """(numId, level) of a paragraph's list numbering, from the paragraph or its style chain."""
    element = paragraph._p.pPr
    style = paragraph.style
    for _ in range(10):  # a style chain is short; a loop in basedOn must not hang
        num_pr = element.find(f"{W}numPr") if element is not None else None
        if num_pr is not None:
            num_id = num_pr.find(f"{W}numId")
            ilvl = num_pr.find(f"{W}ilvl")
            level = _int(ilvl.get(f"{W}val") if ilvl is not None else None, 0)
            return (num_id.get(f"{W}val") if num_id is not None else None), level
        if style is None:
            break
        element = style.element.pPr
        style = style.base_style
    return None, 0


def _table_rows(table) -> list[list[str]]:
    """The cells' text of every row; a merged cell repeats in each column and row it covers."""
    rows = []
    for row in table.rows:
        try:
            rows.append([cell.text for cell in row.cells])
        except (IndexError, ValueError):  # a malformed grid: read the cells it has
            rows.append(["".join(tc.itertext()) for tc in row._tr.tc_lst])
    return rows


@dataclass
class Level:
    """One level of a list definition: how its number is written and when it restarts."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart: 0 never, N after level N (1-based); None after any higher level


@dataclass
class Numbering:
    """numbering.xml, and the counters of the lists met so far."""

    element: object = None
    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId -> ilvl -> Level
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def __post_init__(self):
        if self.element is None:
            return
        abstract = {node.get(f"{W}abstractNumId"): _levels(node) for node in self.element.iter(f"{W}abstractNum")}
        for num in self.element.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            levels = dict(abstract.get(ref.get(f"{W}val") if ref is not None else None, {}))
            for override in num.iter(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                ilvl = _int(override.get(f"{W}ilvl"), 0)
                if start is not None and ilvl in levels:
                    levels[ilvl] = Level(levels[ilvl].fmt, levels[ilvl].text, _int(start.get(f"{W}val"), 1), levels[ilvl].restart)
            self.levels[num.get(f"{W}numId")] = levels

    def label(self, num_id: str | None, ilvl: int) -> str:
        """The label Word shows before this paragraph ("（三）"), counting it; "" when not numbered."""
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels or levels[ilvl].fmt in ("bullet", "none"):
            return ""
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper, level in levels.items():
            if deeper > ilvl and (level.restart is None or (level.restart > 0 and ilvl < level.restart)):
                counts.pop(deeper, None)
        text = levels[ilvl].text
        for index in range(9, -1, -1):  # %10 is not a placeholder; %1 must not eat the 1 of %12
            if f"%{index + 1}" in text:
                level = levels.get(index, Level())
                value = counts.get(index, level.start)
                text = text.replace(f"%{index + 1}", format_number(value, level.fmt))
        return text


def _levels(abstract) -> dict[int, Level]:
    """The levels of one <w:abstractNum>."""
    levels = {}
    for lvl in abstract.iter(f"{W}lvl"):

        def value(tag: str, default: str | None = None, lvl=lvl) -> str | None:
            node = lvl.find(f"{W}{tag}")
            return node.get(f"{W}val", default) if node is not None else default

        restart = value("lvlRestart")
        levels[_int(lvl.get(f"{W}ilvl"), 0)] = Level(
            fmt=value("numFmt", "decimal") or "decimal",
            text=value("lvlText", "") or "",
            start=_int(value("start"), 1),
            restart=_int(restart, None),
        )
    return levels


def _int(text: str | None, default):
    """An attribute's number, or `default` when it is missing or not a number (a hand-edited file)."""
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def format_number(value: int, fmt: str) -> str:
    """A list counter as Word writes it in a numbering format: 3 -> 三, ③, c, iii."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "ideographDigital"):
        return chinese_numeral(value)
    if fmt == "ideographTraditional" and 1 <= value <= len(HEAVENLY_STEMS):
        return HEAVENLY_STEMS[value - 1]
    if fmt == "decimalEnclosedCircle" and 1 <= value <= len(CIRCLED):
        return CIRCLED[value - 1]
    if fmt == "decimalEnclosedParen" and 1 <= value <= len(PARENTHESIZED):
        return PARENTHESIZED[value - 1]
    if fmt in ("upperLetter", "lowerLetter") and value >= 1:
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= value < 4000:
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def chinese_numeral(value: int) -> str:
    """3 -> 三, 10 -> 十, 16 -> 十六, 24 -> 二十四, 105 -> 一百零五 (as Word's chineseCounting)."""
    if value <= 0 or value >= 1000:
        return str(value)
    hundreds, rest = divmod(value, 100)
    tens, ones = divmod(rest, 10)
    text = f"{CN_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else CN_DIGITS[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    return text + (CN_DIGITS[ones] if ones else "")


def _roman(value: int) -> str:
    """Roman numerals: 4 -> IV."""
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for amount, numeral in numerals:
        count, value = divmod(value, amount)
        out += numeral * count
    return out
