"""Where the corpus index lives on disk, and how it is written and read safely.

One folder per corpus folder and feature settings: cache/v1/index/<corpus>-<features>/, holding

- `seg-<id>/`: immutable segments, each the index of some notices (see build.py for the arrays), with a
  `meta.json` that lists its notices and every file's size and checksum;
- `stats-<id>/`: the arrays that depend on the whole corpus (global document frequencies, the norm terms
  of each task), rewritten on every update;
- `manifest.json`: the live segments and their removed notices, the stats folder, the place names, the
  files seen (size, mtime, content hash), replaced atomically: a reader sees one whole state or the other.

Every file is written to a temporary folder, fsynced, checksummed, then renamed into place. A file whose
size or times differ from those recorded after its write is verified against its checksum before use;
a failure, or any inconsistency, makes the caller rebuild. Temporary folders carry the writer's pid and
are removed on exit, on SIGTERM/SIGHUP/Ctrl-C, and by the next run when their writer is gone.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import shutil
import time
import uuid
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from hrcli.cache import write_atomically
from hrcli.signals import sweep_leftovers

# Bumped when the layout or the features of the index change (part of the folder's key).
INDEX_VERSION = "6"
MANIFEST = "manifest.json"
META = "meta.json"
# Index folders of other settings or versions are kept side by side; one unused this long is removed.
STALE_SECONDS = 14 * 24 * 3600
# A temporary folder whose writer still runs is left alone for this long (its pid may have been reused).
TEMPORARY_SECONDS = 24 * 3600
CHUNK = 1 << 22


class Damaged(Exception):
    """A file of the index is missing, truncated or garbled: the index is rebuilt."""


def index_folder(root: Path, corpus: Path, features_key: str) -> Path:
    """The folder of one corpus folder's index under one set of features (so settings live side by side)."""
    place = hashlib.sha256(str(corpus.resolve()).encode()).hexdigest()[:16]
    return root / f"{place}-{features_key[:16]}"


# ---------------------------------------------------------------------------------------------
# Writing


def checksum(path: Path) -> str:
    """CRC-32 of a file's bytes, as 8 hex digits."""
    value = 0
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            value = zlib.crc32(block, value)
    return f"{value:08x}"


