"""What standard output is (a terminal or a pipe, its width, colour): decided once per run, from values given."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True)
class Terminal:
    """The facts about standard output that decide how a view is drawn (httpie's Environment does the same)."""

    is_tty: bool
    color: bool
    width: int | None  # columns to fit a table to ($COLUMNS in a pipe); None: 80
    pager: str | None = None  # the pager command a long table goes through on a terminal; None for none
    height: int | None = None  # lines of the screen ($LINES, else the terminal's); None: unknown or not a terminal
    colors: str = "standard"  # the colours it shows: "standard" (16), "256" or "truecolor" (rich's color systems)

    @classmethod
    def detect(cls, stream: TextIO, environ: Mapping[str, str]) -> Terminal:
        """Look at the stream and the given environment (the settings loader passes the process environment)."""
        is_tty = bool(getattr(stream, "isatty", lambda: False)())
        # no-color.org: NO_COLOR counts when set to anything but the empty string.
        color = is_tty and not environ.get("NO_COLOR") and environ.get("TERM") != "dumb"
        width = terminal_width(stream, environ)
        if not is_tty:
            return cls(is_tty=False, color=False, width=width)
        return cls(is_tty=True, color=bool(color), width=width, pager=pager_command(environ),
                   height=terminal_height(stream, environ), colors=terminal_colors(environ))


def terminal_colors(environ: Mapping[str, str]) -> str:
    """The colours a terminal shows, as its environment says (what rich would read itself: it is given this)."""
    if environ.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return "truecolor"
    return "256" if "256color" in environ.get("TERM", "") else "standard"


DEFAULT_PAGER = "less -FRX"
# Pager commands that mean "no pager" (git treats `cat` so); an empty HRCLI_PAGER turns paging off too.
NO_PAGER = ("", "cat")


def pager_command(environ: Mapping[str, str]) -> str | None:
    """$HRCLI_PAGER, else $PAGER, else `less -FRX` when less is installed; None for an empty value or cat."""
    for name in ("HRCLI_PAGER", "PAGER"):
        if name in environ:
            command = environ[name].strip()
            return None if command in NO_PAGER else command
    return DEFAULT_PAGER if shutil.which("less") else None


def terminal_height(stream: TextIO, environ: Mapping[str, str]) -> int | None:
    """Lines of the screen: $LINES, else the stream's terminal, else None."""
    lines = environ.get("LINES", "")
    if lines.isdigit() and int(lines) > 0:
        return int(lines)
    try:
        return os.get_terminal_size(stream.fileno()).lines or None
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None


PIPE = Terminal(is_tty=False, color=False, width=None)


def terminal_width(stream: TextIO, environ: Mapping[str, str]) -> int | None:
    """Columns to fit: $COLUMNS, else the stream's terminal, else None."""
    columns = environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        width = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        width = 0
    return width or None  # a new pseudo-terminal reports 0 columns until someone sets its size
