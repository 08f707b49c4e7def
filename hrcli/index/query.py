"""Querying the corpus index: search every task, rank one notice against all, idf for compare.

The features are the matcher's (align.features): a search score and a compare score of the same two
texts are the same number. A query reads only the columns of its own grams from the memory-mapped
segments; tasks are ordered by notice slug, then order in the notice, which is also the order of ties.
numpy is imported inside the functions, so importing this module costs nothing.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hrcli.align.features import PlaceBlanker, gram_key, sublinear_counts, sublinear_table, sublinear_tables
from hrcli.analyse.topics import Taxonomy, TopicCounter, unit
from hrcli.config import Matching
from hrcli.index import store
from hrcli.parse.normalize import Normalizer, ngrams, place_names
from hrcli.schema import Notice, Task

if TYPE_CHECKING:
    from hrcli.align.matcher import Matcher


@dataclass
class IndexedNotice:
    """One notice of the index."""

    region: str
    sha256: str | None
    place: str | None
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
class Segment:
    """One segment of the index: its arrays (memory-mapped), notices, removed notices and corpus-wide numbers."""

    id: str
    arrays: dict[str, Any]
    notices: list[list]  # [slug, file hash, sha, place, start, count]
    dead: set[int]
    stats: dict[str, Any]
    offset: int = 0  # the global row of its first task

    @property
    def tasks(self) -> int:
        return len(self.arrays["task_notice"])


@dataclass
class TaskIndex:
    """The index of one corpus: its segments and the tables of its manifest."""

    settings: Matching
    taxonomy: Taxonomy
    segments: list[Segment]
    places: list[str]  # the names blanked, in blanking order (normalize.place_names)
    documents: int  # live tasks: the N of idf
    skipped: list[str] = field(default_factory=list)  # "slug: reason" for corpus files that could not be read
    built: bool = False  # (re)built or updated by this process
    _blanker: PlaceBlanker | None = field(default=None, repr=False)
    _terms: Matcher | None = field(default=None, repr=False)
    _order: Any = field(default=None, repr=False)
    _notices: list[IndexedNotice] | None = field(default=None, repr=False)

    @property
    def tasks(self) -> int:
        return self.documents

    @property
    def rows(self) -> int:
        """Rows of all segments, removed notices' included (scores arrays have this length)."""
        return sum(segment.tasks for segment in self.segments)

    @property
    def notices(self) -> list[IndexedNotice]:
        """The live notices, by slug."""
        if self._notices is None:
            live = [(row[0], row[2], row[3], row[5]) for segment in self.segments
                    for local, row in enumerate(segment.notices) if local not in segment.dead]
            self._notices = [IndexedNotice(*entry) for entry in sorted(live)]
        return self._notices

    @property
    def normalizer(self) -> Normalizer:
        return self.blanker.normalizer

    @property
    def blanker(self) -> PlaceBlanker:
        if self._blanker is None:
            self._blanker = PlaceBlanker(Normalizer.for_matching(self.settings, self.places), self.places)
        return self._blanker

    def locate(self, row: int) -> tuple[Segment, int]:
        """The segment of a global row, and the row within it."""
        for segment in self.segments:
            if row < segment.offset + segment.tasks:
                return segment, row - segment.offset
        raise IndexError(row)

    def record(self, row: int) -> dict:
        """The stored fields of task `row` (id, number, label, title, lead, text)."""
        segment, local = self.locate(row)
        record = json.loads(_blob_item(segment, "records", local))
        record["text"] = _blob_item(segment, "texts", local).decode("utf-8")
        return record

    def region_of(self, row: int) -> str:
        segment, local = self.locate(row)
        return segment.notices[int(segment.arrays["task_notice"][local])][0]

    def document_frequencies(self, grams: Sequence[str]) -> list[int]:
        """How many live tasks of the corpus hold each gram."""
        return self.frequencies([gram_key(gram) for gram in grams]).tolist()

    def frequencies(self, keys: Sequence[int]):
        """The live document frequency of each gram key (0 for a gram no task holds)."""
        import numpy as np

        keys = np.asarray(keys, dtype=np.int64)
        result = np.zeros(len(keys), dtype=np.int64)
        missing = np.ones(len(keys), dtype=bool)
        for segment in self.segments:
            positions, found = _lookup(segment.arrays["keys"], keys)
            take = found & missing
            result[take] = np.asarray(segment.stats["gdf"])[positions[take]]
            missing &= ~found
        return result

    def order(self):
        """The tie order of every global row: notice slug, then order in the notice (removed rows last)."""
        import numpy as np

        if self._order is None:
            ranks = {notice.region: rank for rank, notice in enumerate(self.notices)}
            parts = []
            for segment in self.segments:
                notice_rank = np.array([ranks.get(row[0], len(ranks)) if local not in segment.dead else len(ranks)
                                        for local, row in enumerate(segment.notices)], dtype=np.int64)
                starts = np.array([row[4] for row in segment.notices], dtype=np.int64)
                which = np.asarray(segment.arrays["task_notice"])
                local = np.arange(segment.tasks, dtype=np.int64) - (starts[which] if len(starts) else 0)
                parts.append((notice_rank[which] << 32) + local if len(starts) else np.zeros(0, np.int64))
            self._order = np.concatenate(parts) if parts else np.zeros(0, np.int64)
        return self._order

    def live(self):
        """True for the rows of live notices."""
        import numpy as np

        parts = []
        for segment in self.segments:
            dead = np.zeros(len(segment.notices), dtype=bool)
            dead[list(segment.dead)] = True
            parts.append(~dead[np.asarray(segment.arrays["task_notice"])])
        return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)

    def load_all(self) -> None:
        """Copy every array into memory (the files are about to be removed)."""
        import numpy as np

        for segment in self.segments:
            segment.arrays = {name: np.array(array) for name, array in segment.arrays.items()}
            segment.stats = {name: np.array(array) for name, array in segment.stats.items()}


