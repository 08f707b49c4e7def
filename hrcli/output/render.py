"""Rows -> table | csv | tsv | json | jsonl | markdown | yaml | html | xlsx, to stdout or an atomically written file.

rich, tabulate, yaml, jinja2 and xlsxwriter are imported only inside the function that needs them: a piped
`hrcli compare … | cut -f2` pays for none of them.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from hrcli.errors import OutputError, UsageError
from hrcli.terminal import PIPE, Terminal


class Format(str, Enum):
    """Output formats."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    yaml = "yaml"
    html = "html"
    xlsx = "xlsx"


EXTENSIONS = {".csv": Format.csv, ".tsv": Format.tsv, ".tab": Format.tsv, ".json": Format.json,
              ".jsonl": Format.jsonl, ".ndjson": Format.jsonl, ".md": Format.markdown,
              ".markdown": Format.markdown, ".yaml": Format.yaml, ".yml": Format.yaml, ".txt": Format.table,
              ".html": Format.html, ".htm": Format.html, ".xlsx": Format.xlsx}
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A table written to a file (-o out.txt) has no terminal to fit.
FILE_TABLE_WIDTH = 160
# Characters that would end a Markdown table cell or start emphasis, code, HTML or an escape in it.
# "_" is left alone: GitHub does not emphasise inside a word (only_linfen), and nothing else here starts with one.
MARKDOWN_SPECIAL = "\\|*`<"
# Characters a terminal acts on instead of showing them: C0 controls, DEL and C1 controls (U+009B is a
# one-character CSI), so ESC[2J clears the screen and OSC 52 writes the clipboard; and the bidirectional
# controls that reorder what is shown (Trojan Source). Tab and line breaks (LF, CR) are kept in cells: each
# format deals with them (TSV and Markdown join the lines, CSV quotes the cell); a one-line message escapes them too.
UNSAFE_IN_CELL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
UNSAFE_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What JSON and YAML leave as it is (they escape the C0 controls themselves).
UNSAFE_IN_STRING = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class View:
    """What one command shows: columns and flat rows, plus the full document for JSON/YAML."""

    columns: list[str]
    rows: list[dict[str, Any]]
    document: Any = None  # printed by json/yaml instead of the rows when set
    title: str | None = None
    styles: dict[str, str] = field(default_factory=dict)  # column -> rich style for the table
    heat: list[str] | None = None  # columns whose cells are coloured by how many items they hold
    display: View | None = None  # a more compact view for the terminal table, when different
    records: list[Any] | None = None  # what jsonl prints, one per line, when not the flat rows
    compact: bool = False  # terminal table: no rules between rows, each cell line cut to fit with an ellipsis
    flexible: list[str] = field(default_factory=list)  # compact: the columns cut to share the width the others leave
    spare: list[str] = field(default_factory=list)  # compact: columns given only what the flexible ones leave, else left out
    legend: str | None = None  # what the colours mean, printed under a coloured table
    table: Callable[[View, Terminal], str] | None = None  # a renderer of its own for the terminal (detail view)

    # Columns whose cells carry word-diff marks, [-removed-] and {+added+} (hrcli diff): coloured on a terminal,
    # <del>/<ins> in HTML, red and green in a workbook; plain formats keep the marks, as `git diff --word-diff`.
    marked: list[str] = field(default_factory=list)
    name: str | None = None  # a short name: the sheet of a workbook, the heading of a report section
    sheets: list[View] = field(default_factory=list)  # further views of a report (html, xlsx): compare's targets, topics…
    report: Any = None  # the model of a richer HTML page than a table (compare's side-by-side report)


@dataclass(frozen=True)
class Styled:
    """Cell text with a meaning the terminal shows as a colour (a rich style); plain text in every other format."""

    text: str
    style: str = ""

    def __str__(self) -> str:
        return self.text


