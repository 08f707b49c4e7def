"""Building and updating the corpus index: notices -> segments, in parallel when cold, incrementally after.

A notice is *prepared* once (parsed through the parse cache, its tasks' texts folded, topic profiles, the
records shown in results). Prepared notices are *inverted* into a segment: the folded texts' stop phrases and
place names blanked, character n-grams counted, one sort on a packed 64-bit (gram, task) key giving the
columns. A segment's arrays (store.py writes them):

- `keys` (V,) int64 sorted gram keys (align.features.gram_key); `indptr` (V+1,) int64; `rows` (nnz,) int32
  local task rows and `tf` (nnz,) uint16/uint32 term counts by column (CSC, an inverted index)
- `norm_a` (T,) float64: the sum of (1 + log tf)^2 of each task, the part of its norm no other notice changes
- `topics` (T, topics) float32 unit topic profiles; `task_notice` (T,) int32 the notice of each row
- `record_offsets`, `records`: each task as JSON (id, number, label, title, lead): what a hit shows besides its text
- `text_offsets`, `texts`: each task's text as the notice has it (UTF-8): a hit's text, and what an update reads
  again when the corpus gains or loses a place name

What depends on the whole corpus lives in a stats folder, one array set per segment: `gdf` the live
document frequency of each of its grams, `b` and `c` per task: the sums of w^2 log(1 + df) and
w^2 log(1 + df)^2 (w = 1 + log tf). With N tasks and k = 1 + log(1 + N), a task's tf-idf norm is
sqrt(k^2 a - 2 k b + c): a changed notice updates b and c only for tasks holding a gram whose df changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hrcli.align.features import PlaceBlanker, gram_keys, sublinear_squares
from hrcli.analyse.topics import Taxonomy, TopicCounter, unit
from hrcli.config import Matching
from hrcli.errors import HrcliError
from hrcli.index import store
from hrcli.parse.normalize import Normalizer, place_names

if TYPE_CHECKING:
    from hrcli.corpus import Corpus, Source
    from hrcli.index.query import TaskIndex
    from hrcli.schema import Notice

SEGMENT_ARRAYS = ["keys", "indptr", "rows", "tf", "norm_a", "topics", "task_notice", "record_offsets", "records",
                  "text_offsets", "texts", "dense_columns", "dense"]
# The most frequent grams of a segment are also kept as a dense (tasks x DENSE_COLUMNS) uint8 matrix of their
# counts: a notice ranked against all reads them as one matrix product instead of their long columns (most of
# the entries a ranking would touch), at most DENSE_BYTES of them.
DENSE_COLUMNS = 256
DENSE_BYTES = 64 << 20
STATS_ARRAYS = ("gdf", "b", "c")
# Characters of task text counted at a time (bounds the memory of counting).
CHUNK_CHARACTERS = 1 << 18
# Characters of task text inverted at a time: the pieces' columns are then merged (bounds the memory of the sort).
PIECE_CHARACTERS = 1 << 22
# Entries of the inverted index handled at a time while building (bounds the temporary arrays).
ENTRIES_AT_ONCE = 1 << 21
# Entries an update's norm terms are summed over at once: temporaries that fit a core's L2 cache (2 MB each) made the
# update after a notice of frequent grams was added or removed a third faster than groups of 1 << 20 (0.27 -> 0.19 s
# for 15.6 million entries). An update's sums are grouped unlike a build's anyway: norms agree to the last bits only.
NORM_ENTRIES = 1 << 18
# The packed sort key: gram key (up to 3 characters of 15 bits) << ROW_BITS | task row.
ROW_BITS = 19
SEGMENT_TASKS = (1 << ROW_BITS) - 1
# Below this many notices to parse, no process pool (starting one costs more than it saves).
POOL_FROM = 64
# An update whose removed and re-added tasks exceed this share of the index rebuilds it whole.
REBUILD_SHARE = 0.25
MAX_SEGMENTS = 6
# Updates add their notices to the last segment while it holds at most this many (or 2% of the corpus).
DELTA_NOTICES = 200

# A file changed less than this before a run read it may change again without its mtime moving (a coarse file clock:
# FAT counts 2 s): its mtime is recorded as unknown, so the next run hashes it again (git's "racily clean" files).
RACY_NS = 2_000_000_000

# progress(stage, done, total): called while a build runs (a terminal shows a bar).
Progress = Callable[[str, int, int], None]


@dataclass
class Prepared:
    """What the index keeps of one notice, before place names are blanked."""

    slug: str
    file_hash: str
    sha: str | None
    place: str | None
    records: list[bytes]
    texts: list[str]  # the tasks' texts as parsed
    profiles: Any  # (tasks, topics) float32
    stat: list[int] | None = None  # the file's size, mtime and inode when read
    spilled: tuple[str, int] | None = None  # (batch file, position) when the texts wait on disk (see spill)
    count: int = 0  # tasks, also when spilled
    folded: list[str] | None = None  # the texts' synonyms folded (Normalizer.fold), when counting topics made them

    @property
    def tasks(self) -> int:
        return self.count if self.spilled else len(self.texts)

    def stub(self, path: str, position: int) -> Prepared:
        """This notice without its texts, which a batch file holds: what the parent process keeps."""
        return Prepared(self.slug, self.file_hash, self.sha, self.place, [], [], None, self.stat, (path, position), len(self.texts))


@dataclass
class Known:
    """A corpus file as last seen: its stat, content hash, the notice's text hash, or why it was skipped."""

    path: str
    stat: list[int]
    file_hash: str
    sha: str | None = None
    place: str | None = None
    reason: str | None = None


@dataclass
class Features:
    """The features an index is built with, and what preparing a notice needs (the run's settings)."""

    matching: Matching
    taxonomy: Taxonomy
    settings: Any = None  # hrcli.settings.Settings: configs and cache for parsing corpus files
    normalizer: Normalizer = field(init=False)
    counter: TopicCounter = field(init=False)

    def __post_init__(self):
        self.normalizer = Normalizer(self.matching.synonyms, self.matching.stop_phrases)
        self.counter = TopicCounter(self.taxonomy.folded(self.normalizer), self.taxonomy.title_weight)
        # (topic weights, folded texts) of the notice being prepared, when enrich() counted them
        self.weighed: tuple[list[list[float]], list[str]] | None = None

    def weigh(self, pairs: list[tuple[str, str]]) -> list[list[float]]:
        """Topic weights of the folded (title, text) pairs of a notice's tasks, kept with the folded texts for its
        topic profiles and its grams."""
        weights = self.counter.weights_many(pairs)
        self.weighed = (weights, [text for _, text in pairs])
        return weights


