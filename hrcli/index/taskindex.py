"""A corpus-wide task index: search every task of 1,000-10,000 notices, or rank one notice against all.

The features are the matcher's (align.Matcher): the task text with synonyms folded and boilerplate and
every corpus place name blanked, character n-grams (matching.ngram_sizes), sublinear tf, smoothed idf
over the tasks of the corpus, unit length; plus the topic profile, weighted by matching.topic_weight.
So a search score and a compare score of the same two texts are the same number.

Layout (one folder of .npy files and a meta.json, memory-mapped when read):

- `vocabulary` (V,) sorted n-gram strings; column k of the index is vocabulary[k]
- `indptr` (V+1,) int64, `rows` (nnz,) int32, `values` (nnz,) float32: the tf-idf matrix by column
  (CSC, an inverted index): the tasks holding gram k are rows[indptr[k]:indptr[k+1]], with their weights.
  A query touches only the columns of its own grams, and nothing is read for the rest.
- `df` (V,) int32 document frequencies (the idf of a query gram, and of Matcher.idf for large corpora)
- `topics` (N, T) float32 unit topic profiles
- `task_notice` (N,) int32: which notice a task belongs to (meta.json lists the notices)
- `offsets` (N+1,) int64 and `records` (bytes): each task as JSON (id, number, label, title, lead, text),
  decoded only for the tasks shown

Tasks are numbered by notice slug, then order in the notice, which is also the order of ties.
numpy is imported inside the functions, so importing this module costs nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import shutil
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hrcli.analyse.topics import Taxonomy, Topic, unit
from hrcli.cache import code_fingerprint
from hrcli.config import Matching
from hrcli.errors import HrcliError
from hrcli.parse.normalize import Normalizer, ngrams, place_names
from hrcli.schema import Notice, Task

if TYPE_CHECKING:
    from hrcli.align.matcher import Matcher
    from hrcli.corpus import Corpus

# Bumped when the index layout or its features change (part of the cache key).
INDEX_VERSION = "1"
# Config files whose bytes are part of the key: the features, and what the parse of a notice depends on.
INDEX_CONFIGS = ("matching.yaml", "topics.yaml", "departments.yaml", "regions.yaml")
ARRAYS = ("vocabulary", "indptr", "rows", "values", "df", "topics", "task_notice", "offsets", "records")
# Characters of one chunk of task text counted at a time while building (bounds the build's memory).
CHUNK_CHARACTERS = 2_000_000
# n-grams of up to this many characters are counted with numpy (a code of 21 bits per character in an int64).
PACKED_SIZE = 3
CODE_BITS = 21
SEPARATOR = "\x00"

Progress = Callable[[str], None]


@dataclass
class IndexedNotice:
    """One notice of the index: its tasks are index rows start .. start + count - 1."""

    region: str
    sha256: str | None
    place: str | None
    start: int
    count: int


@dataclass
class Hit:
    """A task found by a search or a ranking; score in [0, 1], as compare would score the pair."""

    score: float
    region: str
    id: str
    number: int
    label: str
    title: str
    lead: str | None
    why: list[str] = field(default_factory=list)  # key terms shared with the query or task
    text: str = field(default="", repr=False)  # the task's full text


@dataclass
class TaskIndex:
    """The index of one corpus: arrays (numpy, often memory-mapped) and the tables of meta.json."""

    settings: Matching
    taxonomy: Taxonomy
    notices: list[IndexedNotice]
    places: list[str]  # the names blanked, in blanking order (normalize.place_names)
    skipped: list[str]  # "slug: reason" for corpus files that could not be read
    arrays: dict[str, Any]
    external: dict[str, list[int]] = field(default_factory=dict)  # notice files outside the folder: size, mtime
    built: bool = False  # made by this process (not read from the cache)
    _blanker: _PlaceBlanker | None = field(default=None, repr=False)
    _terms: Matcher | None = field(default=None, repr=False)

    @property
    def tasks(self) -> int:
        return len(self.arrays["task_notice"])

    @property
    def normalizer(self) -> Normalizer:
        return self.blanker.normalizer

    @property
    def blanker(self) -> _PlaceBlanker:
        if self._blanker is None:
            self._blanker = _PlaceBlanker(Normalizer.for_matching(self.settings, self.places), self.places)
        return self._blanker

    def record(self, row: int) -> dict:
        """The stored fields of task `row` (id, number, label, title, lead, text)."""
        offsets = self.arrays["offsets"]
        return json.loads(bytes(self.arrays["records"][int(offsets[row]) : int(offsets[row + 1])]).decode("utf-8"))

    def columns(self, grams: Sequence[str]):
        """The column of each gram, -1 for a gram no task of the corpus has."""
        import numpy as np

        vocabulary = self.arrays["vocabulary"]
        if not grams or len(vocabulary) == 0:
            return np.full(len(grams), -1, dtype=np.int64)
        wanted = np.array(grams)
        positions = np.minimum(np.searchsorted(vocabulary, wanted), len(vocabulary) - 1)
        found = np.asarray(vocabulary[positions]) == wanted
        return np.where(found, positions, -1)

    def document_frequencies(self, grams: Sequence[str]) -> list[int]:
        """How many tasks of the corpus hold each gram."""
        return self.frequencies(self.columns(grams)).tolist()

    def frequencies(self, columns):
        """The document frequency of each column (0 for -1)."""
        import numpy as np

        df = self.arrays["df"]
        if not len(df):
            return np.zeros(len(columns), dtype=np.int64)
        return np.where(columns >= 0, df[np.maximum(columns, 0)], 0)

    def features(self) -> str:
        return _features(self.settings, self.taxonomy)


# ---------------------------------------------------------------------------------------------
# Loading and caching


def load_index(corpus: Corpus, progress: Progress | None = None) -> TaskIndex:
    """The index of the corpus from the cache, else built from its notices (and cached)."""
    directory = _cache_folder(corpus)
    if directory is not None:
        found = read_index(directory)
        if found is not None and _external_unchanged(found):
            return found
        if directory.exists():
            _discard(directory)  # corrupt, truncated or out of date: rebuilt below
    slugs = sorted(corpus.slugs())
    if progress is not None and len(slugs) >= 100:
        progress(f"indexing the {len(slugs):,} notices of {corpus.directory} (once; later runs read the cache)")
    skipped: list[tuple[str, HrcliError]] = []
    settings = corpus.settings
    index = build_index(corpus.readable_notices(skipped, slugs), settings.matching, settings.taxonomy)
    index.skipped = [f"{slug}: {error.message}" for slug, error in skipped]
    index.built = True
    if directory is not None:
        index.external = _external_sources(corpus, slugs)
        write_index(index, directory)
    return index


def index_key(corpus: Corpus) -> str:
    """The corpus folder (path, and name, size and mtime of each file), the configs, hrcli's code."""
    digest = hashlib.sha256()
    digest.update(f"{INDEX_VERSION}\0{corpus.directory.resolve()}\0".encode())
    digest.update(folder_fingerprint(corpus.directory).encode())
    digest.update(corpus.settings.fingerprint(*INDEX_CONFIGS).encode())
    digest.update(code_fingerprint().encode())
    return digest.hexdigest()