def _blob_item(segment: Segment, name: str, local: int) -> bytes:
    """The bytes of one task's item of a segment's blob ("records" or "texts", cut by "record_offsets" or
    "text_offsets")."""
    offsets = segment.arrays[f"{name[:-1]}_offsets"]
    return store.read_slice(segment.arrays[name], int(offsets[local]), int(offsets[local + 1])).tobytes()


def open_index(folder: Path, matching: Matching, taxonomy: Taxonomy, manifest: dict | None = None) -> TaskIndex:
    """The index in `folder` (memory-mapped), as its manifest (read here unless given) describes it; store.Damaged
    when a file fails verification or the parts disagree."""
    with store.collector_paused():
        return _open(folder, matching, taxonomy, manifest if manifest is not None else store.read_json(folder / store.MANIFEST))


def _open(folder: Path, matching: Matching, taxonomy: Taxonomy, manifest: dict) -> TaskIndex:
    """open_index, its manifest read."""
    from hrcli.index.build import SEGMENT_ARRAYS, STATS_ARRAYS

    stats, _ = store.read_arrays(folder / manifest["stats"], [
        f"{name}-{item['id']}" for item in manifest["segments"] for name in STATS_ARRAYS])
    segments, offset = [], 0
    for item in manifest["segments"]:
        arrays, meta = store.read_arrays(folder / item["id"], SEGMENT_ARRAYS)
        segment = Segment(item["id"], arrays, meta["notices"], set(item["dead"]),
                          {name: stats[f"{name}-{item['id']}"] for name in STATS_ARRAYS}, offset)
        _check(segment, len(taxonomy.topics))
        segments.append(segment)
        offset += segment.tasks
    reasons = {slug: entry["reason"] for slug, entry in manifest["known"].items() if entry["reason"]}
    skipped = [f"{slug}: {reasons[slug]}" for slug in sorted(reasons)]
    return TaskIndex(matching, taxonomy, segments, list(manifest["places"]), int(manifest["documents"]), skipped)