def choose_format(requested: Format | None, output: str | None, terminal: Terminal, default: Format | None = None) -> Format:
    """--format wins; else the output file's extension; else the command's default; else table on a TTY, TSV in a pipe."""
    if requested is not None:
        return requested
    if output and output != "-":
        suffix = Path(output).suffix.lower()
        if suffix not in EXTENSIONS:
            known = " ".join(sorted(EXTENSIONS))
            raise UsageError(f"cannot tell the format of {output} from its extension", f"add --format, or use one of {known}")
        return EXTENSIONS[suffix]
    if default is not None:
        return default
    return Format.table if terminal.is_tty else Format.tsv


def render(view: View, fmt: Format, output: str | None = None, terminal: Terminal = PIPE,
           warn: Callable[[str], None] | None = None) -> None:
    """Write the view in the format to stdout (through the pager when long on a terminal), or atomically to a file."""
    if fmt is Format.xlsx:
        _render_workbook(view, output, terminal)
        return
    if output and output != "-":
        text = render_text(view, fmt, Terminal(is_tty=False, color=False, width=FILE_TABLE_WIDTH))
        write_output(Path(output), text, bom=fmt is Format.csv)
        return
    text = render_text(view, fmt, terminal)
    if terminal.is_tty and terminal.pager and _page(text, terminal, warn):
        return
    _write_stdout(text, terminal)


def _page(text: str, terminal: Terminal, warn: Callable[[str], None] | None) -> bool:
    """Show the text through the terminal's pager when it is taller than the screen; False when printed otherwise."""
    from hrcli.output.pager import run_pager, should_page

    if not (should_page(terminal, text) and terminal.pager):
        return False
    sys.stdout.flush()
    if run_pager(terminal.pager, text, getattr(sys.stdout, "encoding", None) or "utf-8"):
        return True
    if warn is not None:
        warn(f"the pager {terminal.pager!r} could not be run; printed without it (set HRCLI_PAGER, or use --no-pager)")
    return False


def _render_workbook(view: View, output: str | None, terminal: Terminal) -> None:
    """A workbook is bytes: to the -o file (atomically), or to a pipe, never onto a terminal."""
    from hrcli.output.xlsx import render_xlsx

    if output and output != "-":
        write_output(Path(output), render_xlsx(view))
        return
    if terminal.is_tty:
        raise UsageError("an Excel workbook cannot be shown on a terminal", "write it to a file: -o report.xlsx")
    _write_stdout_bytes(render_xlsx(view))


def _write_stdout(text: str, terminal: Terminal) -> None:
    """Write to standard output, every byte or an OutputError: text its encoding cannot hold goes out as UTF-8 to a pipe, with ? to a terminal."""
    stream = _stdout()
    if getattr(stream, "buffer", None) is None:  # a stream without a byte layer (an IDE's console)
        try:
            stream.write(text)
            stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise stdout_error(error) from error
        return
    _write_stdout_bytes(_encoded(text, getattr(stream, "encoding", None) or "utf-8", terminal))


def _write_stdout_bytes(data: bytes) -> None:
    """Every byte to standard output (after what its text layer holds), or an OutputError naming the cause."""
    stream = _stdout()
    try:
        stream.flush()
        _write_all(stream.buffer, data)
        stream.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise stdout_error(error) from error


def _stdout() -> Any:
    """Standard output; started closed (`hrcli … >&-`), Python has none: an output error."""
    if sys.stdout is None:
        raise stdout_error(OSError(errno.EBADF, os.strerror(errno.EBADF)))
    return sys.stdout