def folder_fingerprint(directory: Path) -> str:
    """Name, size and modification time (ns) of every file of a folder, sorted by name.

    Any write to a file changes its mtime, so an edited, added or removed notice changes this; it costs
    one stat per file (hashing the contents of 10,000 notices would cost more than a search).
    """
    parts = []
    for path in sorted(directory.iterdir()):
        try:
            stat = path.stat()
        except OSError:
            continue
        parts.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};")
    return "".join(parts)


def _cache_folder(corpus: Corpus) -> Path | None:
    """cache/v1/index/<corpus path hash>-<key>, or None when caching is off."""
    root = corpus.settings.cache.folder("index")
    if root is None:
        return None
    folder = hashlib.sha256(str(corpus.directory.resolve()).encode()).hexdigest()[:16]
    return root / f"{folder}-{index_key(corpus)[:40]}"


def _external_sources(corpus: Corpus, slugs: list[str]) -> dict[str, list[int]]:
    """Notice files outside the corpus folder (regions.yaml may point there), with size and mtime."""
    inside = corpus.directory.resolve()
    sources = {}
    for slug in slugs:
        try:
            path = corpus.source(slug).path
        except HrcliError:
            continue
        if path is not None and path.resolve().parent != inside:
            stat = path.stat()
            sources[str(path.resolve())] = [stat.st_size, stat.st_mtime_ns]
    return sources


