"""A content-keyed JSON cache in the user's cache folder: safe to delete, safe to share between processes."""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

# Bumped when the layout of cached entries changes, so old entries are simply not found.
CACHE_VERSION = "1"
# Entries of other versions (of the parser, of hrcli) are kept side by side, the most recent KEEP_VERSIONS
# of them for at most STALE_SECONDS after their last use; older ones are removed.
KEEP_VERSIONS = 2
STALE_SECONDS = 7 * 24 * 3600


def cache_dir() -> Path | None:
    """$HRCLI_CACHE_DIR, else $XDG_CACHE_HOME/hrcli, else ~/.cache/hrcli; None when disabled."""
    if os.environ.get("HRCLI_NO_CACHE"):
        return None
    explicit = os.environ.get("HRCLI_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "hrcli"


@functools.cache
def code_fingerprint() -> str:
    """Names, sizes and times of hrcli's own source files: a changed parser or aligner misses the cache.

    Computed once per process (every notice loaded and every alignment asks for it).
    """
    package = Path(__file__).resolve().parent
    parts = []
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        parts.append(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}")
    return ";".join(parts)


def _entry(kind: str, key: str) -> Path | None:
    directory = cache_dir()
    return directory / f"v{CACHE_VERSION}" / kind / f"{key}.json" if directory else None


def get(kind: str, key: str) -> Any | None:
    """The cached value, or None when absent, unreadable or corrupt (then it is rebuilt)."""
    path = _entry(kind, key)
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def put(kind: str, key: str, value: Any) -> None:
    """Store a value atomically (temporary file, then rename); a cache that cannot be written is skipped."""
    path = _entry(kind, key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))  # the C encoder: json.dump is not
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".tmp-{os.getpid()}-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, TypeError, ValueError):
        pass  # a read-only or full disk, or a value JSON cannot hold, only costs speed


_swept: set[str] = set()


def sweep_versions(kind: str, current: str) -> None:
    """Remove cache/v1/<kind>/<version> folders of old versions (once per process and kind), mark `current` used.

    Kept: `current`, and the KEEP_VERSIONS most recently used others if used within STALE_SECONDS (two
    versions of hrcli sharing one cache do not evict each other). Entries of the flat layout before
    versions had folders are removed too.
    """
    directory = cache_dir()
    if directory is None or kind in _swept:
        return
    _swept.add(kind)
    folder = directory / f"v{CACHE_VERSION}" / kind
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


def remove_folder(path: Path) -> None:
    """Remove a folder: renamed away first (so no reader sees half of it), then deleted."""
    trash = path.parent / f".trash-{os.getpid()}-{uuid.uuid4().hex}"
    try:
        os.replace(path, trash)
    except OSError:
        return
    shutil.rmtree(trash, ignore_errors=True)
