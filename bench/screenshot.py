"""The README's picture of the terminal table: `hrcli compare linfen qinghai` on a 120-column colour terminal.

Runs the installed hrcli on a pseudo-terminal (so it colours and fits the width, as a user sees it; no pager),
turns its escape sequences into an HTML page (rich reads them; every character a box of its terminal width), and
photographs the page with headless chromium:  .venv/bin/python bench/screenshot.py [OUT.png]  (default docs/compare-table.png).
"""

from __future__ import annotations

import io
import os
import pty
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = ["compare", "linfen", "qinghai"]
COLUMNS = 120


def terminal_output(args: list[str], columns: int) -> str:
    """What hrcli writes to a terminal of that width (escape sequences included)."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 60, columns, 0, 0))
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    environment |= {"HRCLI_PAGER": "", "TERM": "xterm-256color"}
    hrcli = Path(sys.executable).with_name("hrcli")
    process = subprocess.Popen([str(hrcli), "-q", *args], stdout=slave, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                               env=environment, cwd=ROOT)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # Linux: EIO once the child has closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    process.wait(timeout=120)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


# A page holding the terminal text on the terminal's grid: every character is a box as wide as the columns a
# terminal gives it (a Chinese character two, the ellipsis one) and every line a row of fixed height, whatever
# the fonts' own widths. (rich's SVG export sizes each run by its characters, not its columns, and squeezes
# Chinese text to half its width.)
CELL, LINE = 9, 21  # pixels of a column and a line
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>
body {{ margin: 0; padding: 18px 22px; background: {background}; color: {foreground};
       font-family: 'DejaVu Sans Mono', 'Noto Sans CJK SC', monospace; font-size: 15px; }}
div {{ height: {line}px; white-space: pre; }}
span {{ display: inline-block; height: {line}px; line-height: {line}px; text-align: center; overflow: hidden; }}
</style></head><body>
{lines}
</body></html>
"""


def to_html(ansi: str, columns: int) -> tuple[str, int]:
    """The terminal text as a page in terminal colours, and its number of lines."""
    import html

    from rich.cells import cell_len
    from rich.segment import Segment
    from rich.terminal_theme import MONOKAI
    from rich.text import Text

    lines = []
    for line in Text.from_ansi(ansi.rstrip("\n")).split("\n"):
        boxes = []
        for segment in Segment.simplify(line.render(_console(columns))):
            css = segment.style.get_html_style(MONOKAI) if segment.style else ""
            for char in segment.text:
                boxes.append(f'<span style="width: {cell_len(char) * CELL}px; {css}">{html.escape(char)}</span>')
        lines.append(f"<div>{''.join(boxes)}</div>")
    background, foreground = MONOKAI.background_color.hex, MONOKAI.foreground_color.hex
    return PAGE.format(background=background, foreground=foreground, line=LINE, lines="\n".join(lines)), len(lines)


def _console(columns: int):
    """A console that only renders (Text to segments), never prints."""
    from rich.console import Console

    return Console(width=columns, file=io.StringIO(), force_terminal=True, color_system="truecolor")


def photograph(page_text: str, lines: int, out: Path) -> None:
    """A PNG of the page, by headless chromium sized to the text."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        sys.exit("screenshot: needs chromium (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as work:
        page = Path(work) / "table.html"
        page.write_text(page_text, encoding="utf-8")
        width, height = COLUMNS * CELL + 48, lines * LINE + 38
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                        f"--user-data-dir={work}/profile", f"--window-size={width},{height}", f"--screenshot={out}",
                        page.as_uri()], check=True, capture_output=True, timeout=120)


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "compare-table.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    page, lines = to_html(terminal_output(COMMAND, COLUMNS), COLUMNS)
    photograph(page, lines, out.resolve())
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
