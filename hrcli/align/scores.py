"""The scores of every task of one notice against every task of another, a block of rows at a time.

score = clip((1 - topic_weight) * cos(tf-idf) + topic_weight * cos(topic profiles), 0, 1), rounded to 6 decimals
exactly as Python's round. The tf-idf vectors are sparse rows (features.sparse_tfidf); the n-grams that many
tasks of both notices hold are multiplied as one dense matrix product, the rest through the other notice's
postings (an inverted index), so memory is the vectors plus one block of rows, never an n × m matrix or an
n × vocabulary one. Two notices of 10,000 tasks: README "The corpus index at scale".
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from hrcli.align.features import SparseRows

# Scores per block (rows × the other notice's tasks): 16 MB of float64 and a few temporaries of that size.
BLOCK_CELLS = 1 << 21
# Products of the postings expanded at once (the sparse part's temporaries: about 40 bytes each).
EXPAND = 1 << 21
# A gram joins the dense product when the pairs of tasks holding it are more than this share of all pairs
# (a dense column costs every pair a multiply-add in BLAS, a sparse one some 500 times that per pair holding it).
DENSE_SHARE = 1 / 500
DENSE_COLUMNS = 1024


def round6(values: np.ndarray) -> np.ndarray:
    """Python's round(x, 6) of every value: rint(x * 1e6) / 1e6, and round() itself where x * 1e6 is near a half."""
    scaled = values * 1e6
    rounded = np.rint(scaled) / 1e6
    near = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    if near.any():
        rounded[near] = [round(x, 6) for x in values[near].tolist()]
    return rounded


class PairScorer:
    """Scores of the left rows against the right rows, a block of left rows at a time."""

    def __init__(self, left: SparseRows, right: SparseRows, left_topics: np.ndarray, right_topics: np.ndarray,
                 topic_weight: float):
        self.left, self.right = left, right
        self.left_topics, self.right_topics = left_topics, right_topics
        self.weight = topic_weight
        width, n, m = left.width, len(left), len(right)
        holding = np.bincount(left.columns, minlength=width) * np.bincount(right.columns, minlength=width).astype(float)
        ranked = np.argsort(-holding, kind="stable")[:DENSE_COLUMNS]
        dense = ranked[holding[ranked] > DENSE_SHARE * n * m]
        self.slot = np.full(width, -1, dtype=np.int64)  # a gram's column in the dense product, -1 when sparse
        self.slot[dense] = np.arange(len(dense))
        right_rows = np.repeat(np.arange(m), np.diff(right.indptr))
        slots = self.slot[right.columns]
        self.right_dense = np.zeros((m, len(dense)))
        self.right_dense[right_rows[slots >= 0], slots[slots >= 0]] = right.values[slots >= 0]
        sparse = np.flatnonzero(slots < 0)
        order = sparse[np.argsort(right.columns[sparse], kind="stable")]
        self.posting_rows, self.posting_values = right_rows[order], right.values[order]
        self.posting_start = np.searchsorted(right.columns[order], np.arange(width + 1))

    def blocks(self, rows: int | None = None) -> Iterator[tuple[int, np.ndarray]]:
        """(first row, scores of `rows` left rows against every right row) for each block, in row order."""
        n, m = len(self.left), len(self.right)
        step = rows or max(1, BLOCK_CELLS // max(m, 1))
        for start in range(0, n, step):
            yield start, self.block(start, min(n, start + step))

    def block(self, start: int, stop: int) -> np.ndarray:
        """The rounded scores of left rows start:stop against every right row."""
        first, last = self.left.indptr[start], self.left.indptr[stop]
        rows = np.repeat(np.arange(stop - start), np.diff(self.left.indptr[start : stop + 1]))
        columns, values = self.left.columns[first:last], self.left.values[first:last]
        slots = self.slot[columns]
        left_dense = np.zeros((stop - start, self.right_dense.shape[1]))
        left_dense[rows[slots >= 0], slots[slots >= 0]] = values[slots >= 0]
        lexical = left_dense @ self.right_dense.T
        sparse = slots < 0
        self._add_sparse(lexical, rows[sparse], columns[sparse], values[sparse])
        topical = self.left_topics[start:stop] @ self.right_topics.T
        return round6(np.clip((1 - self.weight) * lexical + self.weight * topical, 0.0, 1.0))

    def _add_sparse(self, out: np.ndarray, rows: np.ndarray, columns: np.ndarray, values: np.ndarray) -> None:
        """Add the products of the left entries (rows, columns, values) with the right postings of their columns."""
        starts = self.posting_start[columns]
        reps = self.posting_start[columns + 1] - starts
        ends = np.cumsum(reps)
        cells = rows * out.shape[1]  # where each entry's row begins in the flattened block
        first = 0
        while first < len(reps):
            # Entries up to EXPAND products at a time (at least one entry).
            last = max(first + 1, int(np.searchsorted(ends, (ends[first - 1] if first else 0) + EXPAND, side="right")))
            count = reps[first:last]
            total = int(ends[last - 1] - (ends[first - 1] if first else 0))
            if total:
                # Postings of entry e are starts[e] + 0, 1, …: one arange shifted by each entry's offset.
                where = np.arange(total, dtype=np.int64)
                where += np.repeat(starts[first:last] - (ends[first:last] - count - (ends[first - 1] if first else 0)), count)
                flat = np.repeat(cells[first:last], count)
                flat += self.posting_rows[where]
                products = np.repeat(values[first:last], count)
                products *= self.posting_values[where]
                out += np.bincount(flat, weights=products, minlength=out.size).reshape(out.shape)
            first = last