def _encoded(text: str, encoding: str, terminal: Terminal) -> bytes:
    """The text in the stream's encoding; a non-UTF-8 locale that cannot hold a character gets ? on a terminal, UTF-8 in a pipe."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:  # LANG=en_US.ISO-8859-1, a GBK pipe on Windows
        return text.encode(encoding, errors="replace") if terminal.is_tty else text.encode("utf-8")


def _write_all(binary: Any, data: bytes) -> None:
    """Write every byte: an unbuffered stdout (PYTHONUNBUFFERED=1) may take only part of them, and its text layer never asks again."""
    view = memoryview(data)
    while view:
        written = binary.write(view)
        if not written:  # a non-blocking descriptor that takes nothing now
            raise BlockingIOError(11, "Resource temporarily unavailable")
        view = view[written:]


def point_at_devnull(stream: TextIO) -> None:
    """After a write to the stream failed: send it to /dev/null and drop what is buffered for it.

    Python flushes the standard streams at exit; one that fails again there prints "Exception ignored" and
    makes the exit status 120 (the Python docs advise this for SIGPIPE).
    """
    if stream is None:  # closed from the start: Python will not flush it
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
        stream.flush()
    except (OSError, ValueError):
        pass


def stdout_error(error: OSError) -> OutputError:
    """A failed write to standard output (a full disk, a file too large) as the one-line output error."""
    reason = error.strerror or str(error)
    full = error.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC))
    hint = "check the free space where the output goes, or write it elsewhere" if full else "give hrcli an output it can write to, or use -o FILE"
    return OutputError(f"cannot write to standard output: {reason}", hint)


def render_text(view: View, fmt: Format, terminal: Terminal) -> str:
    """The view as text in one format: every text from a notice, a file name or a config made safe for a terminal."""
    if fmt not in (Format.json, Format.jsonl, Format.yaml):  # those escape in their own syntax, losing nothing
        view = safe_view(view)
    shown = view.display or view
    renderers = {
        Format.table: lambda: shown.table(shown, terminal) if shown.table else render_table(shown, terminal),
        Format.csv: lambda: render_csv(view),
        Format.tsv: lambda: render_tsv(view),
        Format.json: lambda: render_json(view),
        Format.jsonl: lambda: render_jsonl(view),
        Format.markdown: lambda: render_markdown(view),
        Format.yaml: lambda: render_yaml(view),
        Format.html: lambda: _render_html(view),
    }
    if fmt is Format.xlsx:
        raise ValueError("render_text makes text; a workbook is bytes: use render() or output.xlsx.render_xlsx")
    return renderers[fmt]()


def _render_html(view: View) -> str:
    """A self-contained HTML page (Jinja2 is imported only here)."""
    from hrcli.output.html import render_html

    return terminal_safe(render_html(view))  # the report's own model (View.report) holds notice text too


def _visible(match: re.Match) -> str:
    """A character a terminal would act on, as its escape: \\x1b, \\n, \\u202e."""
    char = match.group()
    code = ord(char)
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def terminal_safe(text: str) -> str:
    """A cell's text with every character a terminal would act on shown as its escape (ESC as \\x1b)."""
    return UNSAFE_IN_CELL.sub(_visible, text)


def one_line(text: str) -> str:
    """A message (warning, error) kept on one line and safe for a terminal: line breaks shown as \\n too."""
    return UNSAFE_IN_LINE.sub(_visible, text)


def _safe_value(value: Any) -> Any:
    if isinstance(value, str):
        return terminal_safe(value)
    if isinstance(value, Styled):
        return replace(value, text=terminal_safe(value.text))
    if isinstance(value, (list, tuple)):
        return [_safe_value(item) for item in value]
    if isinstance(value, dict):
        return {_safe_value(key): _safe_value(item) for key, item in value.items()}
    return value


def safe_view(view: View) -> View:
    """The view with every string (columns, cells, title, legend) safe for a terminal."""
    return replace(
        view, columns=_safe_value(view.columns), rows=_safe_value(view.rows), title=_safe_value(view.title),
        legend=_safe_value(view.legend), styles=_safe_value(view.styles), heat=_safe_value(view.heat),
        flexible=_safe_value(view.flexible), spare=_safe_value(view.spare), marked=_safe_value(view.marked),
        name=_safe_value(view.name), sheets=[safe_view(sheet) for sheet in view.sheets],
        display=safe_view(view.display) if view.display is not None else None,
    )


