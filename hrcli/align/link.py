"""Scores -> links between two notices, and links of several notices -> rows that say nothing false."""

from __future__ import annotations

from collections.abc import Callable

Node = tuple[int, int]  # (region index, task index)


def pair_links(scores: list[list[float]], threshold: float, relative: float, partner_ratio: float,
               max_partners: int, allowed: Callable[[int, int], bool] | None = None) -> list[tuple[int, int, float]]:
    """(i, j, score) for the pairs two tasks' scores justify linking.

    A pair is linked when its score reaches `threshold`, it is (`relative` of) the best of one of the two tasks, and
    it reaches `partner_ratio` of the other task's best (so a task whose own best lies elsewhere accepts a
    second partner only when that one is nearly as good: a split topic, not a neighbouring area). Each task
    keeps at most `max_partners` partners, the strongest. `allowed(i, j)` is a veto (the two tasks share no
    reform area): a vetoed pair is neither linked nor counted as a task's best.
    """
    if not scores or not scores[0]:
        return []
    import numpy as np

    mask = None
    if allowed is not None:
        mask = np.array([[allowed(i, j) for j in range(len(line))] for i, line in enumerate(scores)], dtype=bool)
    stream = LinkStream(len(scores), len(scores[0]), threshold, relative, partner_ratio, max_partners)
    stream.add(0, np.array(scores, dtype=float), mask)
    return stream.links()


class LinkStream:
    """pair_links, and each task's closest candidate, from blocks of whole rows of a score matrix (in row order).

    Kept per task: its best allowed score (the rules' row and column bests) and its closest candidate with or without
    the veto (`nearest`); of the pairs, only those that can still pass the rules: a pair needs `partner_ratio` of
    its row's best (known once its block is seen) and of its column's best, which only grows, so a pair under that
    share of the column's best so far is dropped. Memory: the tasks' figures and the surviving pairs, not n x m.
    """

    SPARE = 1024  # pairs kept beyond 4 per task before those the grown column bests rule out are dropped

    def __init__(self, rows: int, columns: int, threshold: float, relative: float, partner_ratio: float,
                 max_partners: int):
        import numpy as np

        self.threshold, self.relative, self.partner_ratio, self.max_partners = threshold, relative, partner_ratio, max_partners
        self.row_best, self.column_best = np.zeros(rows), np.zeros(columns)  # best allowed score of each task
        self.row_near, self.row_top = np.zeros(rows, dtype=np.int64), np.full(rows, -1.0)  # closest candidate, its score
        self.column_near, self.column_top = np.zeros(columns, dtype=np.int64), np.full(columns, -1.0)
        self._pairs: list = []  # (i, j, score) arrays of the pairs that may still link
        self._kept, self._limit = 0, 4 * (rows + columns) + self.SPARE

    def add(self, start: int, scores, allowed=None) -> None:
        """Take the scores of rows start, start + 1, … (every column); `allowed`: the veto's mask of the same shape."""
        import numpy as np

        stop, every = start + len(scores), np.arange(scores.shape[1])
        near = scores.argmax(axis=1)  # the first of equal bests: the lowest index, as sorting by (-score, j) gives
        self.row_near[start:stop], self.row_top[start:stop] = near, scores[np.arange(len(scores)), near]
        near = scores.argmax(axis=0)
        top = scores[near, every]
        better = top > self.column_top  # an earlier block's row wins a tie
        self.column_near[better], self.column_top[better] = near[better] + start, top[better]
        allowed_scores = scores if allowed is None else np.where(allowed, scores, 0.0)
        row_best = allowed_scores.max(axis=1)
        self.row_best[start:stop] = row_best
        np.maximum(self.column_best, allowed_scores.max(axis=0), out=self.column_best)
        i, j = np.nonzero((allowed_scores >= self.threshold) & (allowed_scores > 0))
        score = allowed_scores[i, j]
        keep = score / row_best[i] >= self.partner_ratio
        i, j, score = i[keep] + start, j[keep], score[keep]
        keep = self._may_link(i, j, score)
        self._pairs.append((i[keep], j[keep], score[keep]))
        self._kept += int(keep.sum())
        if self._kept > self._limit:  # the column bests grew: drop the pairs they now rule out
            self._pairs = [self._candidates()]
            self._kept = len(self._pairs[0][0])
            self._limit = max(self._limit, 2 * self._kept)

    def _may_link(self, i, j, score):
        """The pairs that can still pass: the final column best is at least the best so far."""
        row_share, column_share = score / self.row_best[i], score / self.column_best[j]
        return (column_share >= self.partner_ratio) & ((row_share >= self.relative) | (column_share >= self.relative))

    def _candidates(self):
        """The pairs kept so far that can still link, as three arrays (i, j, score)."""
        import numpy as np

        i, j, score = (np.concatenate(part) for part in zip(*self._pairs)) if self._pairs else (np.zeros(0, np.int64),) * 3
        keep = self._may_link(i, j, score)
        return i[keep], j[keep], score[keep]

    def links(self) -> list[tuple[int, int, float]]:
        """pair_links of the whole matrix (call after the last block)."""
        import numpy as np

        i, j, score = self._candidates()
        row_share, column_share = score / self.row_best[i], score / self.column_best[j]
        keep = (np.maximum(row_share, column_share) >= self.relative) & (np.minimum(row_share, column_share) >= self.partner_ratio)
        return _cap(list(zip(i[keep].tolist(), j[keep].tolist(), score[keep].tolist())), self.max_partners)

    def nearest(self, side: int, k: int) -> tuple[int, float] | None:
        """The closest candidate (index, score) of left task k (side 0) or right task k (side 1), veto or not."""
        near, top = (self.row_near, self.row_top) if side == 0 else (self.column_near, self.column_top)
        return (int(near[k]), float(top[k])) if top[k] >= 0 else None