def _external_unchanged(index: TaskIndex) -> bool:
    for path, (size, mtime) in index.external.items():
        try:
            stat = os.stat(path)
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
            return False
    return True


def write_index(index: TaskIndex, directory: Path) -> None:
    """Write the index atomically: a temporary folder, then a rename; a failure only costs speed.

    When another process has just written the same index, its folder stays and this one is dropped.
    Indexes of older states of the same corpus folder are removed (the key's prefix is the folder's).
    """
    import numpy as np

    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(dir=directory.parent, prefix=".tmp-"))
    except OSError:
        return
    try:
        for name in ARRAYS:
            np.save(temporary / f"{name}.npy", index.arrays[name], allow_pickle=False)
        meta = {
            "version": INDEX_VERSION,
            "settings": dataclasses.asdict(index.settings),
            "taxonomy": dataclasses.asdict(index.taxonomy),
            "notices": [dataclasses.astuple(notice) for notice in index.notices],
            "places": index.places,
            "skipped": index.skipped,
            "external": index.external,
            "shapes": {name: list(index.arrays[name].shape) for name in ARRAYS},
        }
        (temporary / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, directory)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)  # a full disk, or another process won the rename
        return
    prefix = directory.name.split("-")[0] + "-"
    for sibling in directory.parent.iterdir():
        if sibling.name.startswith(prefix) and sibling != directory:
            _discard(sibling)


def _discard(directory: Path) -> None:
    """Remove a cached index: renamed away first, so no reader ever sees half a folder."""
    trash = directory.parent / f".trash-{uuid.uuid4().hex}"
    try:
        os.replace(directory, trash)
    except OSError:
        return  # gone already, or another process is doing the same
    shutil.rmtree(trash, ignore_errors=True)


