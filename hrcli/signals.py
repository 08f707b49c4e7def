"""Processes and signals around hrcli's temporary files: catching SIGTERM/SIGHUP while writing, and telling
whether the process that left a temporary file still runs."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

TERMINATION_SIGNALS = ("SIGTERM", "SIGHUP")


@contextlib.contextmanager
def on_termination(handler: Callable[[int, Any, dict[int, Any]], None]) -> Iterator[None]:
    """Call handler(signum, frame, previous_handlers) on SIGTERM or SIGHUP while inside; restore the old handlers after.

    A signal the process ignores (nohup ignores SIGHUP) stays ignored; outside the main thread, where Python cannot
    catch signals, nothing is installed.
    """
    previous: dict[int, Any] = {}
    for name in TERMINATION_SIGNALS:
        signum = getattr(signal, name, None)
        if signum is None or signal.getsignal(signum) == signal.SIG_IGN:
            continue
        with contextlib.suppress(ValueError, OSError):  # not the main thread
            previous[signum] = signal.signal(signum, lambda number, frame: handler(number, frame, previous))
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def process_alive(pid: int) -> bool:
    """True when a process of that id runs on this machine (or may: it belongs to another user, or is this one)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def sweep_leftovers(folder: Path, writer_of: Callable[[str], int | None], young: float, old: float) -> None:
    """Remove what writers killed mid-write (SIGKILL, a crash) left in `folder`: the `-o` writer's files, the index's
    folders.

    `writer_of(name)` is the process id a leftover's name holds, None for a name that is not a leftover. One goes
    once it is `young` seconds old and its writer no longer runs, or once it is `old` seconds old whatever its
    writer (the id may be another's by then); a folder goes with what it holds.
    """
    import shutil
    import time

    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        pid = writer_of(entry.name)
        if pid is None:
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
            if age > old or (age > young and not process_alive(pid)):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
        except OSError:
            pass  # another run swept it first, or the folder is not ours to clean