def _escape_in_strings(text: str) -> str:
    """JSON or YAML text with DEL, C1 and bidirectional controls as \\u escapes (inside strings, where they can only be)."""
    return UNSAFE_IN_STRING.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def cell_text(value: Any) -> str:
    """A cell as flat text: lists joined with "; ", None empty, floats with 2 decimals."""
    if value is None:
        return ""
    if isinstance(value, Styled):
        return value.text
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, (list, tuple)):
        return "; ".join(cell_text(item) for item in value)
    return str(value)


def _flat(value: Any) -> str:
    """A cell on one line: tabs and line breaks (CR, LF, and the rest str.splitlines knows) would break TSV and `cut`."""
    return " / ".join(cell_text(value).replace("\t", " ").splitlines())


def render_tsv(view: View) -> str:
    """Tab-separated lines with a header: made for grep, cut and awk."""
    lines = ["\t".join(_flat(column) for column in view.columns)]  # a column named after a file may hold a tab
    lines += ["\t".join(_flat(row.get(column)) for column in view.columns) for row in view.rows]
    return "\n".join(lines) + "\n"


def defuse_formula(text: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with ' (OWASP's advice).

    The ' goes before = + - @ tab CR, and before a cell that already is quotes followed by one of them,
    so that `undo_defuse` gives back exactly the original text ("'=x" stays distinct from "=x").
    """
    return "'" + text if text.lstrip("'").startswith(FORMULA_START) else text


def undo_defuse(text: str) -> str:
    """The original text of a cell written by `defuse_formula`."""
    return text[1:] if text.startswith("'") and text.lstrip("'").startswith(FORMULA_START) else text


def render_csv(view: View) -> str:
    """RFC 4180 CSV, formula-like cells defused; the BOM is added only when writing a file."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(view.columns)
    for row in view.rows:
        writer.writerow([defuse_formula(cell_text(row.get(column))) for column in view.columns])
    return buffer.getvalue()


def render_json(view: View) -> str:
    """The document (or the rows) as indented JSON, Chinese kept readable."""
    data = view.document if view.document is not None else view.rows
    return _escape_in_strings(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def render_jsonl(view: View) -> str:
    """One JSON object per line: the records (or the rows)."""
    records = view.records if view.records is not None else view.rows
    return "".join(_escape_in_strings(json.dumps(record, ensure_ascii=False)) + "\n" for record in records)


def render_yaml(view: View) -> str:
    """The document (or the rows) as YAML, in the order of the JSON."""
    import yaml

    class Dumper(yaml.SafeDumper):
        """Double-quotes a string holding a bidirectional control, so that it can be written as an escape."""

    def represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"' if UNSAFE_IN_STRING.search(text) else None)

    Dumper.add_representer(str, represent_str)
    data = view.document if view.document is not None else view.rows
    return _escape_in_strings(yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=120))


def render_markdown(view: View) -> str:
    """A GitHub-flavoured Markdown table (characters with a meaning in a cell escaped)."""
    from tabulate import tabulate

    body = [[_escape_markdown(_flat(row.get(column))) for column in view.columns] for row in view.rows]
    text = tabulate(body, headers=[_escape_markdown(_flat(column)) for column in view.columns], tablefmt="github", disable_numparse=True)
    heading = f"### {view.title}\n\n" if view.title else ""
    return heading + text + "\n"


def _escape_markdown(text: str) -> str:
    """Backslash-escape what Markdown would read as syntax inside a table cell."""
    return "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in text)


