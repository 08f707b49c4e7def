"""The links of two long notices without their dense score matrix: blocks of rows, scores kept only where they link.

Matcher.score_matrix holds every pair's score (two notices of 100,000 tasks: 10^10 floats). For large
pairs, `pair_links` computes the same scores a block of left tasks at a time: the n-grams that many tasks
of both sides share as a dense matrix product, the rest by pairing the tasks of each gram (an inverted
index), keeping per block only the pairs at or above the threshold, and the best score of every row and
column. The links are those of link_tasks(score_matrix(...)); for small pairs that is what runs.
"""

from __future__ import annotations

from collections.abc import Sequence

from hrcli.align.matcher import Matcher, link_tasks
from hrcli.schema import Task

# From this many pairs of tasks on, the blocked computation (below it the dense matrix is small).
BLOCKED_FROM = 4_000_000
BLOCK_ROWS = 256
# A gram goes to the dense product when the share of pairs holding it on both sides exceeds this
# (a dense column costs about a hundredth of a paired entry; measured on 2 cores).
DENSE_SHARE = 0.01
# Pairs of tasks enumerated at once for the sparse part (bounds its memory).
PAIRS_AT_ONCE = 1 << 20


def pair_links(matcher: Matcher, left: Sequence[Task], right: Sequence[Task]) -> list[tuple[int, int, float]]:
    """(i, j, score) of every linked pair, as link_tasks(matcher.score_matrix(left, right), …) gives them."""
    settings = matcher.settings
    if len(left) * len(right) < BLOCKED_FROM:
        return link_tasks(matcher.score_matrix(left, right), settings.threshold, settings.relative_threshold)
    return _blocked_links(matcher, left, right)


def _blocked_links(matcher: Matcher, left: Sequence[Task], right: Sequence[Task]) -> list[tuple[int, int, float]]:
    import numpy as np

    settings = matcher.settings
    vocabulary: dict[str, int] = {}
    columns, values = [], []
    for task in (*left, *right):  # each vector as two small arrays: 20,000 dicts of floats would not fit
        vector = matcher.tfidf(task)
        columns.append(np.array([vocabulary.setdefault(gram, len(vocabulary)) for gram in vector], dtype=np.int64))
        values.append(np.fromiter(vector.values(), dtype=np.float64, count=len(vector)))
    n_left, n_right, grams = len(left), len(right), len(vocabulary)
    df_left = np.bincount(np.concatenate(columns[:n_left]), minlength=grams)
    df_right = np.bincount(np.concatenate(columns[n_left:]), minlength=grams)
    dense = np.flatnonzero(df_left * df_right > DENSE_SHARE * n_left * n_right)
    dense_of = np.full(grams, -1)
    dense_of[dense] = np.arange(len(dense))
    right_dense = _dense_rows(columns[n_left:], values[n_left:], dense_of, len(dense))
    right_index = _inverted(columns[n_left:], values[n_left:], dense_of, grams)
    topics = np.array([matcher.topic_profile(task) for task in (*left, *right)], dtype=np.float64).reshape(n_left + n_right, -1)
    weight = settings.topic_weight
    row_best = np.zeros(n_left)
    column_best = np.zeros(n_right)
    found: list[tuple] = []
    for start in range(0, n_left, BLOCK_ROWS):
        end = min(start + BLOCK_ROWS, n_left)
        lexical = _dense_rows(columns[start:end], values[start:end], dense_of, len(dense)) @ right_dense.T
        lexical += _sparse_part(columns[start:end], values[start:end], dense_of, right_index, n_right)
        scores = np.clip((1 - weight) * lexical + weight * (topics[start:end] @ topics[n_left:].T), 0.0, 1.0)
        scores = np.round(scores, 6)
        row_best[start:end] = scores.max(axis=1)
        np.maximum(column_best, scores.max(axis=0), out=column_best)
        i, j = np.nonzero(scores >= settings.threshold)
        found.append((i + start, j, scores[i, j]))
    i, j, score = (np.concatenate(parts) for parts in zip(*found))
    relative = settings.relative_threshold
    keep = (score >= relative * row_best[i]) | (score >= relative * column_best[j])
    return [(int(a), int(b), float(c)) for a, b, c in zip(i[keep], j[keep], score[keep])]


def _dense_rows(columns, values, dense_of, width):
    """The tasks' weights of the dense grams, as a (tasks, width) matrix."""
    import numpy as np

    matrix = np.zeros((len(columns), width))
    for row, (cols, vals) in enumerate(zip(columns, values)):
        where = dense_of[cols]
        chosen = where >= 0
        matrix[row, where[chosen]] = vals[chosen]
    return matrix


def _inverted(columns, values, dense_of, grams):
    """The right tasks by gram, for grams not in the dense part: (indptr, rows, values)."""
    import numpy as np

    cols = np.concatenate(columns) if columns else np.zeros(0, np.int64)
    vals = np.concatenate(values) if values else np.zeros(0)
    rows = np.repeat(np.arange(len(columns)), [len(c) for c in columns])
    sparse = dense_of[cols] < 0
    cols, vals, rows = cols[sparse], vals[sparse], rows[sparse]
    order = np.argsort(cols, kind="stable")
    indptr = np.zeros(grams + 1, dtype=np.int64)
    np.cumsum(np.bincount(cols, minlength=grams), out=indptr[1:])
    return indptr, rows[order], vals[order]


def _sparse_part(columns, values, dense_of, right_index, n_right):
    """The lexical scores of a block from the grams outside the dense part: each left entry meets its gram's right tasks."""
    import numpy as np

    indptr, rows, vals = right_index
    block = np.zeros(len(columns) * n_right)
    left_rows = np.repeat(np.arange(len(columns)), [len(c) for c in columns])
    cols, weights = np.concatenate(columns), np.concatenate(values)
    sparse = dense_of[cols] < 0
    left_rows, cols, weights = left_rows[sparse], cols[sparse], weights[sparse]
    lengths = indptr[cols + 1] - indptr[cols]
    ends = np.cumsum(lengths)
    first = 0
    while first < len(cols):
        last = int(np.searchsorted(ends, (ends[first - 1] if first else 0) + PAIRS_AT_ONCE, side="right"))
        last = max(last, first + 1)
        part = slice(first, last)
        counts = lengths[part]
        starts = indptr[cols[part]]
        picks = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
        flat = np.repeat(left_rows[part], counts) * n_right + rows[picks]
        block += np.bincount(flat, weights=np.repeat(weights[part], counts) * vals[picks], minlength=len(block))
        first = last
    return block.reshape(len(columns), n_right)