def _stat(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_arrays(folder: Path, arrays: dict[str, Any], meta: dict[str, Any]) -> None:
    """Save arrays as .npy files and meta.json (with each file's checksum and stat, taken after fsync)."""
    import numpy as np

    files = {}
    for name, array in arrays.items():
        path = folder / f"{name}.npy"
        np.save(path, np.ascontiguousarray(array), allow_pickle=False)
        _fsync(path)
        files[name] = [checksum(path), *_stat(path)]
    write_json(folder / META, {**meta, "files": files})


# A file of write_json: HEAD, the body's CRC-32 as 8 hex digits, AFTER_CRC, the body, "}" (one JSON object).
HEAD = b'{"crc": "'
AFTER_CRC = b'","body":'


def write_json(path: Path, body: Any) -> None:
    """A JSON file with the CRC-32 of its body inside, fsynced, written through a temporary name."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    data = b"".join([HEAD, f"{zlib.crc32(text):08x}".encode(), AFTER_CRC, text, b"}"])
    write_atomically(path, data, durable=True, mode=0o666)


def read_json(path: Path) -> Any:
    """The body of a file written by write_json; Damaged when absent or garbled.

    A large file is read through its marshal copy (see _read_copy) when that was made from the file as it is now.
    """
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            key = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
            copy = path.with_name(f"{path.stem}{COPY_SUFFIX}")
            if stat.st_size >= COPY_FROM:
                found = _read_copy(copy, key)
                if found is not None:
                    return found[0]
            raw = handle.read()
        crc_end = len(HEAD) + 8
        if not raw.startswith(HEAD) or raw[crc_end : crc_end + len(AFTER_CRC)] != AFTER_CRC or not raw.endswith(b"}"):
            raise Damaged(f"{path}: not an index file")
        body = raw[crc_end + len(AFTER_CRC) : -1]  # the body's bytes as written: checked without encoding it again
        if f"{zlib.crc32(body):08x}".encode() != raw[len(HEAD) : crc_end]:
            raise Damaged(f"{path}: checksum")
        with collector_paused():
            value = json.loads(body)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise Damaged(f"{path}: {error}") from error
    if stat.st_size >= COPY_FROM:
        _write_copy(copy, key, value)
    return value


# A file of write_json this large (the manifest, a segment's notice table) gets a marshal copy beside it, NAME.marshal:
# json.loads of the 4.5 MB manifest at 10,000 notices costs a warm query 45 ms, marshal.loads half that.
COPY_FROM = 64 << 10
COPY_SUFFIX = ".marshal"


def _read_copy(copy: Path, key: list[int]) -> tuple[Any] | None:
    """(body,) from the marshal copy of a JSON file whose stat is `key`, or None: no copy, a copy of another version of
    the file (its size, times or inode differ), or a damaged one (its CRC-32 fails). The stat check is the one
    read_arrays makes of a .npy file: a file is replaced, never rewritten in place, and replacing moves its times."""
    import marshal

    try:
        raw = copy.read_bytes()
        if len(raw) < 4 or zlib.crc32(raw[4:]) != int.from_bytes(raw[:4], "little"):
            return None
        with collector_paused():
            recorded, body = marshal.loads(raw[4:])
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return (body,) if recorded == key else None


def _write_copy(copy: Path, key: list[int], body: Any) -> None:
    """Write the marshal copy of a JSON file just read and checked (its stat `key`); a cache that cannot be written
    only goes without."""
    import marshal

    try:
        data = marshal.dumps((key, body), 4)
    except ValueError:
        return
    with contextlib.suppress(OSError):
        write_atomically(copy, zlib.crc32(data).to_bytes(4, "little") + data)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while (then as it was).

    Reading an index's manifest and notice tables makes about ten containers per corpus file, none in a cycle;
    the collector's passes over them cost a warm query at 10,000 notices about 0.1 s of CPU. Made and dropped
    within a pause, they are never looked at.
    """
    enabled = gc.isenabled()
    _PAUSES.append(enabled)
    gc.disable()
    try:
        yield
    finally:
        _PAUSES.pop()
        if enabled:
            gc.enable()


@contextlib.contextmanager
def collector_as_before() -> Iterator[None]:
    """Within collector_paused, the collector as it was before the first pause: for long work (a build) whose
    garbage should not wait for the pause to end."""
    if not _PAUSES or not _PAUSES[0] or gc.isenabled():
        yield
        return
    gc.enable()
    try:
        yield
    finally:
        gc.disable()


_PAUSES: list[bool] = []  # whether the collector was on at each collector_paused now open, outermost first


@contextlib.contextmanager
def temporary_folder(parent: Path) -> Iterator[Path]:
    """A new folder `.tmp-<pid>-…` in parent, removed unless the caller renamed it away, even on a signal."""
    parent.mkdir(parents=True, exist_ok=True)
    folder = parent / f".tmp-{os.getpid()}-{uuid.uuid4().hex}"
    folder.mkdir()
    with signals_raise():
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def signals_raise():
    """SIGTERM and SIGHUP end the process through `finally` blocks (exit 128 + signal), not abruptly."""
    from hrcli.signals import on_termination

    def stop(number: int, _frame: Any, _previous: dict) -> None:
        raise SystemExit(128 + number)

    return on_termination(stop)


def publish(temporary: Path, final: Path) -> None:
    """Rename a finished temporary folder to its final name."""
    os.replace(temporary, final)


def discard(path: Path) -> None:
    """Remove a folder: renamed away first, so no reader ever sees half of it."""
    trash = path.parent / f".trash-{os.getpid()}-{uuid.uuid4().hex}"
    try:
        os.replace(path, trash)
    except OSError:
        return  # gone already, or another process is doing the same
    shutil.rmtree(trash, ignore_errors=True)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the index folder's lock (one writer at a time; readers never wait)."""
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# ---------------------------------------------------------------------------------------------
# Reading


def read_arrays(folder: Path, names: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(arrays, meta) of a folder written by write_arrays, memory-mapped; Damaged when anything fails.

    A file whose size or times differ from those recorded after its write is verified against its checksum, and its
    new stat recorded when it passes: a folder copied, restored or touched is verified once, not on every read.
    """
    meta = read_json(folder / META)
    arrays = {}
    verified = {}
    for name in names:
        path = folder / f"{name}.npy"
        try:
            recorded = meta["files"][name]
            stat = _stat(path)
            if stat != recorded[1:]:
                if checksum(path) != recorded[0]:
                    raise Damaged(f"{path}: checksum")
                verified[name] = [recorded[0], *stat]
            arrays[name] = _load_array(path)
        except (OSError, ValueError, KeyError, TypeError, EOFError) as error:
            raise Damaged(f"{path}: {error}") from error
    if verified:
        with contextlib.suppress(OSError):  # a folder that cannot be written is verified again next time
            write_json(folder / META, {**meta, "files": {**meta["files"], **verified}})
    return arrays, meta


def verify(folder: Path) -> bool:
    """Every file of the folder matches its checksum (used after a failure, and by the tests)."""
    try:
        meta = read_json(folder / META)
        return all(checksum(folder / f"{name}.npy") == entry[0] for name, entry in meta["files"].items())
    except (Damaged, OSError, KeyError, TypeError):
        return False


def read_slice(array, start: int, stop: int):
    """array[start:stop] (along the first axis) as an array of its own, read from the file when memory-mapped.

    Touching a mapping maps the pages around each page touched into the process (the kernel's fault-around),
    and they stay counted in its memory: a search through a few thousand columns of a 100 MB file would
    "use" most of it. A read copies only what is asked for.
    """
    import numpy as np

    stop = max(start, min(stop, len(array)))
    if not isinstance(array, np.memmap) or not array.filename or not array.flags.c_contiguous:
        return np.array(array[start:stop])
    row = array.itemsize * (int(np.prod(array.shape[1:])) if array.ndim > 1 else 1)
    result = np.empty((stop - start, *array.shape[1:]), dtype=array.dtype)
    with _opened(array.filename) as descriptor:
        _read_into(descriptor, array.offset + start * row, memoryview(result.reshape(-1).view(np.uint8)), array.filename)
    return result


def read_ranges(arrays: Sequence[Any], starts, lengths) -> list[Any]:
    """The entries [start, start + length) of each range, concatenated in the ranges' order, of each of some 1-D
    arrays of one length (a segment's rows and tf).

    From the files when the arrays are memory-mapped (see read_slice), one read per run of touching ranges. Ranges
    a few entries apart are not read as one: cutting out the entries between them cost more than the reads saved
    (measured: 0.14 -> 0.08 s of CPU for the 34 million entries of a ranking at 10,000 notices).
    """
    import numpy as np

    starts = np.asarray(starts, dtype=np.int64)
    lengths = np.asarray(lengths, dtype=np.int64)
    starts, lengths = starts[lengths > 0], lengths[lengths > 0]  # (empty ranges would share a start with the next)
    total = int(lengths.sum())
    ends = starts + lengths
    mapped = all(isinstance(array, np.memmap) and array.filename for array in arrays)
    if total == 0 or not mapped or not bool(np.all(starts[1:] >= ends[:-1])):  # in memory, or overlapping ranges
        picks = range_picks(starts, lengths)
        return [np.asarray(array[picks]) if total else np.zeros(0, dtype=array.dtype) for array in arrays]
    new = np.ones(len(starts), dtype=bool)
    new[1:] = starts[1:] != ends[:-1]
    first = np.flatnonzero(new)
    block_starts = starts[first]
    block_sizes = np.add.reduceat(lengths, first)
    ends = np.cumsum(block_sizes)
    return [_read_blocks(array, block_starts, ends) for array in arrays]


def _read_blocks(array, starts, ends):
    """The entries of some ranges of a memory-mapped 1-D array, concatenated, read from its file (range k is
    entries starts[k] onwards, to end at ends[k] in the result)."""
    import numpy as np

    buffer = np.empty(int(ends[-1]) if len(ends) else 0, dtype=array.dtype)
    view, size_of = memoryview(buffer.view(np.uint8)), array.itemsize
    offsets = (array.offset + starts * size_of).tolist()
    bounds = (ends * size_of).tolist()
    with _opened(array.filename) as descriptor:
        low = 0
        for offset, high in zip(offsets, bounds):
            piece = view[low:high]
            if _pread_into(descriptor, piece, offset) != high - low:  # a short read: the rest, or EOFError
                _read_into(descriptor, offset, piece, array.filename)
            low = high
    return buffer


def range_picks(starts, lengths):
    """The positions start, start + 1, ..., start + length - 1 of each range, concatenated."""
    import numpy as np

    return np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))


@contextlib.contextmanager
def _opened(path: str) -> Iterator[int]:
    """A read-only descriptor of a file, closed after."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        yield descriptor
    finally:
        os.close(descriptor)


def _read_into(descriptor: int, offset: int, view: memoryview, path: str) -> None:
    """Fill `view` with the file's bytes from `offset` (EOFError when the file is shorter).

    One pread a range (no seek: a ranking at 10,000 notices reads 19,000 ranges).
    """
    done = _pread_into(descriptor, view, offset)
    while done < len(view):
        count = _pread_into(descriptor, view[done:], offset + done)
        if not count:
            raise EOFError(f"{path}: shorter than its header says")
        done += count


def _pread_into(descriptor: int, view: memoryview, offset: int) -> int:
    """Read from `offset` into `view`, as many bytes as the system gives at once (os.preadv where there is one)."""
    if hasattr(os, "preadv"):
        return os.preadv(descriptor, [view], offset)
    os.lseek(descriptor, offset, os.SEEK_SET)
    return os.readv(descriptor, [view])


def _load_array(path: Path):
    import numpy as np

    try:
        return np.load(path, mmap_mode="r", allow_pickle=False)
    except ValueError:
        return np.load(path, allow_pickle=False)  # an empty array cannot be mapped


# ---------------------------------------------------------------------------------------------
# Sweeping


def sweep_temporaries(folder: Path) -> None:
    """Remove `.tmp-<pid>-…` and `.trash-<pid>-…` left by a killed writer (its pid gone, or a day old)."""
    sweep_leftovers(folder, _writer_of, 0, TEMPORARY_SECONDS)


def _writer_of(name: str) -> int | None:
    """The process id in the name of an index temporary (`.tmp-<pid>-…`, `.trash-<pid>-…`), else None."""
    kind, _, rest = name.partition("-")
    pid = rest.partition("-")[0]
    return int(pid) if kind in (".tmp", ".trash") and pid.isdigit() else None


def touch(folder: Path) -> None:
    """Mark an index folder as used now (folders unused for STALE_SECONDS are removed)."""
    with contextlib.suppress(OSError):
        os.utime(folder)


def sweep_stale(root: Path, keep: Path) -> None:
    """Remove index folders other than `keep` unused for STALE_SECONDS, and temporaries in the root."""
    sweep_temporaries(root)
    try:
        entries = list(root.iterdir())
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if entry == keep or entry.name.startswith(".") or not entry.is_dir():
            continue
        with contextlib.suppress(OSError):
            if now - entry.stat().st_mtime > STALE_SECONDS:
                discard(entry)