def render_table(view: View, terminal: Terminal) -> str:
    """A rich table fitted to the terminal; CJK characters count double, long titles wrap."""
    from rich import box
    from rich.table import Table

    buffer = io.StringIO()
    console = make_console(buffer, terminal)
    width = console.width
    columns = list(view.columns)
    cells = [[_table_cell(view, column, row.get(column), terminal.color) for column in columns] for row in view.rows]
    widths: list = [None] * len(columns)
    if view.compact:
        widths = compact_widths(view, columns, cells, width)
        kept = [k for k, column_width in enumerate(widths) if column_width]  # a spare column without room is left out
        columns, widths = [columns[k] for k in kept], [widths[k] for k in kept]
        cells = [[shorten_lines(row[k], widths[n]) for n, k in enumerate(kept)] for row in cells]
    # A heat map or a compact table is a grid of one-line rows; rules between rows would halve what fits on screen.
    table = Table(title=view.title, show_lines=not (view.heat or view.compact), header_style="bold", title_justify="left",
                  box=box.SIMPLE_HEAD if view.compact else box.HEAVY_HEAD, pad_edge=not view.compact,
                  show_edge=not view.compact)
    for column, column_width in zip(columns, widths):
        # Compact: each line is cut to its column with an ellipsis, by display width (a CJK character counts two).
        table.add_column(column, style=view.styles.get(column), overflow="ellipsis" if view.compact else "fold",
                         no_wrap=view.compact, width=column_width)
    for row in cells:
        table.add_row(*row)
    console.print(table)
    if view.legend and terminal.color:
        console.print(view.legend, style="dim")
    return buffer.getvalue()


# A spare column (compare's why) is shown when it gets this many cells and the flexible ones keep SHARE_MIN each.
SPARE_MIN, SHARE_MIN = 12, 24


