"""A content-keyed JSON cache in the user's cache folder: safe to delete, safe to share between processes."""

from __future__ import annotations

import functools
import json
import os
import tempfile
from pathlib import Path
from typing import Any

# Bumped when the layout of cached entries changes, so old entries are simply not found.
CACHE_VERSION = "1"


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
