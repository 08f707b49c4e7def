"""View -> an Excel workbook (XlsxWriter, imported only here): one sheet per view of a report.

Every sheet has a frozen, filterable header, wrapped text, columns as wide as their text (a Chinese
character counts double) up to a limit, rows as tall as their wrapped lines, and label cells coloured by
what they mean. Text that a spreadsheet would run as a formula is defused as in CSV (render.defuse_formula);
strings are written as strings, never parsed into formulas or links.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from typing import Any

from hrcli.output.labels import COLOURS, HEAT, LABEL_COLUMNS, heat_level, label_kind
from hrcli.output.render import View, cell_text, defuse_formula, split_marks

MAX_WIDTH = 60  # characters of Latin width; longer text wraps
MIN_WIDTH = 6
MAX_CELL = 32_767  # Excel's limit of characters in a cell
LINE_HEIGHT = 15  # points per line of 11-point text
MAX_HEIGHT = 409  # Excel's tallest row
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def render_xlsx(view: View) -> bytes:
    """The view, and every further view of its report, as the sheets of one workbook."""
    import xlsxwriter

    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
               "nan_inf_to_errors": True}
    workbook = xlsxwriter.Workbook(buffer, options)
    styles = _Styles(workbook)
    used: set[str] = set()
    for part in [view, *view.sheets]:
        _write_sheet(workbook.add_worksheet(_sheet_name(part, used)), part, styles)
    workbook.close()
    return buffer.getvalue()


class _Styles:
    """The workbook's formats, made once each."""

    def __init__(self, workbook):
        base = {"text_wrap": True, "valign": "top", "font_size": 11}
        self.workbook = workbook
        self.header = workbook.add_format({**base, "bold": True, "bg_color": "#1f3a5f", "font_color": "#ffffff", "border": 1})
        self.text = workbook.add_format(base)
        self.number = workbook.add_format({**base, "num_format": "0.00"})
        self.integer = workbook.add_format({**base, "num_format": "0"})
        self.labels = {kind: workbook.add_format({**base, "bg_color": bg, "font_color": fg, "bold": True})
                       for kind, (bg, fg) in COLOURS.items()}
        self.heat = [workbook.add_format({**base, "bg_color": shade}) for shade in HEAT]
        self.removed = workbook.add_format({"font_color": "#b00020", "font_strikeout": True})
        self.added = workbook.add_format({"font_color": "#1b7f2a", "underline": 1})


def _sheet_name(view: View, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), distinct within the workbook."""
    name = SHEET_NAME_BAD.sub(" ", view.name or "Sheet").strip()[:31] or "Sheet"
    candidate, number = name, 2
    while candidate.lower() in used:
        suffix = f" {number}"
        candidate, number = name[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate.lower())
    return candidate


def _write_sheet(sheet, view: View, styles: _Styles) -> None:
    """Header, rows, widths, heights, frozen header and filter for one view."""
    heat = set(view.heat or []) | {c for c in ((view.display.heat or []) if view.display else []) if c in view.columns}
    for col, column in enumerate(view.columns):
        sheet.write_string(0, col, column, styles.header)
    widths = [text_width(column) for column in view.columns]
    for row_number, row in enumerate(view.rows, start=1):
        lines = 1
        for col, column in enumerate(view.columns):
            value = row.get(column)
            text = _write_cell(sheet, row_number, col, column, value, view, heat, styles)
            widths[col] = max(widths[col], *(text_width(line) for line in text.splitlines() or [""]))
            lines = max(lines, _wrapped_lines(text, min(widths[col], MAX_WIDTH)))
        sheet.set_row(row_number, min(MAX_HEIGHT, LINE_HEIGHT * lines))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, max(MIN_WIDTH, min(width, MAX_WIDTH)) + 2)
    sheet.freeze_panes(1, 0)
    if view.rows:
        sheet.autofilter(0, 0, len(view.rows), len(view.columns) - 1)


def _write_cell(sheet, row: int, col: int, column: str, value: Any, view: View, heat: set[str], styles: _Styles) -> str:
    """Write one cell (a number as a number, text defused, marks as rich text); return the text shown."""
    if isinstance(value, (list, tuple)) and len(value) == 1 and _is_number(value[0]) and column not in heat:
        value = value[0]  # a row's one task number sorts as a number
    if _is_number(value):
        sheet.write_number(row, col, value, styles.integer if isinstance(value, int) else styles.number)
        return cell_text(value)
    text = defuse_formula(_cell_string(value, column in heat))[:MAX_CELL]
    if column in heat:
        sheet.write_string(row, col, text, styles.heat[heat_level(value)])
        return text
    if column in view.marked and _write_marked(sheet, row, col, text, styles):
        return text
    kind = label_kind(text) if column in LABEL_COLUMNS else None
    sheet.write_string(row, col, text, styles.labels[kind] if kind else styles.text)
    return text


def _is_number(value: Any) -> bool:
    """An int or float (a bool is not a number here: it is shown as yes or no)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _cell_string(value: Any, heat: bool) -> str:
    """A list reads across in a heat map ("7, 9") and one item a line elsewhere."""
    if isinstance(value, (list, tuple)):
        return (", " if heat else "\n").join(cell_text(item) for item in value)
    return cell_text(value)


def _write_marked(sheet, row: int, col: int, text: str, styles: _Styles) -> bool:
    """Word-diff marks as red struck-out and green underlined runs; False when the text holds none."""
    pieces = [(kind, piece) for kind, piece in split_marks(text) if piece]
    if not any(kind for kind, _ in pieces):
        return False
    fragments: list[Any] = []
    for kind, piece in pieces:
        if kind:
            fragments.append(styles.removed if kind == "-" else styles.added)
        fragments.append(piece)
    if len(pieces) == 1:  # write_rich_string needs two fragments: pad with an empty-looking plain one
        fragments.append(" ")
    sheet.write_rich_string(row, col, *fragments, styles.text)
    return True


def text_width(text: str) -> int:
    """Columns the text takes: a wide (Chinese) character two, others one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrapped_lines(text: str, width: int) -> int:
    """How many lines the text wraps to in a column of that width."""
    return sum(max(1, math.ceil(text_width(line) / max(width, 1))) for line in text.splitlines() or [""])