def compact_widths(view: View, columns: list[str], cells: list[list[Any]], width: int) -> list[int]:
    """Column widths of a compact table: the others as wide as their text, the flexible ones share what is left;
    a spare column takes a share too when the flexible ones can spare it, else it is left out (0).
    """
    from rich.cells import cell_len

    natural = [max([cell_len(column)] + [cell_len(line) for row in cells for line in str(row[k]).split("\n")])
               for k, column in enumerate(columns)]
    shown = [k for k, column in enumerate(columns) if column not in view.spare]
    # SIMPLE_HEAD without edges: a rule between columns and a space each side of it.
    left = width - (3 * len(shown) - 3) - sum(natural[k] for k in shown if columns[k] not in view.flexible)
    flexible = sorted((natural[k], k) for k in shown if columns[k] in view.flexible)
    spare = [k for k, column in enumerate(columns) if column in view.spare]
    reserve = {k: min(natural[k] + 3, left // (len(flexible) + len(spare))) for k in spare}
    if any(room - 3 < SPARE_MIN for room in reserve.values()) or (left - sum(reserve.values())) // max(len(flexible), 1) < SHARE_MIN:
        reserve = dict.fromkeys(spare, 0)
    left -= sum(reserve.values())
    widths = list(natural)
    for done, (wanted, k) in enumerate(flexible):
        share = max(left // (len(flexible) - done), 4)  # water-filling: a narrow column gives its spare width away
        widths[k] = min(wanted, share)
        left -= widths[k]
    for k in spare:  # what the flexible columns did not need goes to the spare one
        widths[k] = min(natural[k], reserve[k] - 3 + left) if reserve[k] else 0
        left -= max(widths[k] - reserve[k] + 3, 0)
    return widths


def shorten(text: str, width: int) -> str:
    """The text cut to `width` terminal cells with an ellipsis (a CJK character takes two cells)."""
    kept = _fitting(text, width)
    return text if kept == len(text) else text[:kept] + "…"


def _fitting(text: str, width: int) -> int:
    """How many characters of the text to keep: all when it fits, else those that leave a cell for "…"."""
    from rich.cells import cell_len

    if cell_len(text) <= width:
        return len(text)
    used = 0
    for position, char in enumerate(text):
        used += cell_len(char)
        if used > width - 1:
            return position
    return len(text)


def shorten_lines(cell: Any, width: int) -> Any:
    """Every line of a table cell (a string or rich Text) cut to the width."""
    from rich.text import Text

    if not isinstance(cell, Text):
        return "\n".join(shorten(line, width) for line in str(cell).split("\n"))
    lines = []
    for line in cell.split("\n"):
        kept = _fitting(line.plain, width)
        if kept < len(line.plain):
            style = line.spans[-1].style if line.spans else ""
            line = line[:kept]
            line.append("…", style=style)
        lines.append(line)
    return Text("\n").join(lines)


def make_console(file, terminal: Terminal):
    """A rich console for the terminal's facts: its width, colour only when wanted, notice text never read as markup."""
    from rich.console import Console

    return Console(
        file=file,
        force_terminal=terminal.color,
        no_color=not terminal.color,
        color_system=terminal.colors if terminal.color else None,  # from the run's facts, not rich's own reading of TERM
        width=terminal.width or 80,
        highlight=False,
        soft_wrap=False,
        # Cells are notice text, not rich markup: "[/x]" must print, not raise, and ":smile:" stays text.
        markup=False,
        emoji=False,
    )


def _table_cell(view: View, column: str, value: Any, color: bool = False) -> Any:
    """Text of a table cell; heat-map columns get a background by how many items the cell holds."""
    if color and column in view.marked:
        return _coloured_marks(cell_text(value) if not isinstance(value, (list, tuple)) else "\n".join(map(cell_text, value)))
    if isinstance(value, Styled) or (isinstance(value, (list, tuple)) and any(isinstance(v, Styled) for v in value)):
        return styled_text(value)
    heat = bool(view.heat) and column in view.heat and isinstance(value, (list, tuple))
    # A heat-map cell reads across ("7, 9"), so a map of 20 topics fits one screen; other lists stack.
    text = cell_text(value) if not isinstance(value, (list, tuple)) else (", " if heat else "\n").join(cell_text(v) for v in value)
    if heat:
        from rich.text import Text

        shades = ["", "on grey23", "on dark_green", "on green4", "on green3"]
        return Text(text, style=shades[min(len(value), len(shades) - 1)])
    return text


def styled_text(value: Any):
    """A Styled cell (or a list of them, one per line) as rich Text."""
    from rich.text import Text

    items = value if isinstance(value, (list, tuple)) else [value]
    text = Text()
    for number, item in enumerate(items):
        if number:
            text.append("\n")
        text.append(cell_text(item), style=item.style if isinstance(item, Styled) else "")
    return text


# Word-diff marks: [-removed-] and {+added+}, as `git diff --word-diff=plain` writes them.
MARK = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.S)


def split_marks(text: str) -> list[tuple[str, str]]:
    """Text with word-diff marks -> (kind, piece) pieces, kind "" (kept), "-" (removed) or "+" (added)."""
    pieces: list[tuple[str, str]] = []
    position = 0
    for match in MARK.finditer(text):
        if match.start() > position:
            pieces.append(("", text[position : match.start()]))
        pieces.append(("-", match.group(1)) if match.group(1) is not None else ("+", match.group(2)))
        position = match.end()
    if position < len(text):
        pieces.append(("", text[position:]))
    return pieces


def _coloured_marks(text: str) -> Any:
    """Removed text red and struck through, added text green (the marks themselves dropped), as git's --color-words."""
    from rich.text import Text

    styles = {"": "", "-": "red strike", "+": "green"}
    result = Text()
    for kind, piece in split_marks(text):
        result.append(piece, style=styles[kind])
    return result


def write_output(path: Path, text: str | bytes, bom: bool = False) -> None:
    """Write an -o file: atomically for a file, straight in for a device or pipe (-o /dev/stdout)."""
    try:
        _write_output(path, text, bom)
    except OSError as error:  # Path's own checks raise what they cannot answer: a name too long for the file system
        raise OutputError(f"cannot write {path}: {error.strerror}", "check the name and the folder of the file") from error


def _write_output(path: Path, text: str | bytes, bom: bool) -> None:
    if _is_device_or_pipe(path):
        # Renaming a temporary file onto /dev/stdout or a FIFO would replace it (as root, /dev/null too).
        _write_special(path, text, bom)
        return
    # Through a symlink, replace the file it points at, not the link.
    write_atomic(path.resolve() if path.is_symlink() else path, text, bom)


def _is_device_or_pipe(path: Path) -> bool:
    """True for an existing path that is neither a regular file nor a folder: /dev/null, /dev/stdout, a FIFO."""
    try:
        return path.exists() and not path.is_file() and not path.is_dir()
    except OSError:
        return False  # write_atomic reports what is wrong with the path


def _write_special(path: Path, text: str | bytes, bom: bool) -> None:
    """Write into a device or named pipe, which cannot be replaced by a rename."""
    try:
        with _open_for(path, text, bom) as handle:
            handle.write(text)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror}", "check that it can be written to") from error


def _open_for(target: Path | int, text: str | bytes, bom: bool):
    """The file opened for writing text as UTF-8 (with a BOM when asked), or bytes as they are."""
    if isinstance(text, bytes):
        return open(target, "wb")
    return open(target, "w", encoding="utf-8-sig" if bom else "utf-8", newline="")


def write_atomic(path: Path, text: str | bytes, bom: bool = False) -> None:
    """Write text as UTF-8 (or bytes) via a temporary file and a rename: never a half-written or emptied file."""
    import tempfile  # with random, 1.5 ms of every run's start-up, for the runs that write a file (-o) only

    directory = path.parent  # "." for a bare name
    if not directory.is_dir():
        blocking = next((parent for parent in (directory, *directory.parents) if parent.exists()), None)
        if blocking is not None and not blocking.is_dir():  # -o notes.txt/out.csv
            raise OutputError(f"cannot write {path}: {blocking} is a file, not a folder", "name a folder, or write beside the file")
        raise OutputError(f"cannot write {path}: folder {directory} does not exist", "create the folder first")
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder", "name a file")
    sweep_temporaries(directory)
    pending: list[str] = []  # the temporary file, removed by SIGTERM or SIGHUP until it is renamed
    with _removed_on_signal(pending):
        try:
            fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.hrcli-{os.getpid()}-", suffix=".tmp")
        except OSError as error:
            raise OutputError(f"cannot write {path}: {error.strerror}", "choose a folder you can write to") from error
        pending.append(temporary)
        _replace_with(path, fd, temporary, text, bom)


def _replace_with(path: Path, fd: int, temporary: str, text: str | bytes, bom: bool) -> None:
    """Write the text into the open temporary file and rename it over path; on any failure remove it."""
    try:
        with _open_for(fd, text, bom) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"cannot write {path}: {error.strerror}", "check free space and permissions") from error
        raise