def read_index(directory: Path) -> TaskIndex | None:
    """The cached index in `directory`; None when absent, truncated or inconsistent (then it is rebuilt)."""
    import numpy as np

    try:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        if meta.get("version") != INDEX_VERSION:
            return None
        arrays = {}
        for name in ARRAYS:
            arrays[name] = _load_array(directory / f"{name}.npy")
            if list(arrays[name].shape) != meta["shapes"][name]:
                return None
        settings = meta["settings"]
        settings["ngram_sizes"] = tuple(settings["ngram_sizes"])
        taxonomy = meta["taxonomy"]
        taxonomy["topics"] = [Topic(**topic) for topic in taxonomy["topics"]]
        index = TaskIndex(
            settings=Matching(**settings), taxonomy=Taxonomy(**taxonomy),
            notices=[IndexedNotice(*row) for row in meta["notices"]], places=list(meta["places"]),
            skipped=list(meta["skipped"]), arrays=arrays, external=dict(meta["external"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError):
        return None
    return index if _consistent(index, np) else None


def _load_array(path: Path):
    import numpy as np

    try:
        return np.load(path, mmap_mode="r", allow_pickle=False)
    except ValueError:
        return np.load(path, allow_pickle=False)  # an empty array cannot be mapped; a truncated one fails here too


def _consistent(index: TaskIndex, np) -> bool:
    """The arrays fit each other and the notice table (a garbled file almost never does)."""
    a = index.arrays
    tasks, vocabulary = len(a["task_notice"]), len(a["vocabulary"])
    return (
        a["indptr"].dtype == np.int64 and a["rows"].dtype == np.int32 and a["values"].dtype == np.float32
        and len(a["indptr"]) == vocabulary + 1 and len(a["df"]) == vocabulary
        and int(a["indptr"][0]) == 0 and int(a["indptr"][-1]) == len(a["rows"]) == len(a["values"])
        and bool(np.all(np.diff(a["indptr"]) == a["df"]))
        and a["topics"].shape == (tasks, len(index.taxonomy.topics))
        and len(a["offsets"]) == tasks + 1 and int(a["offsets"][-1]) == len(a["records"])
        and [notice.start for notice in index.notices] == _starts([notice.count for notice in index.notices])
        and bool(np.array_equal(a["task_notice"], _task_notice([notice.count for notice in index.notices])))
    )


def _starts(counts: list[int]) -> list[int]:
    """The first index row of each notice, from their numbers of tasks."""
    starts, total = [], 0
    for count in counts:
        starts.append(total)
        total += count
    return starts


def _task_notice(counts: list[int]):
    """The notice of each index row."""
    import numpy as np

    return np.repeat(np.arange(len(counts), dtype=np.int32), counts)


# ---------------------------------------------------------------------------------------------
# Building


def build_index(notices: Iterable[Notice], matching: Matching, taxonomy: Taxonomy) -> TaskIndex:
    """Index the tasks of the notices (one pass over them; a notice whose text repeats another's is left out)."""
    import numpy as np

    table: list[IndexedNotice] = []
    titles: list[str] = []
    texts: list[str] = []
    records: list[bytes] = []
    seen: set[str] = set()
    for notice in notices:  # only the tasks' words are kept: 10,000 parsed notices would not fit in memory
        key = notice.sha256 or notice.region
        if key in seen:
            continue
        seen.add(key)
        table.append(IndexedNotice(notice.region, notice.sha256, notice.place, len(texts), len(notice.tasks)))
        for task in notice.tasks:
            titles.append(task.title)
            texts.append(task.text)
            records.append(_record(task))
    # Every task's place names are blanked, those of all notices, so they are known only now.
    places = place_names(*(notice.place for notice in table))
    normalizer = Normalizer.for_matching(matching, places)
    blanker = _PlaceBlanker(normalizer, places)
    counter = _TopicCounter(taxonomy.folded(normalizer), taxonomy.title_weight)
    profiles = np.zeros((len(texts), len(taxonomy.topics)), dtype=np.float32)
    for k, (title, text) in enumerate(zip(titles, texts)):
        title, folded = normalizer.fold(title), normalizer.fold(text)
        present = _bigrams(f"{title}{SEPARATOR}{folded}")
        profiles[k] = unit(counter.weights(title, folded, present))
        texts[k] = blanker.blank(normalizer.matchable(text), present)
    del titles
    arrays = _tfidf_arrays(texts, matching.ngram_sizes)
    del texts
    arrays["topics"] = profiles
    arrays["task_notice"] = _task_notice([notice.count for notice in table])
    arrays["offsets"] = np.concatenate(([0], np.cumsum([len(record) for record in records], dtype=np.int64)))
    arrays["records"] = np.frombuffer(b"".join(records), dtype=np.uint8)
    index = TaskIndex(settings=matching, taxonomy=taxonomy, notices=table, places=places, skipped=[], arrays=arrays)
    index._blanker = blanker
    return index


def _record(task: Task) -> bytes:
    fields = {"id": task.id, "number": task.number, "label": task.label, "title": task.title, "lead": task.lead, "text": task.text}
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


def _tfidf_arrays(texts: list[str], sizes: Sequence[int]) -> dict[str, Any]:
    """The tf-idf matrix of the texts by column: vocabulary, indptr, rows, values, df.

    Worked size by size (a gram's column holds grams of one size only), so that the build's memory stays
    a few times the index's own size.
    """
    import numpy as np

    parts = [_size_entries(texts, size, times) for size, times in sorted(Counter(sizes).items())]
    everything = np.concatenate([part.strings for part in parts]) if parts else np.zeros(0, dtype="<U1")
    order = np.argsort(everything, kind="stable")
    column_of = np.empty(len(order), dtype=np.int32)
    column_of[order] = np.arange(len(order), dtype=np.int32)
    offset = 0
    for part in parts:
        part.column = column_of[offset + part.local]
        offset += len(part.strings)
        del part.local
    documents, vocabulary = len(texts), len(order)
    df = np.zeros(vocabulary, dtype=np.int64)
    for part in parts:
        df += np.bincount(part.column, minlength=vocabulary)
    idf = np.log((1.0 + documents) / (1.0 + df)) + 1.0
    squares = np.zeros(documents)
    for part in parts:
        part.weight = (1.0 + np.log(part.count)) * idf[part.column]
        del part.count
        squares += np.bincount(part.row, weights=part.weight * part.weight, minlength=documents)
    norm = np.sqrt(squares)
    norm[norm == 0] = 1.0
    indptr = np.concatenate(([0], np.cumsum(df)))
    rows = np.empty(int(indptr[-1]), dtype=np.int32)
    values = np.empty(int(indptr[-1]), dtype=np.float32)
    for part in parts:  # entries are in row order within a size: a stable sort by column keeps rows ascending
        by_column = np.argsort(part.column, kind="stable")
        column = part.column[by_column]
        first = np.searchsorted(column, column)  # where each column's run starts in this size's entries
        places = indptr[column] + np.arange(len(column)) - first
        rows[places] = part.row[by_column]
        values[places] = part.weight[by_column] / norm[part.row[by_column]]
        del part.row, part.column, part.weight
    return {"vocabulary": everything[order], "indptr": indptr, "rows": rows, "values": values, "df": df.astype(np.int32)}


@dataclass
class _SizeEntries:
    """The distinct (text, gram) pairs of one n-gram size: row (int32), gram number (local), count."""

    strings: Any  # the grams, by local number
    row: Any
    local: Any
    count: Any
    column: Any = None
    weight: Any = None


def _size_entries(texts: list[str], size: int, times: int) -> _SizeEntries:
    """Count the grams of one size in every text, chunk by chunk (numpy for short grams, Python for long ones)."""
    import numpy as np

    python_vocabulary: dict[str, int] = {}
    pieces = []
    for first, chunk in _chunks(texts):
        if size <= PACKED_SIZE:
            pieces.append(_packed_entries(chunk, first, size, times))
        else:
            pieces.append(_python_entries(chunk, first, size, times, python_vocabulary))
    row = np.concatenate([p[0] for p in pieces]) if pieces else np.zeros(0, np.int32)
    keys = np.concatenate([p[1] for p in pieces]) if pieces else np.zeros(0, np.int64)
    count = np.concatenate([p[2] for p in pieces]) if pieces else np.zeros(0, np.int32)
    del pieces
    if size <= PACKED_SIZE:
        unique, local = np.unique(keys, return_inverse=True)
        strings = _unpack(unique, size)
    else:
        local = keys
        strings = np.array(sorted(python_vocabulary, key=python_vocabulary.get), dtype=f"<U{size}").reshape(len(python_vocabulary))
    return _SizeEntries(strings, row, local.reshape(-1).astype(np.int32), count.astype(np.float64))


def _chunks(texts: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(index of the first text, texts) in pieces of about CHUNK_CHARACTERS characters."""
    start, size = 0, 0
    for end, text in enumerate(texts):
        size += len(text) + 1
        if size >= CHUNK_CHARACTERS:
            yield start, texts[start : end + 1]
            start, size = end + 1, 0
    if start < len(texts):
        yield start, texts[start:]


def _codepoints(texts: list[str]):
    """The texts joined by NUL (never part of a gram) as an int64 array of code points, and each one's text number."""
    import numpy as np

    joined = SEPARATOR.join(text.replace(SEPARATOR, " ") for text in texts) + SEPARATOR
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.int64)
    return points, np.cumsum(points == 0)


def _in_word_runs(points):
    """True where normalize.WORD_RUNS ([\\u4e00-\\u9fffA-Za-z+]) matches: grams never cross anything else."""
    return (
        ((points >= 0x4E00) & (points <= 0x9FFF)) | ((points >= 0x41) & (points <= 0x5A))
        | ((points >= 0x61) & (points <= 0x7A)) | (points == 0x2B)
    )


def _packed_entries(texts: list[str], first: int, size: int, times: int):
    """(text number, gram code, count) of every distinct gram of `size` characters in each text."""
    import numpy as np

    points, text_of = _codepoints(texts)
    breaks = np.concatenate(([0], np.cumsum(~_in_word_runs(points))))
    starts = len(points) - size + 1
    if starts <= 0:
        return np.zeros(0, np.int32), np.zeros(0, np.int64), np.zeros(0, np.int32)
    positions = np.flatnonzero(breaks[size : size + starts] == breaks[:starts])
    code = points[positions]
    for k in range(1, size):
        code = (code << CODE_BITS) | points[positions + k]
    text = text_of[positions]
    order = np.lexsort((code, text))
    code, text = code[order], text[order]
    new = np.ones(len(code), dtype=bool)
    new[1:] = (code[1:] != code[:-1]) | (text[1:] != text[:-1])
    starts_of = np.flatnonzero(new)
    counts = np.diff(np.append(starts_of, len(code))) * times
    return (text[starts_of] + first).astype(np.int32), code[starts_of], counts.astype(np.int32)


def _unpack(codes, size: int):
    """Gram codes back to strings (an array of `size`-character unicode)."""
    import numpy as np

    points = np.empty((len(codes), size), dtype="<u4")
    for k in range(size):
        points[:, k] = (codes >> (CODE_BITS * (size - 1 - k))) & ((1 << CODE_BITS) - 1)
    return points.view(f"<U{size}").reshape(len(codes))


def _python_entries(texts: list[str], first: int, size: int, times: int, vocabulary: dict[str, int]):
    """Like _packed_entries for grams too long to pack: counted with normalize.ngrams, numbered in `vocabulary`."""
    import numpy as np

    text, key, counts = [], [], []
    for number, body in enumerate(texts):
        for gram, count in ngrams(body, (size,)).items():
            text.append(first + number)
            key.append(vocabulary.setdefault(gram, len(vocabulary)))
            counts.append(count * times)
    return np.array(text, dtype=np.int32), np.array(key, dtype=np.int64), np.array(counts, dtype=np.int32)


class _PlaceBlanker:
    """Normalizer.matchable's place blanking, fast for thousands of places: the same replacements in the same
    order, tried only for names whose first two characters occur in the text (a replacement by a blank never
    makes a new occurrence of a name, so the others could not match)."""

    def __init__(self, normalizer: Normalizer, places: list[str]):
        self.normalizer = normalizer
        self.places = places
        self._by_start: dict[str, list[int]] = {}
        self._short: list[int] = []
        for order, name in enumerate(places):
            if len(name) >= 2 and " " not in name:
                self._by_start.setdefault(name[:2], []).append(order)
            else:
                self._short.append(order)

    def blank(self, text: str, present: set[str] | None = None) -> str:
        """Place names replaced by a blank (text already folded and stop phrases blanked).

        `present`: the two-character strings of the text, or of a text it was made from by blanking.
        """
        if not self.places:
            return text
        present = _bigrams(text) if present is None else present
        candidates = [order for start in present.intersection(self._by_start) for order in self._by_start[start]]
        candidates += [order for order in self._short if self.places[order] in text]
        for order in sorted(candidates):
            text = text.replace(self.places[order], " ")
        return text

    def matchable(self, text: str) -> str:
        """Exactly Normalizer.matchable(text, places)."""
        return self.blank(self.normalizer.matchable(text))


class _TopicCounter:
    """topics.topic_weights, fast: only terms whose first two characters occur are counted (same sums, same order)."""

    def __init__(self, folded_terms: list[list[str]], title_weight: float):
        self.topics = len(folded_terms)
        self.title_weight = title_weight
        self._terms = [(topic, term) for topic, terms in enumerate(folded_terms) for term in terms]
        self._by_start: dict[str, list[int]] = {}
        self._short = []
        for order, (_, term) in enumerate(self._terms):
            if len(term) >= 2:
                self._by_start.setdefault(term[:2], []).append(order)
            else:
                self._short.append(order)

    def weights(self, title: str, text: str, present: set[str] | None = None) -> list[float]:
        """topic_weights(title, text, ...); `present`: the two-character strings of title, NUL, text."""
        present = _bigrams(f"{title}{SEPARATOR}{text}") if present is None else present
        candidates = [order for start in present.intersection(self._by_start) for order in self._by_start[start]]
        weights = [0.0] * self.topics
        for order in sorted(candidates + self._short):
            topic, term = self._terms[order]
            weights[topic] += text.count(term) + (self.title_weight - 1) * title.count(term)
        return weights


def _bigrams(text: str) -> set[str]:
    return {text[k : k + 2] for k in range(len(text) - 1)}


def _features(matching: Matching, taxonomy: Taxonomy) -> str:
    """What the index's numbers depend on, to check that a Matching fits an index."""
    return json.dumps(
        [list(matching.ngram_sizes), matching.synonyms, matching.stop_phrases, matching.topic_weight,
         matching.stop_patterns, matching.families, matching.place_campaigns,
         [topic.terms for topic in taxonomy.topics], taxonomy.title_weight],
        ensure_ascii=False, sort_keys=True,
    )


# ---------------------------------------------------------------------------------------------
# Querying


def search_tasks(index: TaskIndex, query: str, limit: int = 10, terms: bool = True) -> list[Hit]:
    """The `limit` tasks of the corpus closest to the query, best first (ties: region, then task order).

    The query is read like a task's text (synonyms folded, boilerplate and place names blanked); tasks
    that share nothing with it are not returned.
    """
    probe = Task(id="query", label="", number=0, section=None, group=None, title=query, text=query, note=None)
    scores = _scores(index, [probe])[0]
    hits = [_hit(index, row, float(scores[row])) for row in _top(scores, limit)]
    if terms:
        _add_terms(index, probe, hits)
    return hits


def rank_against(
    index: TaskIndex, notice: Notice, limit_per_task: int = 3, regions: Sequence[str] | None = None, terms: bool = True,
) -> list[tuple[Task, list[Hit]]]:
    """For each task of the notice, the closest tasks of every other notice (or of `regions` only).

    The notice itself is left out (by content hash and by slug), so it can be one of the corpus or a draft.
    """
    import numpy as np

    own = [k for k, entry in enumerate(index.notices)
           if entry.region == notice.region or (notice.sha256 and entry.sha256 == notice.sha256)]
    excluded = np.zeros(len(index.notices), dtype=bool)
    excluded[own] = True
    if regions is not None:
        wanted = set(regions)
        excluded |= np.array([entry.region not in wanted for entry in index.notices], dtype=bool)
    skip = excluded[index.arrays["task_notice"]] if index.tasks else np.zeros(0, dtype=bool)
    results = []
    for task, scores in zip(notice.tasks, _scores(index, notice.tasks)):
        scores[skip] = -1.0
        hits = [_hit(index, row, float(scores[row])) for row in _top(scores, limit_per_task)]
        if terms:
            _add_terms(index, task, hits)
        results.append((task, hits))
    return results


def _scores(index: TaskIndex, tasks: Sequence[Task]):
    """Scores in [0, 1] of each task against every task of the index: (1 - w) * cosine(tf-idf) + w * cosine(topics)."""
    import numpy as np

    a = index.arrays
    weight = index.settings.topic_weight
    counter = _TopicCounter(index.taxonomy.folded(index.normalizer), index.taxonomy.title_weight)
    fold = index.normalizer.fold
    profiles = np.array([unit(counter.weights(fold(task.title), fold(task.text))) for task in tasks], dtype=np.float64)
    topical = profiles.reshape(len(tasks), -1) @ np.asarray(a["topics"], dtype=np.float64).T
    result = []
    for task, topic_scores in zip(tasks, topical):
        lexical = np.zeros(index.tasks)
        columns, values = _vector(index, task.text)
        if len(columns):
            starts, ends = a["indptr"][columns], a["indptr"][columns + 1]
            lengths = ends - starts
            picks = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
            lexical = np.bincount(a["rows"][picks], weights=a["values"][picks] * np.repeat(values, lengths),
                                  minlength=index.tasks)
        result.append(np.clip((1 - weight) * lexical + weight * topic_scores, 0.0, 1.0))
    return result


def _vector(index: TaskIndex, text: str):
    """The unit tf-idf vector of a text as (columns, weights), grams the corpus lacks counted in its length only."""
    import numpy as np

    grams = ngrams(index.blanker.matchable(text), index.settings.ngram_sizes)
    if not grams:
        return np.zeros(0, np.int64), np.zeros(0)
    names = list(grams)
    columns = index.columns(names)
    idf = np.log((1.0 + index.tasks) / (1.0 + index.frequencies(columns))) + 1.0
    weights = (1.0 + np.log(np.array([grams[name] for name in names], dtype=np.float64))) * idf
    weights /= math.sqrt(float(weights @ weights)) or 1.0
    keep = columns >= 0
    return columns[keep], weights[keep]


def _top(scores, limit: int) -> list[int]:
    """Rows of the `limit` best positive scores, best first; ties by row (region, then task order)."""
    import numpy as np

    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > limit:
        floor = np.partition(scores[candidates], len(candidates) - limit)[len(candidates) - limit]
        candidates = candidates[scores[candidates] >= floor]  # every tie of the last place, sorted below
    order = np.lexsort((candidates, -scores[candidates]))
    return [int(row) for row in candidates[order][:limit]]


def _hit(index: TaskIndex, row: int, score: float) -> Hit:
    record = index.record(row)
    region = index.notices[int(index.arrays["task_notice"][row])].region
    return Hit(round(score, 6), region, record["id"], record["number"], record["label"], record["title"], record["lead"],
               text=record["text"])


def _add_terms(index: TaskIndex, task: Task, hits: list[Hit]) -> None:
    """The key terms each hit shares with the task (as compare's `why`)."""
    matcher = terms_matcher(index)
    for hit in hits:
        other = Task(id=hit.id, label=hit.label, number=hit.number, section=None, group=None,
                     title=hit.title, text=hit.text, note=None)
        hit.why = matcher.shared_terms(task, other)


def terms_matcher(index: TaskIndex) -> Matcher:
    """An align.Matcher with the index's idf and places (for shared terms)."""
    if index._terms is None:
        from hrcli.align.matcher import Matcher

        index._terms = Matcher.from_frequencies(index.settings, index.taxonomy, index.tasks, _Frequencies(index), index.places)
    return index._terms


class _Frequencies:
    """Document frequencies for Matcher.idf: the index's, plus counts of notices not in it; looked up once per gram."""

    def __init__(self, index: TaskIndex, extra: Counter | None = None):
        self.index = index
        self.extra = extra or Counter()
        self._known: dict[str, int] = {}

    def prime(self, grams: Iterable[str]) -> None:
        """Look many grams up at once (one numpy call instead of one per gram)."""
        missing = [gram for gram in dict.fromkeys(grams) if gram not in self._known]
        self._known.update(zip(missing, self.index.document_frequencies(missing)))

    def get(self, gram: str, default: int = 0) -> int:
        if gram not in self._known:
            self.prime([gram])
        return (self._known[gram] + self.extra.get(gram, 0)) or default

    def __getitem__(self, gram: str) -> int:
        return self.get(gram)


def index_matcher(index: TaskIndex, notices: Sequence[Notice], matching: Matching, taxonomy: Taxonomy) -> Matcher | None:
    """The Matcher that align.Matcher(matching, taxonomy, corpus + notices) would be, from the index's counts.

    None when the settings differ from those the index was built with (then the caller counts afresh).
    """
    from hrcli.align.matcher import Matcher

    if _features(matching, taxonomy) != index.features():
        return None
    indexed = {entry.sha256 for entry in index.notices}
    extra = list({notice.sha256 or notice.region: notice for notice in notices if notice.sha256 not in indexed}.values())
    places = place_names(*(entry.place for entry in index.notices), *(notice.place for notice in extra))
    frequencies = _Frequencies(index)
    documents = index.tasks + sum(len(notice.tasks) for notice in extra)
    matcher = Matcher.from_frequencies(matching, taxonomy, documents, frequencies, places)
    for notice in extra:
        for task in notice.tasks:
            frequencies.extra.update(matcher._task_grams(task).keys())
    frequencies.prime(gram for notice in notices for task in notice.tasks for gram in matcher._task_grams(task))
    return matcher
