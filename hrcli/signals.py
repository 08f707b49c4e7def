"""SIGTERM and SIGHUP while hrcli writes files: one way to catch them for a while, shared by every writer."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
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