# Temporary files of write_atomic: .NAME.hrcli-PID-RANDOM.tmp (mkstemp's random part is 8 characters).
TEMPORARY = re.compile(r"^\..+\.hrcli-(\d+)-[a-z0-9_]{8}\.tmp$")
# A temporary file is stale when its process is gone and it is this old (another machine sharing the folder over
# NFS has other process ids: give its write time), or when it is older than a day whatever its process.
STALE_AFTER = 60
STALE_ANYWAY_AFTER = 86400


@contextlib.contextmanager
def _removed_on_signal(pending: list[str]) -> Iterator[None]:
    """While writing, SIGTERM or SIGHUP first removes the pending temporary file, then ends hrcli by that signal as before.

    (Ctrl-C raises KeyboardInterrupt, which the writer's own cleanup handles; SIGKILL cannot be caught: the next
    run sweeps what it leaves, see sweep_temporaries.)
    """
    import signal

    from hrcli.signals import on_termination

    def remove_and_resend(signum: int, _frame: Any, previous: dict[int, Any]) -> None:
        for temporary in pending:
            Path(temporary).unlink(missing_ok=True)
        signal.signal(signum, previous.get(signum, signal.SIG_DFL))
        os.kill(os.getpid(), signum)

    with on_termination(remove_and_resend):
        yield


def sweep_temporaries(directory: Path) -> None:
    """Remove temporary files of earlier runs killed while writing (SIGKILL, a crash) from the folder."""
    from hrcli.signals import sweep_leftovers

    sweep_leftovers(directory, _writer_of, STALE_AFTER, STALE_ANYWAY_AFTER)


def _writer_of(name: str) -> int | None:
    """The process id in the name of a temporary file of write_atomic, else None."""
    match = TEMPORARY.match(name)
    return int(match.group(1)) if match else None


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is set back at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