def feature_settings(matching: Matching, taxonomy: Taxonomy) -> str:
    """The settings the index's numbers depend on (an index serves a Matcher only when they are the same)."""
    return json.dumps(
        [list(matching.ngram_sizes), matching.synonyms, matching.stop_phrases, matching.topic_weight,
         matching.stop_patterns, matching.families, matching.place_campaigns,
         [topic.terms for topic in taxonomy.topics], taxonomy.title_weight],
        ensure_ascii=False, sort_keys=True,
    )


def features_key(settings) -> str:
    """What the index depends on: its layout, the parser (code and configs), the feature settings."""
    from hrcli.corpus import parser_key

    text = f"{store.INDEX_VERSION}\0{parser_key(settings)}\0{feature_settings(settings.matching, settings.taxonomy)}"
    return hashlib.sha256(text.encode()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Preparing notices


def prepare(notice: Notice, file_hash: str, settings: Features,
            weighed: tuple[list[list[float]], list[str]] | None = None) -> Prepared:
    """A notice's tasks as the index keeps them (texts, folded texts, topic profiles, records).

    `weighed`: the tasks' topic weights and folded texts when enrich() has just made them (Features.weigh), else
    made here.
    """
    import numpy as np

    normalizer, counter = settings.normalizer, settings.counter
    texts, records = [], []
    profiles = np.zeros((len(notice.tasks), counter.topics), dtype=np.float32)
    if weighed is None or len(weighed[0]) != len(notice.tasks):
        pairs = [(normalizer.fold(task.title), normalizer.fold(task.text)) for task in notice.tasks]
        weighed = (counter.weights_many(pairs), [text for _, text in pairs])
    weights, folded = weighed
    for k, task in enumerate(notice.tasks):
        profiles[k] = unit(weights[k])
        texts.append(task.text)  # read (boilerplate blanked) when inverted: that needs every place name
        records.append(_record(task))
    return Prepared(notice.region, file_hash, notice.sha256, notice.place, records, texts, profiles, folded=folded)


def _record(task) -> bytes:
    """What a hit shows of a task besides its text (the segment's `texts` hold that: stored once, not twice)."""
    fields = {"id": task.id, "number": task.number, "label": task.label, "title": task.title, "lead": task.lead}
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


def read_source(source: Source) -> bytes:
    """The bytes of a corpus file (capped as Corpus.read caps them); InputError when unreadable."""
    from hrcli.corpus import read_notice_file

    return read_notice_file(source.path)


def file_stat(path: str | Path, folder: int | None = None) -> list[int]:
    """[size, mtime in ns, inode] of a file (`path` relative to the open folder descriptor `folder` when given)."""
    stat = os.stat(path, dir_fd=folder)
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def prepare_source(source: Source, settings: Features) -> Prepared | Known:
    """Read, hash, parse (through the parse cache) and prepare one corpus file; Known with a reason when it fails."""
    from hrcli.corpus import load_notice

    stat = file_stat(source.path)
    try:
        data = read_source(source)
    except HrcliError as error:
        return Known(os.path.abspath(source.path), stat, "", reason=error.message)
    hashed = hashlib.sha256(data)
    file_hash = hashed.hexdigest()
    try:
        settings.weighed = None
        notice = load_notice(data, source, settings.settings, settings.weigh, hashed)  # enriched unless cached
    except HrcliError as error:
        return Known(os.path.abspath(source.path), stat, file_hash, reason=error.message)
    prepared = prepare(notice, file_hash, settings, settings.weighed)
    settings.weighed = None
    prepared.stat = stat
    return prepared


_WORKER: dict[str, Any] = {}


def _prepare_many(job: tuple[list[Source], Path]) -> list[Prepared | Known]:
    """A worker's batch: prepared notices go to one batch file in `spill`; the parent gets stubs (no texts)."""
    import pickle

    sources, spill = job
    results = [prepare_source(source, _WORKER["settings"]) for source in sources]
    path = spill / f"batch-{uuid.uuid4().hex}.pickle"
    prepared = [result for result in results if isinstance(result, Prepared)]
    path.write_bytes(pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL))
    positions = iter(range(len(prepared)))
    return [result.stub(str(path), next(positions)) if isinstance(result, Prepared) else result for result in results]


def resolve(notices: list[Prepared]) -> list[Prepared]:
    """Spilled notices read back from their batch files (each file read once)."""
    import pickle

    batches: dict[str, list[Prepared]] = {}
    result = []
    for notice in notices:
        if notice.spilled is None:
            result.append(notice)
            continue
        path, position = notice.spilled
        if path not in batches:
            batches[path] = pickle.loads(Path(path).read_bytes())  # our own temporary file, written above
        result.append(batches[path][position])
    return result


def _invert_many(job: tuple[list[Prepared], list[str], Path]) -> str:
    prepared, places, parent = job
    try:
        return write_segment(resolve(prepared), places, _WORKER["settings"].matching, parent)
    finally:
        give_back_freed_memory()  # what inverting kept (keep_freed_memory) would stack under the next job's peak


def _norm_terms_of(job: tuple[Path, Any]) -> tuple[Any, Any]:
    """norm_terms() of a written segment (a worker's job)."""
    folder, frequencies = job
    segment, _ = store.read_arrays(folder, ["indptr", "rows", "tf", "task_notice"])
    return norm_terms(segment, frequencies)


def _pool(workers: int):
    """A process pool, forked now (while this process is small: a fork shares its memory)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker)


def _start_worker() -> None:
    """A pool worker's memory settings (it exits with the build)."""
    keep_freed_memory()
    small_pages()


def small_pages() -> bool:
    """numpy's arrays in ordinary pages in this process, as numpy's documented NUMPY_MADVISE_HUGEPAGE=0 sets them.

    numpy advises transparent huge pages for every array of 4 MB or more; where the system grants them on a fault
    (transparent_hugepage "madvise"), each 2 MB page is zeroed whole on first touch: 6% of the CPU of a cold build
    at 1,000 notices (perf), and inverting 5,000 notices took 0.45 s more of CPU and 64 MB more memory (measured).
    False when this numpy has no such switch.
    """
    import numpy as np

    core = getattr(np, "_core", None) or np.core  # numpy 2, numpy 1
    toggle = getattr(core.multiarray, "_set_madvise_hugepage", None)  # what numpy calls for that variable at import
    if toggle is None:
        return False
    toggle(False)
    return True


# glibc's mallopt parameters (malloc.h)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3


