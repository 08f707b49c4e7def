"""The README's picture of the terminal table: `hrcli compare linfen qinghai` on a 120-column colour terminal.

Runs the installed hrcli on a pseudo-terminal (so it colours and fits the width, as a user sees it; no pager),
turns its escape sequences into an HTML page with rich's recording console, and photographs the page with
headless chromium:  .venv/bin/python bench/screenshot.py [OUT.png]  (default docs/compare-table.png).
"""

from __future__ import annotations

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


# A page holding the terminal text on the terminal's grid: every character a terminal draws two columns wide is
# a box of 2ch, the ellipsis a box of 1ch, whatever the fonts' own widths (rich's SVG export sizes each run by its
# characters, not its columns, and squeezes Chinese text to half its width).
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>
body {{ margin: 0; background: {background}; }}
pre {{ margin: 0; padding: 18px 22px; color: {foreground}; background: {background};
      font-family: 'DejaVu Sans Mono', 'Noto Sans CJK SC', monospace; font-size: 15px; line-height: 1.4; }}
.w, .n {{ display: inline-block; height: 1.4em; vertical-align: top; text-align: center; overflow: hidden; }}
.w {{ width: 2ch; }}
.n {{ width: 1ch; }}
</style></head><body><pre><code>{code}</code></pre></body></html>
"""


def to_html(ansi: str, columns: int) -> tuple[str, int]:
    """The terminal text as a page in terminal colours, and its number of lines."""
    from rich.console import Console
    from rich.terminal_theme import MONOKAI
    from rich.text import Text

    with open(os.devnull, "w") as sink:
        console = Console(record=True, width=columns, file=sink, force_terminal=True, color_system="truecolor")
        console.print(Text.from_ansi(ansi), end="")
        page = console.export_html(theme=MONOKAI, inline_styles=True, code_format=PAGE)
    return on_grid(page), ansi.rstrip("\n").count("\n") + 1


def on_grid(page: str) -> str:
    """Each wide character (and the one-column ellipsis and middle dot) in a box of its terminal width."""
    import re

    from rich.cells import cell_len

    def box(match: re.Match) -> str:
        char = match.group(0)
        return f'<span class="{"w" if cell_len(char) == 2 else "n"}">{char}</span>'

    return re.sub(r"[^\x00-\x7f\u2500-\u257f]", box, page)  # box-drawing lines are one column in every font


def photograph(page_text: str, lines: int, out: Path) -> None:
    """A PNG of the page, by headless chromium sized to the text."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        sys.exit("screenshot: needs chromium (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as work:
        page = Path(work) / "table.html"
        page.write_text(page_text, encoding="utf-8")
        width, height = int(COLUMNS * 9.04 + 48), int(lines * 21 + 38)  # DejaVu Sans Mono at 15px: 9.04px a column, 21px a line
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
