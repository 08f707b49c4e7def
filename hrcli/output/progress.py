"""A progress bar on standard error for long library work (the corpus index build); rich, imported only here."""

from __future__ import annotations

from typing import Any

STAGES = {"parsing": "parsing notices", "indexing": "indexing"}


class ProgressBar:
    """Called as progress(stage, done, total) by the library; shows one bar per stage while in a `with` block."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self._bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(TextColumn("hrcli: {task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self._bar.start()
        if stage not in self._tasks:
            self._tasks[stage] = self._bar.add_task(STAGES.get(stage, stage), total=total)
        self._bar.update(self._tasks[stage], completed=done, total=total)