def keep_freed_memory() -> bool:
    """Have glibc keep freed memory for the next allocation rather than give it back (a pool worker's setting).

    Inverting allocates and frees arrays of a few MB thousands of times; returned to the system, each comes back
    as fresh pages to fault in and zero: 430,000 faults and a third of the CPU time inverting 5,000 notices
    (measured: 2.5 -> 1.6 s of system time). False where the C library is not glibc.
    """
    libc = _glibc()
    if libc is None:
        return False
    # below 32 MB from the heap (the most glibc allows), and up to 1 GB of freed heap kept
    return bool(libc.mallopt(M_MMAP_THRESHOLD, 32 << 20) and libc.mallopt(M_TRIM_THRESHOLD, 1 << 30))


def give_back_freed_memory() -> bool:
    """Return the freed memory glibc keeps to the system (malloc_trim), after a pool worker's large job."""
    libc = _glibc()
    return libc is not None and bool(libc.malloc_trim(0))


def _glibc():
    """The C library when it is glibc (mallopt, malloc_trim), else None."""
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None  # glibc's own functions


def workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def prepare_all(sources: list[Source], settings: Features, progress: Progress | None, pool=None,
                spill: Path | None = None) -> list[Prepared | Known]:
    """Prepare many corpus files: in the pool when given (each worker writes its parse cache entries and
    spills its prepared notices to a batch file in `spill`), else here."""
    results: list[Prepared | Known] = []
    if pool is None or spill is None:
        for done, source in enumerate(sources, 1):
            results.append(prepare_source(source, settings))
            if progress and (done % 50 == 0 or done == len(sources)):
                progress("parsing", done, len(sources))
        return results
    size = max(8, min(64, len(sources) // (workers() * 8) or 1))
    batches = [(sources[k : k + size], spill) for k in range(0, len(sources), size)]
    for batch in pool.map(_prepare_many, batches):
        results.extend(batch)
        if progress:
            progress("parsing", len(results), len(sources))
    return results


# ---------------------------------------------------------------------------------------------
# Inverting prepared notices into a segment


def write_segment(prepared: list[Prepared], places: list[str], matching: Matching, parent: Path) -> str:
    """Invert prepared notices into a new segment folder under `parent`; its id."""
    arrays, notices = invert(prepared, places, matching)
    identifier = f"seg-{uuid.uuid4().hex[:16]}"
    with store.temporary_folder(parent) as temporary:
        store.write_arrays(temporary, arrays, {"notices": notices})
        store.publish(temporary, parent / identifier)
    return identifier


def invert(prepared: list[Prepared], places: list[str], matching: Matching) -> tuple[dict[str, Any], list[list]]:
    """The arrays of a segment of these notices, and its notice table [slug, file hash, sha, place, start, count]."""
    import numpy as np

    normalizer = Normalizer.for_matching(matching, places)
    folded = [text for notice in prepared for text in notice.folded or map(normalizer.fold, notice.texts)]
    texts = PlaceBlanker(normalizer, places).matchable_many(folded, folded=True)
    del folded
    arrays = columns(texts, matching.ngram_sizes)
    tasks = len(texts)
    del texts  # before the blobs below are made
    arrays["dense_columns"], arrays["dense"] = dense_block(arrays, tasks)
    arrays["norm_a"] = np.zeros(tasks)
    for low in range(0, len(arrays["tf"]), ENTRIES_AT_ONCE):  # a block of entries at a time (bounded temporaries)
        high = low + ENTRIES_AT_ONCE
        weights = sublinear_squares(arrays["tf"][low:high])
        arrays["norm_a"] += np.bincount(arrays["rows"][low:high], weights=weights, minlength=tasks)
    topics = [notice.profiles for notice in prepared if len(notice.profiles)]
    width = prepared[0].profiles.shape[1] if prepared else 0
    arrays["topics"] = np.concatenate(topics).astype(np.float32) if topics else np.zeros((0, width), np.float32)
    counts = [len(notice.texts) for notice in prepared]
    arrays["task_notice"] = np.repeat(np.arange(len(prepared), dtype=np.int32), counts)
    records = [record for notice in prepared for record in notice.records]
    arrays["record_offsets"], arrays["records"] = _blob(records)
    arrays["text_offsets"], arrays["texts"] = _blob([text.encode("utf-8") for notice in prepared for text in notice.texts])
    table, start = [], 0
    for notice, count in zip(prepared, counts):
        table.append([notice.slug, notice.file_hash, notice.sha, notice.place, start, count])
        start += count
    return arrays, table


def dense_block(arrays: dict[str, Any], tasks: int):
    """(the columns, sorted; their counts as a (tasks, columns) uint8 matrix) of the segment's most frequent grams.

    A column holding a count above 255 stays sparse only (the matrix is exact or not used).
    """
    import numpy as np

    indptr, tf = arrays["indptr"], arrays["tf"]
    df = np.diff(indptr)
    width = min(DENSE_COLUMNS, DENSE_BYTES // max(tasks, 1), len(df))
    if width <= 0 or not len(tf):
        return np.zeros(0, np.int64), np.zeros((tasks, 0), np.uint8)
    nonempty = np.flatnonzero(df)
    largest = np.zeros(len(df), dtype=np.int64)
    largest[nonempty] = np.maximum.reduceat(tf, indptr[nonempty])
    eligible = np.flatnonzero(largest <= 255)
    chosen = np.sort(eligible[np.argsort(-df[eligible], kind="stable")[:width]])
    dense = np.zeros((tasks, len(chosen)), dtype=np.uint8)
    for slot, column in enumerate(chosen.tolist()):  # a column at a time: no temporaries the size of the block's entries
        low, high = int(indptr[column]), int(indptr[column + 1])
        dense[arrays["rows"][low:high], slot] = tf[low:high]
    return chosen.astype(np.int64), dense


def _blob(items: list[bytes]):
    import numpy as np

    offsets = np.zeros(len(items) + 1, dtype=np.int64)
    np.cumsum([len(item) for item in items], out=offsets[1:])
    return offsets, np.frombuffer(b"".join(items), dtype=np.uint8)


def columns(texts: list[str], sizes: Sequence[int]) -> dict[str, Any]:
    """keys, indptr, rows, tf of the texts' grams by column: one sort on a packed 64-bit (gram, row) key."""
    import numpy as np

    if not texts:
        return {"keys": np.zeros(0, np.int64), "indptr": np.zeros(1, np.int64), "rows": np.zeros(0, np.int32),
                "tf": np.zeros(0, np.uint16)}
    if max(sizes) > 3 or len(texts) > SEGMENT_TASKS:
        return _columns_general(texts, sizes)
    pieces = []
    for first, piece in _chunks(texts, PIECE_CHARACTERS):  # a piece at a time: the sort's memory is the piece's
        arrays = _piece_columns(piece, sizes)
        arrays["rows"] += first
        pieces.append(arrays)
    return pieces[0] if len(pieces) == 1 else _merge(pieces)


def _piece_columns(texts: list[str], sizes: Sequence[int]) -> dict[str, Any]:
    """columns() of some texts (rows numbered from 0): one sort on a packed 64-bit (gram, row) key."""
    import numpy as np

    bound = sum(len(text) + 1 for text in texts) * len(sizes)
    packed = np.empty(bound, dtype=np.uint64)
    filled = 0
    for first, chunk in _chunks(texts):
        rows, keys = gram_keys(chunk, sizes)
        packed[filled : filled + len(rows)] = (keys.astype(np.uint64) << np.uint64(ROW_BITS)) | (rows + first).astype(np.uint64)
        filled += len(rows)
    packed = packed[:filled]
    packed.sort()  # one entry per occurrence: equal neighbours are the counts
    return _runs(packed)


def _merge(pieces: list[dict[str, Any]]) -> dict[str, Any]:
    """The columns of consecutive pieces of a segment's texts as one set of columns (each piece's rows follow the
    previous piece's, so a column's entries are the pieces' entries in piece order). Frees the pieces as it goes."""
    import numpy as np

    keys = np.unique(np.concatenate([piece["keys"] for piece in pieces]))
    lengths = np.zeros(len(keys), dtype=np.int64)
    where = []
    for piece in pieces:
        where.append(np.searchsorted(keys, piece["keys"]))
        lengths[where[-1]] += np.diff(piece["indptr"])
    indptr = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    wide = any(piece["tf"].dtype != np.uint16 for piece in pieces)
    rows = np.empty(int(indptr[-1]), dtype=np.int32)
    tf = np.empty(int(indptr[-1]), dtype=np.uint32 if wide else np.uint16)
    fill = indptr[:-1].copy()  # where each column's next entries go
    while pieces:
        piece, positions = pieces.pop(0), where.pop(0)
        counts = np.diff(piece["indptr"])
        first = 0
        while first < len(positions):  # a group of columns at a time (bounded temporaries)
            last = max(first + 1, int(np.searchsorted(piece["indptr"], piece["indptr"][first] + ENTRIES_AT_ONCE, side="right")) - 1)
            last = min(last, len(positions))
            low, high = int(piece["indptr"][first]), int(piece["indptr"][last])
            destination = store.range_picks(fill[positions[first:last]], counts[first:last])
            rows[destination] = piece["rows"][low:high]
            tf[destination] = piece["tf"][low:high]
            first = last
        fill[positions] += counts
        del piece
    return {"keys": keys, "indptr": indptr, "rows": rows, "tf": tf}


def _runs(packed) -> dict[str, Any]:
    """Sorted packed (gram, row) occurrences -> the column arrays, a piece at a time (bounded memory)."""
    import numpy as np

    rows = np.empty(len(packed), dtype=np.int32)  # upper bounds: pages never written cost nothing
    counts = np.empty(len(packed), dtype=np.uint32)
    keys, starts = [], []
    total, start, previous = 0, 0, -1
    while start < len(packed):
        end = min(start + CHUNK_CHARACTERS, len(packed))
        if end < len(packed):  # end a piece at the start of a run of equal occurrences
            end = int(np.searchsorted(packed, packed[end], side="left")) or int(np.searchsorted(packed, packed[end], side="right"))
            end = max(end, start + 1)
        piece = packed[start:end]
        new = np.empty(len(piece), dtype=bool)
        new[0] = True
        np.not_equal(piece[1:], piece[:-1], out=new[1:])
        first = np.flatnonzero(new)
        unique = piece[first]
        found = len(unique)
        rows[total : total + found] = unique & np.uint64((1 << ROW_BITS) - 1)
        counts[total : total + found] = np.diff(np.append(first, len(piece)))
        gram = (unique >> np.uint64(ROW_BITS)).astype(np.int64)
        new_gram = np.empty(found, dtype=bool)
        new_gram[0] = gram[0] != previous
        np.not_equal(gram[1:], gram[:-1], out=new_gram[1:])
        at = np.flatnonzero(new_gram)
        keys.append(gram[at])
        starts.append(at + total)
        total += found
        previous = int(gram[-1])
        start = end
    counts = counts[:total]
    dtype = np.uint16 if not total or counts.max() < (1 << 16) else np.uint32
    return {"keys": np.concatenate(keys), "indptr": np.append(np.concatenate(starts), total).astype(np.int64),
            "rows": rows[:total], "tf": counts.astype(dtype)}


def _columns_general(texts: list[str], sizes: Sequence[int]) -> dict[str, Any]:
    """columns() for grams of 4 characters or more, or very large segments: lexsort on (gram, row)."""
    import numpy as np

    pieces = [gram_keys(chunk, sizes) for _, chunk in _chunks(texts)]
    firsts = [first for first, _ in _chunks(texts)]
    rows = np.concatenate([piece[0] + first for piece, first in zip(pieces, firsts)])
    keys = np.concatenate([piece[1] for piece in pieces])
    order = np.lexsort((rows, keys))
    rows, keys = rows[order], keys[order]
    new = np.ones(len(rows), dtype=bool)
    new[1:] = (rows[1:] != rows[:-1]) | (keys[1:] != keys[:-1])
    starts = np.flatnonzero(new)
    counts = np.diff(np.append(starts, len(rows)))
    return _by_column(keys[starts], rows[starts].astype(np.int32), counts)


def _by_column(keys, rows, counts) -> dict[str, Any]:
    """Entries sorted by (key, row) -> the column arrays."""
    import numpy as np

    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    starts = np.flatnonzero(first)
    indptr = np.append(starts, len(keys)).astype(np.int64)
    dtype = np.uint16 if not len(counts) or counts.max() < (1 << 16) else np.uint32
    return {"keys": keys[starts], "indptr": indptr, "rows": rows, "tf": counts.astype(dtype)}


def _chunks(texts: list[str], characters: int | None = None) -> Iterator[tuple[int, list[str]]]:
    """(index of the first text, texts) in pieces of about `characters` (CHUNK_CHARACTERS) characters."""
    characters = characters or CHUNK_CHARACTERS
    start, size = 0, 0
    for end, text in enumerate(texts):
        size += len(text) + 1
        if size >= characters:
            yield start, texts[start : end + 1]
            start, size = end + 1, 0
    if start < len(texts):
        yield start, texts[start:]


def matchable_texts(texts: list[str], places: list[str], matching: Matching) -> list[str]:
    """The texts as the matcher reads them with these place names (Normalizer.for_matching, PlaceBlanker)."""
    return PlaceBlanker(Normalizer.for_matching(matching, places), places).matchable_many(texts)


def distinct_keys(texts: list[str], places: list[str], matching: Matching):
    """The distinct gram keys of each text as read with these place names, as one array (each text's once)."""
    import numpy as np

    rows, keys = gram_keys(matchable_texts(texts, places, matching), matching.ngram_sizes)
    if not len(keys):
        return np.zeros(0, np.int64)
    order = np.lexsort((keys, rows))
    rows, keys = rows[order], keys[order]
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = (rows[1:] != rows[:-1]) | (keys[1:] != keys[:-1])
    return keys[keep]


# ---------------------------------------------------------------------------------------------
# Corpus-wide statistics


def lookup(keys, wanted):
    """(positions, found) of `wanted` keys in sorted `keys`."""
    import numpy as np

    if not len(keys):
        return np.zeros(len(wanted), np.int64), np.zeros(len(wanted), dtype=bool)
    positions = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return positions, np.asarray(keys[positions]) == wanted


def norm_terms(segment: dict[str, Any], gdf) -> tuple[Any, Any]:
    """b and c of every task of a segment: sums of w^2 log(1 + df) and w^2 log(1 + df)^2 over its grams."""
    import numpy as np

    tasks = len(segment["task_notice"])
    b, c = np.zeros(tasks), np.zeros(tasks)
    indptr = np.asarray(segment["indptr"])
    logs = np.log1p(np.asarray(gdf, dtype=np.float64))
    step = 1 << 22
    column = 0
    while column < len(logs):  # in blocks of whole columns, to bound memory
        end = int(np.searchsorted(indptr, indptr[column] + step, side="right")) - 1
        end = max(end, column + 1)
        low, high = int(indptr[column]), int(indptr[end])
        per_entry = np.repeat(logs[column:end], np.diff(indptr[column : end + 1]))
        rows = store.read_slice(segment["rows"], low, high).astype(np.intp)  # once for both sums, not in each
        weighted = sublinear_squares(store.read_slice(segment["tf"], low, high))
        weighted *= per_entry
        b += np.bincount(rows, weights=weighted, minlength=tasks)
        weighted *= per_entry
        c += np.bincount(rows, weights=weighted, minlength=tasks)
        column = end
    return b, c


def _add_norm_terms(segment: dict[str, Any], positions, b_change, c_change, b, c) -> None:
    """b += w^2 * b_change and c += w^2 * c_change over the entries of some columns, a group at a time."""
    import numpy as np

    indptr = segment["indptr"]
    starts = np.asarray(indptr[positions], dtype=np.int64)
    lengths = np.asarray(indptr[positions + 1], dtype=np.int64) - starts
    ends = np.cumsum(lengths)
    first = 0
    while first < len(positions):
        last = max(first + 1, int(np.searchsorted(ends, (ends[first - 1] if first else 0) + NORM_ENTRIES, side="right")))
        counts = lengths[first:last]
        rows, tf = store.read_ranges([segment["rows"], segment["tf"]], starts[first:last], counts)
        rows = rows.astype(np.intp)  # once for both sums, not in each
        weights = sublinear_squares(tf)
        for change, total in ((b_change, b), (c_change, c)):
            scaled = np.repeat(change[first:last], counts)
            scaled *= weights
            total += np.bincount(rows, weights=scaled, minlength=len(total))
        first = last


# ---------------------------------------------------------------------------------------------
# Loading, building and updating


def load_index(corpus: Corpus, progress: Progress | None = None) -> TaskIndex:
    """The index of the corpus: read from the cache, updated for what changed, built when there is none."""
    from hrcli.index.query import open_index

    run = corpus.settings
    features = Features(run.matching, run.taxonomy, run)
    root = run.cache.folder("index")
    with store.collector_paused():
        sources = sorted(corpus.files(), key=lambda source: source.slug)
    if root is not None:
        folder = store.index_folder(root, corpus.directory, features_key(run))
        try:
            store.sweep_stale(root, folder)
            for attempt in range(2):
                with store.collector_paused():  # the manifest's containers are made and dropped unseen by it
                    changed, manifest = update(folder, sources, features, progress, rebuild=attempt > 0)
                    try:
                        index = open_index(folder, features.matching, features.taxonomy, manifest)
                    except store.Damaged:
                        continue  # a file failed verification: rebuilt whole on the next attempt
                    finally:
                        del manifest
                index.built = changed
                store.touch(folder)
                return index
        except OSError:
            pass  # a cache that cannot be written (read-only, a full disk) only costs speed: built aside
    return _uncached(sources, features, progress)


def _uncached(sources: list[Source], settings: Features, progress: Progress | None) -> TaskIndex:
    """The index built in a temporary folder, read into memory, the folder removed (no cache, or none usable)."""
    import tempfile

    from hrcli.index.query import open_index

    with tempfile.TemporaryDirectory(prefix="hrcli-index-") as scratch:
        folder = Path(scratch) / "index"
        update(folder, sources, settings, progress)
        index = open_index(folder, settings.matching, settings.taxonomy)
        index.load_all()
    index.built = True
    return index


def update(folder: Path, sources: list[Source], settings: Features, progress: Progress | None = None,
           rebuild: bool = False) -> tuple[bool, dict | None]:
    """Bring the index in `folder` up to date with the corpus files: (True when anything was (re)built, the
    manifest as it now stands, so the reader need not parse it again)."""
    folder.mkdir(parents=True, exist_ok=True)
    with store.locked(folder):
        store.sweep_temporaries(folder)
        state = None if rebuild else _read_state(folder)
        updater = _Update(folder, sources, settings, state, progress)
        return updater.run(), updater.manifest


def _read_state(folder: Path) -> dict | None:
    try:
        manifest = store.read_json(folder / store.MANIFEST)
    except store.Damaged:
        return None
    if manifest.get("version") != store.INDEX_VERSION:
        return None
    return manifest


def _known(entry: dict) -> Known:
    """Known(**entry) for an entry of the manifest, without the keyword call (10,000 a run)."""
    known = Known.__new__(Known)
    known.__dict__.update(entry)
    return known


class _Folders:
    """Corpus files' absolute paths and stats; a file listed from its folder by name in the folder, opened once."""

    def __init__(self):
        self.opened: dict[str, int | None] = {}

    def __enter__(self) -> _Folders:
        return self

    def __exit__(self, *_) -> None:
        for descriptor in self.opened.values():
            if descriptor is not None:
                os.close(descriptor)

    def locate(self, source: Source) -> tuple[str, list[int] | None]:
        """(absolute path however the corpus folder was spelt (--corpus DIR, ./DIR), stat or None when unreadable)."""
        if source.listed is not None:
            prefix, name = source.listed
            folder = self.opened.get(prefix, -1)
            if folder == -1:
                folder = self.opened[prefix] = _open_folder(prefix)
            if folder is not None:
                try:
                    return prefix + name, file_stat(name, folder)
                except OSError:
                    return prefix + name, None
        name = os.fspath(source.path)
        try:
            stat = file_stat(name)
        except OSError:
            stat = None
        return os.path.abspath(name), stat


def _open_folder(path: str) -> int | None:
    """A descriptor of a folder, for os.stat(name, dir_fd=...); None when it cannot be opened (or stat takes none)."""
    if os.stat not in os.supports_dir_fd:
        return None
    try:
        return os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None


class _Update:
    """One update of an index folder: what the corpus holds now against what the index holds."""

    def __init__(self, folder: Path, sources: list[Source], settings: Features, state: dict | None, progress):
        self.folder, self.sources, self.settings, self.state, self.progress = folder, sources, settings, state, progress
        self.manifest = state  # the manifest as last read or written
        self.known: dict[str, Known] = {}
        if state is not None:
            with store.collector_paused():
                self.known = {slug: _known(entry) for slug, entry in state["known"].items()}
        self.dirty = False  # a file's stat changed (the manifest is rewritten even when the index is not)
        self.unchanged = False  # no file's content, name or presence changed since the manifest was written
        self.since = 0  # files changed after this (ns) may change again unseen by their mtime (see RACY_NS)
        self.pool = None
        self.spill: Path | None = None
        self._exits = contextlib.ExitStack()

    def run(self, work: Callable[[], bool] | None = None) -> bool:
        """Do the update (or other `work` on this folder), then stop the pool and remove temporaries."""
        with self._exits:
            try:
                return (work or self._run)()
            finally:
                if self.pool is not None:
                    self.pool.shutdown(cancel_futures=True)

    def _parallel(self) -> tuple[Any, Path]:
        """The process pool and the folder its workers spill prepared notices to (made on first need)."""
        if self.pool is None:
            _WORKER["settings"] = self.settings
            self.spill = self._exits.enter_context(store.temporary_folder(self.folder))
            self.pool = _pool(workers())
        return self.pool, self.spill

    def _run(self) -> bool:
        import numpy as np

        prepared = self._scan()
        # one notice per text: the first slug (in slugs() order) of each text hash
        wanted: dict[str, str] = {}
        taken: set[str] = set()
        for source in self.sources:
            entry = self.known.get(source.slug)
            if entry is None or entry.reason is not None:
                continue
            key = entry.sha or source.slug
            if key not in taken:
                taken.add(key)
                wanted[source.slug] = entry.file_hash
        places = self.state["places"] if self.unchanged else place_names(*(self.known[slug].place for slug in wanted))
        live = self._live()
        if self.state is None or self._too_big(live, wanted):
            with store.collector_as_before():
                return self._rebuild(wanted, places, prepared)
        old_places = self.state["places"]
        moved = self._moved(live, places, old_places)
        removed = [slug for slug, (_, _, file_hash) in live.items()
                   if wanted.get(slug) != file_hash or slug in moved]
        added = [slug for slug in wanted if slug not in live or slug in removed]
        if (removed or added) and self._small_last(live):
            # the last segment is a small one of earlier updates: its notices join the new one (one delta, not many)
            last = len(self.state["segments"]) - 1
            merged = [slug for slug, where in live.items() if where[0] == last and slug in wanted and slug not in removed]
            removed += merged
            added += [slug for slug in merged if slug not in added]
        if not removed and not added and places == old_places:
            if self.dirty or set(self.known) != set(self.state["known"]):
                self._write_manifest(self.state["segments"], self.state["stats"], places, self.state["documents"])
            return False
        with store.collector_as_before():
            segments = self._open_segments()
            incoming = resolve([prepared.get(slug) or self._from_segment(segments, live[slug]) for slug in added])
            return self._apply(segments, live, removed, incoming, places, old_places, np)

    # -- what the corpus holds

    def _scan(self) -> dict[str, Prepared]:
        """Hash changed files (a touched file keeps its hash), prepare new contents; the prepared notices by slug."""
        self.since = time.time_ns() - RACY_NS  # before any file is looked at
        with store.collector_paused():
            needed = self._changed()
        present = {source.slug for source in self.sources}
        self.known = {slug: entry for slug, entry in self.known.items() if slug in present}
        # the corpus is as the manifest last saw it: its notices, their places, and so its place names too
        self.unchanged = self.state is not None and not needed and self.known.keys() == self.state["known"].keys()
        result = {}
        if needed and self.progress and len(needed) >= POOL_FROM:
            self.progress("parsing", 0, len(needed))
        many = len(needed) >= POOL_FROM and workers() > 1
        pool, spill = self._parallel() if many else (None, None)
        with store.collector_as_before():
            for source, outcome in zip(needed, prepare_all(needed, self.settings, self.progress if many else None, pool, spill)):
                if isinstance(outcome, Known):
                    outcome.stat = self._settled(outcome.stat)
                    self.known[source.slug] = outcome
                    continue
                self.known[source.slug] = Known(os.path.abspath(source.path), self._settled(outcome.stat),
                                                outcome.file_hash, outcome.sha, outcome.place)
                result[source.slug] = outcome
        return result

    def _changed(self) -> list[Source]:
        """The sources whose content may differ from what the manifest knows (a stat each; a hash when it moved)."""
        needed = []
        with _Folders() as folders:
            located = [folders.locate(source) for source in self.sources]
        for source, (path, stat) in zip(self.sources, located):
            entry = self.known.get(source.slug)
            if entry is not None and stat is not None and entry.path == path and entry.stat == stat:
                continue
            if entry is not None and stat is not None and entry.reason is None:
                try:
                    digest = hashlib.sha256(read_source(source)).hexdigest()
                except HrcliError:
                    digest = None
                if digest == entry.file_hash:
                    entry.stat, entry.path = self._settled(stat), path
                    self.dirty = True
                    continue
            needed.append(source)
        return needed

    def _settled(self, stat: list[int]) -> list[int]:
        """The stat to record: with the mtime unknown (-1) when the file changed within RACY_NS of this run."""
        return stat if stat[1] < self.since else [stat[0], -1, *stat[2:]]

    def _live(self) -> dict[str, tuple[int, int, str]]:
        """slug -> (segment number, notice number in it, file hash) of the notices the index holds."""
        live = {}
        if self.state is None:
            return live
        for number, segment in enumerate(self.state["segments"]):
            dead = set(segment["dead"])
            for local, row in enumerate(segment["notices"]):
                if local not in dead:
                    live[row[0]] = (number, local, row[1])
        return live

    def _small_last(self, live: dict) -> bool:
        """The index has several segments and the last holds few notices (it was made by updates)."""
        segments = self.state["segments"]
        if len(segments) < 2:
            return False
        last = sum(1 for where in live.values() if where[0] == len(segments) - 1)
        return last <= max(DELTA_NOTICES, len(live) // 50)

    def _too_big(self, live: dict, wanted: dict[str, str]) -> bool:
        """Rebuild whole when many notices change, or the index has too many segments or removed notices."""
        changed = sum(1 for slug, file_hash in wanted.items() if live.get(slug, (0, 0, None))[2] != file_hash)
        changed += sum(1 for slug in live if slug not in wanted)
        dead = sum(len(segment["dead"]) for segment in self.state["segments"])
        total = max(1, len(wanted))
        return (changed + dead) / total > REBUILD_SHARE or len(self.state["segments"]) >= MAX_SEGMENTS

    def _moved(self, live: dict, places: list[str], old_places: list[str]) -> set[str]:
        """Notices whose tasks hold a place name that appeared or disappeared (their grams change)."""
        changed = sorted(set(places) ^ set(old_places))
        if not changed:
            return set()
        import numpy as np

        moved = set()
        for segment in self.state["segments"]:
            arrays, _ = store.read_arrays(self.folder / segment["id"], ["texts", "text_offsets", "task_notice"])
            blob, offsets = bytes(arrays["texts"]), np.asarray(arrays["text_offsets"])
            for name in changed:
                needle, start = name.encode("utf-8"), 0
                while (found := blob.find(needle, start)) >= 0:
                    row = int(np.searchsorted(offsets, found, side="right")) - 1
                    moved.add(segment["notices"][int(arrays["task_notice"][row])][0])
                    start = found + 1
        return {slug for slug in moved if slug in live}

    # -- building

    def _rebuild(self, wanted: dict[str, str], places: list[str], prepared: dict[str, Prepared]) -> bool:
        """Build the whole index anew from prepared notices (re-using what old segments hold)."""
        segments = self._open_segments() if self.state is not None else []
        live = self._live()
        notices = []
        for slug in wanted:
            if slug in prepared:
                notices.append(prepared[slug])
            elif slug in live:
                notices.append(self._from_segment(segments, live[slug]))
            else:  # known but neither new nor indexed (an index lost): prepare again
                source = next(source for source in self.sources if source.slug == slug)
                outcome = prepare_source(source, self.settings)
                if isinstance(outcome, Prepared):
                    notices.append(outcome)
        return self.write_all(notices, places)

    def write_all(self, notices: list[Prepared], places: list[str]) -> bool:
        """Invert the notices into segments (one per core, in parallel), compute the corpus-wide numbers, commit."""
        groups = _groups(notices, workers())
        if self.progress:
            self.progress("indexing", 0, len(groups))
        matching = self.settings.matching
        parallel = len(groups) > 1
        if parallel:
            pool, _ = self._parallel()
            identifiers = list(pool.map(_invert_many, [(group, places, self.folder) for group in groups]))
        else:
            identifiers = [write_segment(resolve(group), places, matching, self.folder) for group in groups]
        del notices, groups
        if self.progress:
            self.progress("indexing", 1, 1)
        fresh = [{"id": identifier, "dead": []} for identifier in identifiers]
        opened = [store.read_arrays(self.folder / item["id"], SEGMENT_ARRAYS) for item in fresh]
        for item, (_, meta) in zip(fresh, opened):
            item["notices"] = meta["notices"]
        arrays = [pair[0] for pair in opened]
        gdf = _global_df(arrays)
        if parallel:  # each segment's norm terms in a worker, at the same time
            jobs = [(self.folder / item["id"], frequencies) for item, frequencies in zip(fresh, gdf)]
            terms = list(self._parallel()[0].map(_norm_terms_of, jobs))
        else:
            terms = [norm_terms(segment, frequencies) for segment, frequencies in zip(arrays, gdf)]
        stats = {}
        for item, frequencies, (b, c) in zip(fresh, gdf, terms):
            stats[item["id"]] = {"gdf": frequencies, "b": b, "c": c}
        documents = sum(len(segment["task_notice"]) for segment in arrays)
        self._commit(fresh, stats, places, documents)
        return True

    def _apply(self, segments, live, removed, incoming, places, old_places, np) -> bool:
        """Remove some notices, add others as a new segment, update the corpus-wide numbers of the rest."""
        matching = self.settings.matching
        items = [dict(item, dead=list(item["dead"])) for item in self.state["segments"]]
        minus = []
        for slug in removed:
            number, local, _ = live[slug]
            items[number]["dead"].append(local)
            minus.append(_notice_texts(segments[number][0], local, segments[number][1]))
        removed_keys = distinct_keys([text for texts in minus for text in texts], old_places, matching)
        identifier = write_segment(incoming, places, matching, self.folder) if incoming else None
        delta_keys, delta_counts = np.unique(removed_keys, return_counts=True)
        changes = {int(key): -int(count) for key, count in zip(delta_keys, delta_counts)}
        new_segment = None
        if identifier:
            new_arrays, meta = store.read_arrays(self.folder / identifier, SEGMENT_ARRAYS)
            new_segment = new_arrays
            for key, count in zip(np.asarray(new_arrays["keys"]).tolist(), np.diff(new_arrays["indptr"]).tolist()):
                changes[key] = changes.get(key, 0) + count
            items.append({"id": identifier, "dead": [], "notices": meta["notices"]})
        changed = np.array(sorted(key for key, value in changes.items() if value), dtype=np.int64)
        keep = [len(item["dead"]) < len(item["notices"]) for item in items]
        amounts = np.array([changes[key] for key in changed.tolist()], dtype=np.int64)
        stats = {}
        old_stats = self._stats(np)
        for item, (segment, _) in zip(items, segments):
            current = old_stats[item["id"]]
            gdf, b, c = np.array(current["gdf"]), np.array(current["b"]), np.array(current["c"])
            positions, found = lookup(segment["keys"], changed)
            positions, delta = positions[found], amounts[found]
            if len(positions):
                before = np.log1p(gdf[positions].astype(np.float64))
                gdf[positions] += delta
                after = np.log1p(gdf[positions].astype(np.float64))
                _add_norm_terms(segment, positions, after - before, after * after - before * before, b, c)
            stats[item["id"]] = {"gdf": gdf, "b": b, "c": c}
        if new_segment is not None:
            gdf = _lookup_df(new_segment["keys"], segments, old_stats, items) + 0
            positions, found = lookup(changed, np.asarray(new_segment["keys"]))
            gdf[found] += amounts[positions[found]]
            b, c = norm_terms(new_segment, gdf)
            stats[identifier] = {"gdf": gdf, "b": b, "c": c}
        documents = self.state["documents"] - sum(len(texts) for texts in minus) + sum(len(p.texts) for p in incoming)
        items = [item for item, kept in zip(items, keep) if kept]  # a segment all of whose notices are gone
        self._commit(items, {item["id"]: stats[item["id"]] for item in items}, places, documents)
        return True

    def _open_segments(self):
        return [store.read_arrays(self.folder / item["id"], SEGMENT_ARRAYS) for item in self.state["segments"]]

    def _stats(self, np) -> dict[str, dict[str, Any]]:
        arrays, _ = store.read_arrays(self.folder / self.state["stats"], [
            f"{name}-{item['id']}" for item in self.state["segments"] for name in STATS_ARRAYS])
        return {item["id"]: {name: arrays[f"{name}-{item['id']}"] for name in STATS_ARRAYS} for item in self.state["segments"]}

    def _from_segment(self, segments, where: tuple[int, int, str]) -> Prepared:
        """A notice of an old segment as a Prepared notice (nothing parsed again)."""
        import numpy as np

        number, local, _ = where
        arrays, meta = segments[number]
        slug, file_hash, sha, place, start, count = meta["notices"][local]
        offsets = arrays["record_offsets"]
        records = [bytes(arrays["records"][int(offsets[row]) : int(offsets[row + 1])]) for row in range(start, start + count)]
        profiles = np.array(arrays["topics"][start : start + count], dtype=np.float32)
        return Prepared(slug, file_hash, sha, place, records, _notice_texts(arrays, local, meta), profiles)

    def _commit(self, items: list[dict], stats: dict[str, dict], places: list[str], documents: int) -> None:
        """Write the stats folder and the manifest; remove segments and stats no longer used."""
        identifier = f"stats-{uuid.uuid4().hex[:16]}"
        with store.temporary_folder(self.folder) as temporary:
            store.write_arrays(temporary, {f"{name}-{segment}": values[name] for segment, values in stats.items()
                                           for name in STATS_ARRAYS}, {})
            store.publish(temporary, self.folder / identifier)
        self._write_manifest(items, identifier, places, documents)
        used = {item["id"] for item in items} | {identifier}
        for entry in self.folder.iterdir():
            if entry.name.startswith(("seg-", "stats-")) and entry.name not in used:
                store.discard(entry)

    def _write_manifest(self, items, stats: str, places: list[str], documents: int) -> None:
        body = {
            "version": store.INDEX_VERSION, "segments": items, "stats": stats, "places": places,
            "documents": documents, "known": {slug: vars(entry) for slug, entry in self.known.items()},
        }
        store.write_json(self.folder / store.MANIFEST, body)
        self.manifest = body


def build_index(notices: Sequence[Notice], matching: Matching, taxonomy: Taxonomy) -> TaskIndex:
    """An index of these notices, in memory (a notice whose text repeats another's is left out)."""
    import tempfile

    from hrcli.index.query import open_index

    settings = Features(matching, taxonomy)
    prepared, seen = [], set()
    for notice in notices:
        key = notice.sha256 or notice.region
        if key not in seen:
            seen.add(key)
            prepared.append(prepare(notice, notice.sha256 or "", settings))
    with tempfile.TemporaryDirectory(prefix="hrcli-index-") as scratch:
        folder = Path(scratch)
        updater = _Update(folder, [], settings, None, None)
        updater.run(lambda: updater.write_all(prepared, place_names(*(p.place for p in prepared))))
        index = open_index(folder, matching, taxonomy)
        index.load_all()
    index.built = True
    return index


def _notice_texts(arrays: dict[str, Any], local: int, meta: dict | None = None) -> list[str]:
    """The stored (pre-blank) texts of one notice of a segment."""
    import numpy as np

    if meta is not None:
        start, count = meta["notices"][local][4:6]
        rows = np.arange(start, start + count)
    else:
        rows = np.flatnonzero(np.asarray(arrays["task_notice"]) == local)
    offsets, blob = arrays["text_offsets"], arrays["texts"]
    return [bytes(blob[int(offsets[row]) : int(offsets[row + 1])]).decode("utf-8") for row in rows.tolist()]


def _groups(notices: list[Prepared], count: int) -> list[list[Prepared]]:
    """Notices cut into `count` runs of about equal tasks (one segment each), none above SEGMENT_TASKS."""
    total = sum(notice.tasks for notice in notices)
    count = max(1, min(count, len(notices) // POOL_FROM or 1), -(-total // SEGMENT_TASKS))
    target = -(-total // count) if total else 1
    groups: list[list[Prepared]] = [[]]
    size = 0
    for notice in notices:
        if size + notice.tasks > target and groups[-1] and len(groups) < count:
            groups.append([])
            size = 0
        groups[-1].append(notice)
        size += notice.tasks
    return groups


def _global_df(segments: list[dict[str, Any]]) -> list[Any]:
    """Each segment's grams' document frequency over every segment (none removed)."""
    import numpy as np

    result = []
    for segment in segments:
        total = np.diff(np.asarray(segment["indptr"])).astype(np.int64)
        for other in segments:
            if other is segment:
                continue
            positions, found = lookup(other["keys"], np.asarray(segment["keys"]))
            counts = np.diff(np.asarray(other["indptr"]))
            total[found] += counts[positions[found]]
        result.append(total.astype(np.int32))
    return result


def _lookup_df(keys, segments, stats, items):
    """The live df of keys before an update: from the first old segment holding each."""
    import numpy as np

    keys = np.asarray(keys)
    result = np.zeros(len(keys), dtype=np.int64)
    missing = np.ones(len(keys), dtype=bool)
    for item, (segment, _) in zip(items, segments):
        positions, found = lookup(segment["keys"], keys)
        take = found & missing
        result[take] = np.asarray(stats[item["id"]]["gdf"])[positions[take]]
        missing &= ~found
    return result