def _cap(links: list[tuple[int, int, float]], limit: int) -> list[tuple[int, int, float]]:
    """Keep each task's `limit` strongest links (ties: notice order)."""
    counts: dict[tuple[int, int], int] = {}
    kept = []
    for i, j, score in sorted(links, key=lambda link: (-link[2], link[0], link[1])):
        if counts.get((0, i), 0) < limit and counts.get((1, j), 0) < limit:
            counts[(0, i)] = counts.get((0, i), 0) + 1
            counts[(1, j)] = counts.get((1, j), 0) + 1
            kept.append((i, j, score))
    return sorted(kept)


def cover_rows(links: dict[frozenset, float], limit: int) -> list[list[Node]]:
    """Rows in which every two tasks of different regions are linked: a clique cover of the link graph.

    Strongest uncovered link first; a row takes every task linked to all of the row's tasks of other regions
    (at most `limit` per region). A task may sit in several rows (one per partner group); rows never chain
    A1-B2-C3-A4 into one, so every pair a reader takes from a row is a link.
    """
    neighbours: dict[Node, set[Node]] = {}
    for pair in links:
        a, b = sorted(pair)
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    covered: set[frozenset] = set()
    rows = []
    for pair in sorted(links, key=lambda p: (-links[p], sorted(p))):
        if pair in covered:
            continue
        row = sorted(pair)
        candidates = sorted(set().union(*(neighbours[node] for node in row)) - set(row),
                            key=lambda node: (-sum(links.get(frozenset((node, m)), 0.0) for m in row), node))
        for node in candidates:
            others = [frozenset((node, m)) for m in row if m[0] != node[0]]
            same = sum(1 for m in row if m[0] == node[0])
            # Join only where every pair it makes is a link, and it adds one not yet shown elsewhere.
            if same < limit and all(p in links for p in others) and any(p not in covered for p in others):
                row.append(node)
        row.sort()
        covered.update(frozenset((a, b)) for a in row for b in row if a[0] != b[0])
        rows.append(row)
    return rows