def _check(segment: Segment, topics: int) -> None:
    """The arrays fit each other and the notice table (cheap checks; checksums cover the rest)."""
    import numpy as np

    a, s = segment.arrays, segment.stats
    tasks, grams = len(a["task_notice"]), len(a["keys"])
    counts = [row[5] for row in segment.notices]
    ok = (
        a["indptr"].dtype == np.int64 and a["rows"].dtype == np.int32 and len(a["indptr"]) == grams + 1
        and int(a["indptr"][0]) == 0 and int(a["indptr"][-1]) == len(a["rows"]) == len(a["tf"])
        and a["topics"].shape[0] == tasks and (not tasks or a["topics"].shape[1] == topics) and len(a["norm_a"]) == tasks == sum(counts)
        and len(a["record_offsets"]) == tasks + 1 and int(a["record_offsets"][-1]) == len(a["records"])
        and len(a["text_offsets"]) == tasks + 1 and int(a["text_offsets"][-1]) == len(a["texts"])
        and len(s["gdf"]) == grams and len(s["b"]) == len(s["c"]) == tasks
        and a["dense"].shape == (tasks, len(a["dense_columns"])) and a["dense"].dtype == np.uint8
        and (not len(a["dense_columns"]) or (int(a["dense_columns"][0]) >= 0 and int(a["dense_columns"][-1]) < grams))
    )
    if not ok:
        raise store.Damaged(f"segment {segment.id}: its arrays disagree")


def _lookup(keys, wanted):
    import numpy as np

    if not len(keys):
        return np.zeros(len(wanted), np.int64), np.zeros(len(wanted), dtype=bool)
    positions = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return positions, np.asarray(keys[positions]) == wanted


# ---------------------------------------------------------------------------------------------
# Searching and ranking


def search_tasks(index: TaskIndex, query: str, limit: int = 10, terms: bool = True) -> list[Hit]:
    """The `limit` tasks of the corpus closest to the query, best first (ties: region, then task order).

    The query is read like a task's text (synonyms folded, boilerplate and place names blanked); tasks
    that share nothing with it are not returned.
    """
    probe = Task(id="query", label="", number=0, section=None, group=None, title=query, text=query, note=None)
    scores = next(_scores(index, [probe]))
    scores[~index.live()] = -1.0
    hits = [_hit(index, row, float(scores[row])) for row in _top(scores, limit, index.order())]
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

    wanted = set(regions) if regions is not None else None
    parts = []
    for segment in index.segments:
        excluded = np.array([local in segment.dead or row[0] == notice.region or bool(notice.sha256 and row[2] == notice.sha256)
                             or (wanted is not None and row[0] not in wanted)
                             for local, row in enumerate(segment.notices)], dtype=bool)
        parts.append(excluded[np.asarray(segment.arrays["task_notice"])] if len(excluded) else np.zeros(0, dtype=bool))
    skip = np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
    order = index.order()
    results = []
    for task, scores in zip(notice.tasks, _scores(index, notice.tasks)):
        scores[skip] = -1.0
        hits = [_hit(index, row, float(scores[row])) for row in _top(scores, limit_per_task, order)]
        if terms:
            _add_terms(index, task, hits)
        results.append((task, hits))
    return results


