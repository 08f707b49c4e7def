"""A content-keyed JSON cache in one folder: safe to delete, safe to share between processes."""

from __future__ import annotations

import functools
import json
import os
import tempfile
from pathlib import Path
from typing import Any

# Bumped when the layout of cached entries changes, so old entries are simply not found.
CACHE_VERSION = "1"


class Cache:
    """Entries by kind and key under one folder; a Cache of None keeps nothing (--no-cache)."""

    def __init__(self, directory: Path | None):
        self.directory = directory

    def __repr__(self) -> str:
        return f"Cache({self.directory!r})"

    def folder(self, kind: str) -> Path | None:
        """The folder of one kind of entry (the index keeps its own files there), or None when off."""
        return self.directory / f"v{CACHE_VERSION}" / kind if self.directory else None

    def _entry(self, kind: str, key: str) -> Path | None:
        folder = self.folder(kind)
        return folder / f"{key}.json" if folder else None

    def get(self, kind: str, key: str) -> Any | None:
        """The cached value, or None when absent, unreadable or corrupt (then it is rebuilt)."""
        path = self._entry(kind, key)
        if path is None:
            return None
        try:
            with open(path, encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError):
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store a value atomically (temporary file, then rename); a cache that cannot be written is skipped."""
        path = self._entry(kind, key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(value, handle, ensure_ascii=False, separators=(",", ":"))
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except (OSError, TypeError, ValueError):
            pass  # a read-only or full disk, or a value JSON cannot hold, only costs speed


NO_CACHE = Cache(None)


@functools.cache
def code_fingerprint() -> str:
    """Names, sizes and times of hrcli's own source files: a changed parser or aligner misses the cache.

    Computed once per process (every notice loaded and every alignment asks for it).
    """
    package = os.path.dirname(os.path.abspath(__file__))
    return ";".join(_source_stats(package, ""))


def _source_stats(folder: str, prefix: str) -> list[str]:
    """name:size:mtime of every .py file below a folder, sorted (os.scandir: a third of pathlib's rglob cost)."""
    parts = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda entry: entry.name):
            if entry.name.endswith(".py") and entry.is_file():
                stat = entry.stat()
                parts.append(f"{prefix}{entry.name}:{stat.st_size}:{stat.st_mtime_ns}")
            elif entry.is_dir() and not entry.name.startswith((".", "__")):
                parts.extend(_source_stats(entry.path, f"{prefix}{entry.name}/"))
    return parts
