"""A content-keyed JSON cache in one folder: safe to delete, safe to share between processes."""

from __future__ import annotations

import functools
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Bumped when the layout of cached entries changes, so old entries are simply not found.
CACHE_VERSION = "1"
# Entries of other versions (of the parser, of hrcli) are kept side by side, the most recent KEEP_VERSIONS
# of them for at most STALE_SECONDS after their last use; older ones are removed.
KEEP_VERSIONS = 2
STALE_SECONDS = 7 * 24 * 3600


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

    def put(self, kind: str, key: str, value: Any, default: Callable[[Any], Any] | None = None) -> None:
        """Store a value atomically (temporary file, then rename); a cache that cannot be written is skipped.

        `default`: json.dumps' hook for values it cannot encode itself (schema.json_fields for dataclasses).
        """
        path = self._entry(kind, key)
        if path is None:
            return
        try:
            data = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=default).encode("utf-8")
            write_atomically(path, data)
        except (OSError, TypeError, ValueError):
            pass  # a read-only or full disk, or a value JSON cannot hold, only costs speed

    def sweep_versions(self, kind: str, current: str) -> None:
        """Remove <kind>/<version> folders of old versions (once per process and kind); mark `current` used.

        Kept: `current`, and the KEEP_VERSIONS most recently used others if used within STALE_SECONDS (two
        versions of hrcli sharing one cache do not evict each other). Entries of the flat layout before
        versions had folders are removed too.
        """
        folder = self.folder(kind)
        if folder is None or (folder, kind) in _swept:
            return
        _swept.add((folder, kind))
        try:
            os.utime(folder / current)
            entries = list(folder.iterdir())
        except OSError:
            return
        others = []
        for entry in entries:
            try:
                if entry.is_file() and entry.suffix == ".json":
                    entry.unlink()
                elif entry.is_dir() and entry.name != current and not entry.name.startswith("."):
                    others.append((entry.stat().st_mtime, entry))
            except OSError:
                continue
        others.sort(reverse=True)
        now = time.time()
        for rank, (used, entry) in enumerate(others):
            if rank >= KEEP_VERSIONS or now - used > STALE_SECONDS:
                remove_folder(entry)


_swept: set[tuple[Path, str]] = set()
NO_CACHE = Cache(None)


def write_atomically(path: Path, data: bytes, durable: bool = False, mode: int = 0o600) -> None:
    """Write a file atomically: a temporary file of this process beside it (its folder made when missing), renamed.

    `durable`: the bytes reach the disk (fsync) before the rename (the index's files, whose recorded stat vouches
    for their bytes). `mode`: the new file's permissions, less the umask.

    os.open with a unique name, not tempfile.mkstemp: a cold index build writes 10,000 entries, and mkstemp's
    random names and file object cost 0.07 ms of each (measured).
    """
    temporary = path.parent / f".tmp-{os.getpid()}-{uuid.uuid4().hex}.json"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(temporary, flags, mode)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(temporary, flags, mode)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def remove_folder(path: Path) -> None:
    """Remove a folder: renamed away first (so no reader sees half of it), then deleted."""
    trash = path.parent / f".trash-{os.getpid()}-{uuid.uuid4().hex}"
    try:
        os.replace(path, trash)
    except OSError:
        return
    shutil.rmtree(trash, ignore_errors=True)


@functools.cache
def code_fingerprint(*parts: str) -> str:
    """Names, sizes and times of hrcli's own source files: a changed parser or aligner misses the cache.

    With parts (folders or files of the package, "parse" or "schema.py"), only those. Computed once per
    process and parts (every notice loaded and every alignment asks for it); one stat per file, no reading.
    """
    package = os.path.dirname(os.path.abspath(__file__))
    found = []
    for part in parts or ("",):
        path = os.path.join(package, part)
        if os.path.isdir(path):
            found.extend(_source_stats(path, f"{part}/" if part else ""))
        elif os.path.isfile(path):
            stat = os.stat(path)
            found.append(f"{part}:{stat.st_size}:{stat.st_mtime_ns}")
    return ";".join(found)


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