def _scores(index: TaskIndex, tasks: Sequence[Task]):
    """Scores in [0, 1] of each task against every row of the index: (1 - w) * cosine(tf-idf) + w * cosine(topics).

    Tasks are scored a batch at a time (the dense blocks are read once per batch), as many as fit SCORE_BYTES.
    """
    import numpy as np
    from threadpoolctl import threadpool_limits

    weight = index.settings.topic_weight
    counter = TopicCounter(index.taxonomy.folded(index.normalizer), index.taxonomy.title_weight)
    fold = index.normalizer.fold
    profiles = np.array([unit(counter.weights(fold(task.title), fold(task.text))) for task in tasks], dtype=np.float64)
    profiles = profiles.reshape(len(tasks), len(index.taxonomy.topics))
    norms = [_norms(index, segment) for segment in index.segments]
    vectors = [_vector(index, task.text) for task in tasks]
    at_once = max(1, min(TASKS_AT_ONCE, SCORE_BYTES // (8 * max(1, index.rows))))
    # One BLAS thread: the matrix products are small and come between numpy passes on one core, so a second
    # OpenBLAS thread only spins waiting for work (measured: 1.35 -> 0.85 s of CPU, --against all at 3,000 notices).
    with threadpool_limits(limits=1, user_api="blas"):
        for first in range(0, len(tasks), at_once):
            batch = vectors[first : first + at_once]
            chosen = profiles[first : first + at_once]
            scores = np.zeros((len(batch), index.rows))
            for segment, norm in zip(index.segments, norms):
                if segment.tasks:
                    part = scores[:, segment.offset : segment.offset + segment.tasks]
                    _segment_scores(part, segment, batch)
                    part /= norm
                    _add_topical(part, segment, chosen, weight)
            np.clip(scores, 0.0, 1.0, out=scores)
            yield from scores


def _add_topical(part, segment: Segment, chosen, weight: float) -> None:
    """part = (1 - w) * part + w * cosine(topic profiles), a block of rows at a time."""
    import numpy as np

    for start in range(0, segment.tasks, DENSE_ROWS):
        block = store.read_slice(segment.arrays["topics"], start, start + DENSE_ROWS).astype(np.float64)
        lexical = part[:, start : start + len(block)]
        lexical *= 1 - weight
        lexical += weight * (chosen @ block.T)


def _norms(index: TaskIndex, segment: Segment):
    """The tf-idf norm of each task of a segment (1 where it has none): sqrt(k^2 a - 2 k b + c)."""
    import numpy as np

    scale = 1.0 + math.log(1.0 + index.documents)
    a, b, c = (store.read_slice(array, 0, segment.tasks).astype(np.float64)
               for array in (segment.arrays["norm_a"], segment.stats["b"], segment.stats["c"]))
    norm = np.sqrt(np.maximum(scale * scale * a - 2 * scale * b + c, 0.0))
    norm[norm == 0] = 1.0
    return norm


# At most this many tasks are scored together (the dense block is read once per batch) ...
TASKS_AT_ONCE = 32
# ... and at most as many as make a (tasks, rows) float64 score matrix of this size.
SCORE_BYTES = 32 << 20
# Dense rows converted to weights at once.
DENSE_ROWS = 4096


def _segment_scores(part, segment: Segment, batch) -> None:
    """Add the dot products of a batch of query vectors with the segment's tasks (not yet divided by norms).

    Grams of the dense block go through one matrix product when the batch touches enough of their entries
    to pay for reading the block; the rest through their columns.
    """
    import numpy as np

    dense_columns = np.asarray(segment.arrays["dense_columns"])
    found = []
    for keys, weights in batch:
        positions, hit = _lookup(segment.arrays["keys"], keys)
        found.append((positions[hit], weights[hit]))
    indptr = segment.arrays["indptr"]
    # _lookup, not np.isin: its np.unique imports numpy.ma to test for a masked array (15-20 ms of a warm ranking)
    touched = sum(int((np.asarray(indptr[p + 1]) - np.asarray(indptr[p]))[_lookup(dense_columns, p)[1]].sum()) for p, _ in found)
    use_dense = len(dense_columns) and touched > segment.tasks * len(dense_columns) // 8
    query = np.zeros((len(batch), len(dense_columns))) if use_dense else None
    for k, (positions, weights) in enumerate(found):
        if use_dense:
            slot, inside = _lookup(dense_columns, positions)
            query[k, slot[inside]] = weights[inside]
            positions, weights = positions[~inside], weights[~inside]
        _accumulate(part[k], segment, positions, weights)
    if use_dense:
        weights = np.empty((min(DENSE_ROWS, segment.tasks), len(dense_columns)))
        for start in range(0, segment.tasks, DENSE_ROWS):
            counts = store.read_slice(segment.arrays["dense"], start, start + DENSE_ROWS)
            block = _dense_weights(counts, weights[: len(counts)])
            part[:, start : start + len(block)] += query @ block.T


def _dense_weights(counts, out):
    """out = 1 + log of each count of a block of the dense matrix (0 for 0), looked up two counts at a time.

    A table of every pair of uint8 counts (1 MB, 65,536 x 2 weights) halves the look-ups and the index array
    np.take makes of them: measured 0.030 -> 0.025 s a segment of 88,000 tasks (same numbers: the same table).
    """
    import numpy as np

    rows, width = counts.shape
    if width % 2 or not counts.flags.c_contiguous:
        return np.take(sublinear_table(255), counts, out=out, mode="clip")
    return np.take(sublinear_tables()["pairs"], counts.view(np.uint16), axis=0, out=out.reshape(rows, width // 2, 2), mode="clip").reshape(rows, width)


# Entries of the inverted index gathered at once while scoring (bounds the temporary arrays: ~40 bytes each). The
# float sums of a column group are added to the scores at once: this number is part of the scores' last bits.
ENTRIES_AT_ONCE = 1 << 18
# Entries weighted at a time within a group (their temporaries fit the CPU cache): measured 0.39 -> 0.27 s of CPU for
# the 34 million entries of a ranking at 10,000 notices, the same numbers (elementwise products).
ENTRIES_IN_CACHE = 1 << 15


def _accumulate(part, segment: Segment, positions, weights) -> None:
    """Add each column's weight times the sublinear tf of every task in it, a group of columns at a time."""
    import numpy as np

    if not len(positions):
        return
    indptr = segment.arrays["indptr"]
    starts = np.asarray(indptr[positions])
    lengths = np.asarray(indptr[positions + 1]) - starts
    ends = np.cumsum(lengths)
    # uint16 counts: one table of all, made once (no pass for the largest count, no table a group)
    table = sublinear_tables()["counts"] if segment.arrays["tf"].dtype == np.uint16 else None
    scratch = np.empty(ENTRIES_IN_CACHE)
    first = 0
    while first < len(positions):
        last = max(first + 1, int(np.searchsorted(ends, (ends[first - 1] if first else 0) + ENTRIES_AT_ONCE, side="right")))
        counts = lengths[first:last]
        rows, tf = store.read_ranges([segment.arrays["rows"], segment.arrays["tf"]], starts[first:last], counts)
        contribution = np.repeat(weights[first:last], counts)
        for start in range(0, len(tf), ENTRIES_IN_CACHE):  # the look-up's index array and weights stay in the cache
            piece = contribution[start : start + ENTRIES_IN_CACHE]
            counted = tf[start : start + ENTRIES_IN_CACHE]
            piece *= np.take(table, counted, mode="clip", out=scratch[: len(piece)]) if table is not None else sublinear_counts(counted)
        part += np.bincount(rows, weights=contribution, minlength=len(part))
        first = last


def _vector(index: TaskIndex, text: str):
    """The query's grams as (keys, weight times idf), its unit tf-idf over grams the corpus lacks too."""
    import numpy as np

    grams = ngrams(index.blanker.matchable(text), index.settings.ngram_sizes)
    if not grams:
        return np.zeros(0, np.int64), np.zeros(0)
    keys = np.array([gram_key(gram) for gram in grams], dtype=np.int64)
    idf = np.log((1.0 + index.documents) / (1.0 + index.frequencies(keys))) + 1.0
    weights = (1.0 + np.log(np.array(list(grams.values()), dtype=np.float64))) * idf
    weights /= math.sqrt(float(weights @ weights)) or 1.0
    order = np.argsort(keys)
    return keys[order], (weights * idf)[order]


def _top(scores, limit: int, order) -> list[int]:
    """Rows of the `limit` best positive scores, best first; ties by region, then task order.

    Scores are compared as shown (6 decimals): two copies of one task are a tie whichever update of the
    index computed their norms (sums in another order differ in the last bits).
    """
    import numpy as np

    rows = np.arange(len(scores))
    if 0 < limit < len(scores):
        # Rounding keeps the order of scores: the limit-th best rounded is the limit-th best rounded, and a row that
        # rounds to it or above is at most a rounding step below it. Only those are rounded and sorted.
        kth = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        rows = np.flatnonzero(scores >= kth - ROUNDING_MARGIN)
    scores = np.round(scores[rows], 6)
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > limit:
        floor = np.partition(scores[candidates], len(candidates) - limit)[len(candidates) - limit]
        candidates = candidates[scores[candidates] >= floor]  # every tie of the last place, sorted below
    ranked = np.lexsort((order[rows[candidates]], -scores[candidates]))
    return [int(row) for row in rows[candidates[ranked][:limit]]]


# More than half a unit of the 6th decimal (a score rounds at most this far), with room for the rounding's own error.
ROUNDING_MARGIN = 2e-6


def _hit(index: TaskIndex, row: int, score: float) -> Hit:
    record = index.record(row)
    return Hit(round(score, 6), index.region_of(row), record["id"], record["number"], record["label"], record["title"],
               record["lead"], text=record["text"])


def _add_terms(index: TaskIndex, task: Task, hits: list[Hit]) -> None:
    """The key terms each hit shares with the task (as compare's `why`)."""
    if hits:
        for hit, terms in zip(hits, terms_matcher(index).shared_terms_with(task, [hit.text for hit in hits])):
            hit.why = terms


def terms_matcher(index: TaskIndex) -> Matcher:
    """An align.Matcher with the index's idf and places (for shared terms)."""
    if index._terms is None:
        index._terms = _matcher(index.settings, index.taxonomy, index.documents, _Frequencies(index), index.places)
    return index._terms


def _matcher(matching: Matching, taxonomy: Taxonomy, documents: int, frequencies, places: list[str]) -> Matcher:
    """Matcher.from_frequencies, blanking its thousands of place names with the fast PlaceBlanker (the same text)."""
    from hrcli.align.matcher import Matcher

    class BlankingMatcher(Matcher):
        def matchable(self, task: Task) -> str:
            return blanker.matchable(task.text)

        def _task_grams(self, task: Task) -> Counter:
            return ngrams(self.matchable(task), self.settings.ngram_sizes)

    matcher = BlankingMatcher.from_frequencies(matching, taxonomy, documents, frequencies, places)
    blanker = PlaceBlanker(matcher.normalizer, places)
    return matcher


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
    from hrcli.index.build import feature_settings

    if feature_settings(matching, taxonomy) != feature_settings(index.settings, index.taxonomy):
        return None
    indexed = {entry.sha256 for entry in index.notices}
    extra = list({notice.sha256 or notice.region: notice for notice in notices if notice.sha256 not in indexed}.values())
    places = place_names(*(entry.place for entry in index.notices), *(notice.place for notice in extra))
    frequencies = _Frequencies(index)
    documents = index.documents + sum(len(notice.tasks) for notice in extra)
    matcher = _matcher(matching, taxonomy, documents, frequencies, places)
    for notice in extra:
        for task in notice.tasks:
            frequencies.extra.update(matcher._task_grams(task).keys())
    frequencies.prime(gram for notice in notices for task in notice.tasks for gram in matcher._task_grams(task))
    return matcher
