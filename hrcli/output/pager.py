"""Long output on a terminal goes through a pager, as git and gh do.

Whether to page is one function of the terminal's facts (hrcli.terminal.Terminal: a TTY?, its height, the
pager command, which is None under --no-pager or HRCLI_PAGER=); running the pager is another. A pipe or an -o file never pages.
"""

from __future__ import annotations

import os

# What git sets when the user has not: less quits if the text fits one screen (F), shows colours (R)
# and leaves the text on the screen when it quits (X); lv shows colours (-c).
PAGER_ENVIRONMENT = {"LESS": "FRX", "LV": "-c"}
# The shell's exit codes for a command it cannot run (126) or find (127).
NOT_RUN = (126, 127)


def should_page(terminal, text: str) -> bool:
    """Page when standard output is a terminal with a pager and the text is taller than the screen.

    `terminal` is a hrcli.terminal.Terminal; an unknown height pages (less -F still quits on a short text).
    """
    if not (terminal.is_tty and terminal.pager):
        return False
    return terminal.height is None or text.count("\n") >= terminal.height


def run_pager(command: str, text: str, encoding: str = "utf-8") -> bool:
    """Show the text through the pager (a shell command line, as git runs it); False when it could not be run."""
    import subprocess

    # A POSIX shell sets less's and lv's options unless the user has (git does the same): Python reads no environment.
    defaults = " ".join(f'{name}="${{{name}-{value}}}"' for name, value in PAGER_ENVIRONMENT.items())
    line = command if os.name == "nt" else f"export {defaults}; {command}"
    try:
        process = subprocess.Popen(line, shell=True, stdin=subprocess.PIPE)
    except OSError:
        return False
    try:
        if process.stdin is not None:
            process.stdin.write(text.encode(encoding, errors="replace"))
            process.stdin.close()
    except (BrokenPipeError, KeyboardInterrupt):
        pass  # the reader quit early (q in less), or Ctrl-C: the pager ends on its own
    return _wait(process) not in NOT_RUN


def _wait(process) -> int:
    """The pager's exit code; Ctrl-C belongs to the pager while it runs (less uses it to stop a search)."""
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            continue
