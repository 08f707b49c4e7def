"""What standard output is (a terminal or a pipe, its width, colour): decided once per run, from values given."""

from __future__ import annotations

import io
import os
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

    @classmethod
    def detect(cls, stream: TextIO, environ: Mapping[str, str]) -> Terminal:
        """Look at the stream and the given environment (the settings loader passes the process environment)."""
        is_tty = bool(getattr(stream, "isatty", lambda: False)())
        # no-color.org: NO_COLOR counts when set to anything but the empty string.
        color = is_tty and not environ.get("NO_COLOR") and environ.get("TERM") != "dumb"
        width = terminal_width(stream, environ)
        pager = (environ.get("HRCLI_PAGER") or environ.get("PAGER") or "less -FRX") if is_tty else None
        return cls(is_tty=is_tty, color=bool(color), width=width, pager=pager or None)


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
